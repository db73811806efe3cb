/**
 * ServerUtil's settings file (`settings.json` in the data folder, or `--settings-file`): one entry per server URL,
 * `[{RefreshToken, RefreshNonce, HostUrl, ServerDatafolder}]` as Duplicati's ServerUtil writes it. The file holds a
 * login, so it is written owner-only (0600) and replaced atomically.
 * @module
 */
import { dirname } from "node:path";
import { errorMessage, UserInputError } from "../core/errors.ts";
import { ensureDataFolder } from "../data_folder/data_folder.ts";
import { decryptToken, encryptToken, isEncryptedToken } from "./token_cipher.ts";

/** One entry of the file, with Duplicati's property names. */
export interface StoredLogin {
  readonly RefreshToken: string | null;
  readonly RefreshNonce: string | null;
  /** The server URL as given, normalized with a trailing slash ("http://127.0.0.1:8200/"). */
  readonly HostUrl: string;
  readonly ServerDatafolder: string | null;
}

/** A stored refresh token, decrypted. */
export interface RefreshLogin {
  readonly refreshToken: string;
  readonly refreshNonce: string | undefined;
}

/** The normalized form of a server URL used as the file's key. */
export function normalizeHostUrl(url: string): string {
  return new URL(url).href;
}

function sameHost(a: string, b: string): boolean {
  try {
    return normalizeHostUrl(a) === normalizeHostUrl(b);
  } catch {
    return false;
  }
}

/** The entries of the file; none when it does not exist. Throws UserInputError when it is not a JSON array. */
function readSettingsFile(path: string): StoredLogin[] {
  let text: string;
  try {
    text = Deno.readTextFileSync(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return [];
    throw new UserInputError(`Cannot read settings file "${path}": ${errorMessage(error)}`, { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = text.trim() === "" ? [] : JSON.parse(text);
  } catch (error) {
    throw new UserInputError(`Cannot read settings file "${path}": ${errorMessage(error)}`, { cause: error });
  }
  if (!Array.isArray(parsed)) throw new UserInputError(`Cannot read settings file "${path}": not a JSON array`);
  return parsed.filter((row): row is StoredLogin => typeof row === "object" && row !== null && "HostUrl" in row)
    .map((row) => ({
      RefreshToken: typeof row.RefreshToken === "string" ? row.RefreshToken : null,
      RefreshNonce: typeof row.RefreshNonce === "string" ? row.RefreshNonce : null,
      HostUrl: String(row.HostUrl),
      ServerDatafolder: typeof row.ServerDatafolder === "string" ? row.ServerDatafolder : null,
    }));
}

/**
 * The stored refresh token for `hostUrl`, decrypted with `key` when it was stored encrypted. Undefined when there is
 * none, or when it is encrypted and `key` is missing or wrong (`onProblem` hears why).
 */
export async function findLogin(
  path: string,
  env: { hostUrl: string; key: string | undefined; onProblem?: (message: string) => void },
): Promise<RefreshLogin | undefined> {
  const entry = readSettingsFile(path).find((row) => sameHost(row.HostUrl, env.hostUrl));
  if (!entry?.RefreshToken) return undefined;
  let token: string | undefined = entry.RefreshToken;
  if (isEncryptedToken(token)) {
    token = env.key === undefined ? undefined : await decryptToken(token, env.key);
    if (token === undefined) {
      env.onProblem?.(
        env.key === undefined
          ? "The stored login token is encrypted; give --settings-encryption-key to use it"
          : "Cannot decrypt the stored login token with the given settings encryption key",
      );
      return undefined;
    }
  }
  return { refreshToken: token, refreshNonce: entry.RefreshNonce ?? undefined };
}

/** Stores (or replaces) the refresh token for `hostUrl`; encrypts it when `key` is given. */
export async function saveLogin(
  path: string,
  login: { hostUrl: string; refreshToken: string; refreshNonce: string | undefined; dataFolder: string; key?: string },
): Promise<void> {
  const token = login.key === undefined ? login.refreshToken : await encryptToken(login.refreshToken, login.key);
  const rows = readSettingsFile(path).filter((row) => !sameHost(row.HostUrl, login.hostUrl));
  rows.push({
    RefreshToken: token,
    RefreshNonce: login.refreshNonce ?? null,
    HostUrl: normalizeHostUrl(login.hostUrl),
    ServerDatafolder: login.dataFolder,
  });
  writeSettingsFile(path, rows);
}

/** Removes the entry for `hostUrl`; true when there was one. */
export function removeLogin(path: string, hostUrl: string): boolean {
  const rows = readSettingsFile(path);
  const kept = rows.filter((row) => !sameHost(row.HostUrl, hostUrl));
  if (kept.length === rows.length) return false;
  writeSettingsFile(path, kept);
  return true;
}

/** Writes the file owner-only through a temporary file and a rename, creating its folder (0700) if needed. */
function writeSettingsFile(path: string, rows: readonly StoredLogin[]): void {
  const temp = `${path}.${crypto.randomUUID().slice(0, 8)}.tmp`;
  try {
    ensureDataFolder(dirname(path));
    Deno.writeTextFileSync(temp, JSON.stringify(rows, null, 2) + "\n", { mode: 0o600 });
    if (Deno.build.os !== "windows") Deno.chmodSync(temp, 0o600);
    Deno.renameSync(temp, path);
  } catch (error) {
    try {
      Deno.removeSync(temp);
    } catch {
      // nothing to clean up
    }
    if (error instanceof UserInputError) throw error;
    throw new UserInputError(`Cannot write settings file "${path}": ${errorMessage(error)}`, { cause: error });
  }
}
