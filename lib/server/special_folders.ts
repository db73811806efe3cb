/**
 * Duplicati's special-folder tokens (`%HOME%`, `%MY_DOCUMENTS%`, ...): the folders of the current user the source
 * picker offers, and the expansion of a token at the start of a path into the folder it stands for. Sources are
 * stored expanded; only the folder browser keeps the token in what it shows.
 * @module
 */
import { homedir } from "node:os";
import { posix, win32 } from "node:path";
import { UserInputError } from "../core/errors.ts";

/** A special folder such as `%HOME%` and the existing folder it stands for. */
export interface SpecialFolder {
  /** The token, upper case with the percent signs: `%HOME%`. */
  readonly id: string;
  readonly text: string;
  /** The absolute path, without a trailing separator (unless it is a root). */
  readonly path: string;
}

/** A path that starts with a special-folder token. */
export interface SpecialFolderMatch {
  /** The token as written in the path, upper-cased. */
  readonly token: string;
  /** The special folder of that token; undefined when the token names none on this machine. */
  readonly folder: SpecialFolder | undefined;
  /** The rest of the path after the token ("/Documents/" of "%HOME%/Documents/"). */
  readonly rest: string;
}

const WINDOWS = Deno.build.os === "windows";
const paths = WINDOWS ? win32 : posix;
const TOKEN = /^%[A-Za-z_][A-Za-z0-9_]*%/;

/** The existing special folders of the current user, Duplicati's tokens first-come (each token once). */
export function specialFolders(): SpecialFolder[] {
  const home = Deno.env.get(WINDOWS ? "USERPROFILE" : "HOME") || homedir();
  const join = (name: string) => paths.join(home, name);
  const candidates: [string, string, string | undefined][] = WINDOWS
    ? [
      ["%MY_DOCUMENTS%", "My Documents", join("Documents")],
      ["%MY_MUSIC%", "My Music", join("Music")],
      ["%MY_PICTURES%", "My Pictures", join("Pictures")],
      ["%MY_VIDEOS%", "My Videos", join("Videos")],
      ["%DESKTOP%", "Desktop", join("Desktop")],
      ["%APPDATA%", "Application Data", Deno.env.get("APPDATA")],
      ["%HOME%", "Home", home],
      ["%MY_DOWNLOADS%", "Downloads", join("Downloads")],
    ]
    : [
      ["%MY_DOCUMENTS%", "Documents", join("Documents")],
      ["%MY_MUSIC%", "Music", join("Music")],
      ["%MY_PICTURES%", "Pictures", join("Pictures")],
      ["%DESKTOP%", "Desktop", join("Desktop")],
      ["%HOME%", "Home", home],
      ["%MY_MOVIES%", "Movies", join("Movies")],
      ["%MY_DOWNLOADS%", "Downloads", join("Downloads")],
      ["%MY_PUBLIC%", "Public", join("Public")],
    ];
  const found: SpecialFolder[] = [];
  for (const [id, text, path] of candidates) {
    if (path === undefined || path === "" || !paths.isAbsolute(path) || found.some((f) => f.id === id)) continue;
    if (isDirectorySync(path)) found.push({ id, text, path });
  }
  return found;
}

/**
 * The special-folder token at the start of `path` (case-insensitive, as Duplicati's) and its folder; undefined when
 * the path does not start with a `%NAME%` token. `folders` defaults to {@link specialFolders}.
 */
export function matchSpecialFolder(
  path: string,
  folders?: readonly SpecialFolder[],
): SpecialFolderMatch | undefined {
  const token = TOKEN.exec(path)?.[0].toUpperCase();
  if (token === undefined) return undefined;
  const folder = (folders ?? specialFolders()).find((f) => f.id === token);
  return { token, folder, rest: path.slice(token.length) };
}

/**
 * `path` with a leading special-folder token replaced by the folder's path (`%HOME%/Documents/` ->
 * `/home/me/Documents/`); paths without a token are returned unchanged. Throws UserInputError when the token names
 * no special folder on this machine.
 */
export function expandSpecialFolder(path: string, folders?: readonly SpecialFolder[]): string {
  const match = matchSpecialFolder(path, folders);
  if (match === undefined) return path;
  if (match.folder === undefined) {
    throw new UserInputError(
      `Cannot expand "${path}": the special folder "${match.token}" does not exist on this machine`,
    );
  }
  const base = match.folder.path;
  const separatorTwice = /[\\/]$/.test(base) && /^[\\/]/.test(match.rest);
  return base + (separatorTwice ? match.rest.slice(1) : match.rest);
}

function isDirectorySync(path: string): boolean {
  try {
    return Deno.statSync(path).isDirectory;
  } catch {
    return false;
  }
}
