/**
 * Where the CLI and server keep dbconfig.json, the per-backup local databases and the server database.
 *
 * Order of precedence (the project's chosen order; Duplicati itself reads `DUPLICATI__SERVER_DATAFOLDER` as an
 * equivalent of `--server-datafolder` and does not read `DUPLICATI_DATA_FOLDER` at all):
 * 1. `--server-datafolder`
 * 2. `--portable-mode`, or env `DUPLICATI__PORTABLE_MODE` when the option is absent: `<executableDir>/data`
 * 3. env `DUPLICATI_DATA_FOLDER` (our extension)
 * 4. env `DUPLICATI_HOME` (Duplicati's legacy variable)
 * 5. env `DUPLICATI__SERVER_DATAFOLDER`
 * 6. the OS default, as Duplicati's DataFolderLocator computes it (see {@link defaultDataFolder})
 *
 * Values from options and environment variables have `%NAME%` references expanded and surrounding double quotes
 * trimmed, as Duplicati does; relative results are resolved against `cwd`.
 * @module
 */
import { posix, win32 } from "node:path";
import { errorMessage, UserInputError } from "../core/errors.ts";

/** Everything {@link resolveDataFolder} looks at; tests pass fakes. */
export interface DataFolderInput {
  /** `--server-datafolder` from the command line, when given. */
  readonly serverDataFolder?: string;
  /** `--portable-mode` from the command line, when given (an explicit false beats the environment variable). */
  readonly portableMode?: boolean;
  readonly env: Record<string, string | undefined>;
  readonly os: "linux" | "darwin" | "windows";
  /** The user's home folder; defaults to env HOME (USERPROFILE on Windows). */
  readonly home?: string;
  /** The folder of the running executable (portable mode puts the data folder beside it). */
  readonly executableDir: string;
  /**
   * The file whose presence picks between legacy and current default folders: "dbconfig.json" for the CLI,
   * "Duplicati-server.sqlite" for the server. Without it the current default is used.
   */
  readonly probeFile?: string;
  /** Whether a file exists; defaults to a stat of the real file system. Only called for probeFile checks. */
  readonly exists?: (path: string) => boolean;
  /** Base for relative paths; defaults to the process working directory. */
  readonly cwd?: string;
}

const APP_NAME = "Duplicati";

/** The data folder for this process: an absolute path without a trailing separator. Does not create it. */
export function resolveDataFolder(input: DataFolderInput): string {
  const paths = input.os === "windows" ? win32 : posix;
  const cwd = input.cwd ?? Deno.cwd();
  const fromText = (text: string) => paths.resolve(cwd, expandVariables(text, input));
  if (nonBlank(input.serverDataFolder)) return fromText(input.serverDataFolder);
  const portable = input.portableMode ?? parsePortableFlag(envValue(input, "DUPLICATI__PORTABLE_MODE"));
  if (portable) return paths.resolve(cwd, input.executableDir, "data");
  for (const name of ["DUPLICATI_DATA_FOLDER", "DUPLICATI_HOME", "DUPLICATI__SERVER_DATAFOLDER"]) {
    const value = envValue(input, name);
    if (nonBlank(value)) return fromText(value);
  }
  return paths.resolve(cwd, defaultDataFolder(input));
}

/**
 * The OS default data folder (Duplicati's DataFolderLocator):
 * - Linux: `$XDG_CONFIG_HOME/Duplicati`, else `~/.config/Duplicati`; without any home, `/var/lib/Duplicati` unless
 *   the probe file exists only in the legacy `/Duplicati` (Duplicati builds `var/lib/Duplicati` relative to the
 *   working directory here, which we do not copy).
 * - macOS: `~/Library/Application Support/Duplicati`, or the legacy `~/.config/Duplicati` when the probe file exists
 *   only there.
 * - Windows: of `%APPDATA%\Duplicati`, `%LOCALAPPDATA%\Duplicati` and (when LOCALAPPDATA lies under the Windows
 *   folder) `%ProgramData%\Duplicati`, the last one that holds the probe file, else the last one.
 */
export function defaultDataFolder(input: DataFolderInput): string {
  const exists = input.exists ?? fileExists;
  const probe = input.probeFile;
  const has = (folder: string) =>
    probe !== undefined && exists((input.os === "windows" ? win32 : posix).join(folder, probe));
  const home = nonBlank(input.home) ? input.home : envValue(input, input.os === "windows" ? "USERPROFILE" : "HOME");
  if (input.os === "windows") return windowsDefault(input, home, has);
  if (input.os === "darwin") {
    const base = nonBlank(home) ? home : "/";
    const current = posix.join(base, "Library", "Application Support", APP_NAME);
    const legacy = posix.join(base, ".config", APP_NAME);
    return !has(current) && has(legacy) ? legacy : current;
  }
  const xdg = envValue(input, "XDG_CONFIG_HOME");
  if (nonBlank(xdg) && posix.isAbsolute(xdg)) return posix.join(xdg, APP_NAME);
  if (nonBlank(home)) return posix.join(home, ".config", APP_NAME);
  const current = posix.join("/var/lib", APP_NAME);
  const legacy = posix.join("/", APP_NAME);
  return !has(current) && has(legacy) ? legacy : current;
}

function windowsDefault(input: DataFolderInput, home: string | undefined, has: (folder: string) => boolean): string {
  const profile = nonBlank(home) ? home : "C:\\";
  const roaming = envValue(input, "APPDATA") ?? win32.join(profile, "AppData", "Roaming");
  const local = envValue(input, "LOCALAPPDATA") ?? win32.join(profile, "AppData", "Local");
  const candidates = [win32.join(roaming, APP_NAME), win32.join(local, APP_NAME)];
  const windowsFolder = envValue(input, "WINDIR") ?? envValue(input, "SystemRoot") ?? "C:\\Windows";
  if (isUnder(candidates[1]!, windowsFolder)) {
    candidates.push(win32.join(envValue(input, "ProgramData") ?? "C:\\ProgramData", APP_NAME));
  }
  const newestFirst = [...candidates].reverse();
  return newestFirst.find(has) ?? newestFirst[0]!;
}

function isUnder(path: string, folder: string): boolean {
  const a = win32.normalize(path).toLowerCase();
  const b = win32.normalize(folder).toLowerCase().replace(/\\+$/, "");
  return a === b || a.startsWith(b + "\\");
}

/** Duplicati's lenient boolean: anything but false/0/no/off means true; absent or empty means false. */
function parsePortableFlag(value: string | undefined): boolean {
  if (value === undefined || value.trim() === "") return false;
  return !["false", "0", "no", "off"].includes(value.trim().toLowerCase());
}

/** Environment lookup; case-insensitive on Windows; empty values count as unset. */
function envValue(input: DataFolderInput, name: string): string | undefined {
  let value = input.env[name];
  if (value === undefined && input.os === "windows") {
    const key = Object.keys(input.env).find((k) => k.toUpperCase() === name.toUpperCase());
    value = key === undefined ? undefined : input.env[key];
  }
  return value === "" ? undefined : value;
}

/** Expands `%NAME%` (as .NET's ExpandEnvironmentVariables does on every OS) and trims surrounding double quotes. */
function expandVariables(text: string, input: DataFolderInput): string {
  const expanded = text.replace(/%([^%]+)%/g, (all, name: string) => envValue(input, name) ?? all);
  return expanded.trim().replace(/^"+|"+$/g, "");
}

function nonBlank(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== "";
}

function fileExists(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

/**
 * Creates the data folder and its parents if missing; a folder created here is made owner-only (0700). An existing
 * folder is left alone.
 */
export function ensureDataFolder(path: string): void {
  try {
    if (Deno.statSync(path).isDirectory) return;
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  try {
    Deno.mkdirSync(path, { recursive: true, mode: 0o700 });
    if (Deno.build.os !== "windows") Deno.chmodSync(path, 0o700);
  } catch (error) {
    throw new UserInputError(`Cannot create data folder ${JSON.stringify(path)}: ${errorMessage(error)}`, {
      cause: error,
    });
  }
}
