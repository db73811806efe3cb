/**
 * Which local database belongs to a storage URL when `--dbpath` is not given (Duplicati's CLIDatabaseLocator):
 * the key is (scheme, host, path, port, user name, prefix, sync flag) and the map lives in `dbconfig.json` in the
 * data folder. Passwords are never part of the key.
 * @module
 */
import { isAbsolute, join } from "node:path";
import { UserInputError } from "../core/errors.ts";
import { redactTargetUrl, type TargetUrl } from "../backends/target_url.ts";
import { type DbConfigEntry, readDbConfig, writeDbConfig } from "./dbconfig_file.ts";
import { ensureDataFolder } from "./data_folder.ts";

/** The key of a lookup. */
export interface DbLookup {
  readonly url: TargetUrl;
  /** `--prefix` (Duplicati's default is "duplicati"). */
  readonly prefix: string;
  /** `--auth-username` or a backend option aliased to it; the URL's own user name wins over this. */
  readonly username?: string;
  /** True for the databases of sync operations. */
  readonly isSyncDb?: boolean;
}

/** How {@link findDatabase} behaves when nothing matches. */
export interface FindDatabaseOptions {
  /** Add a new entry (and write dbconfig.json) when nothing matches. Default false. */
  readonly create?: boolean;
  /**
   * When nothing matches and no user name is known, try again ignoring the user name and the sync flag (Duplicati's
   * read-only commands do this). Default: true when `create` is false.
   */
  readonly anyUsername?: boolean;
  /** `--backup-name` when the user set it: the new database is `<name>.sqlite`, with invalid characters removed. */
  readonly backupName?: string;
  /** Generates the 10-letter name of a new database; tests pass a fixed one. */
  readonly random?: () => string;
}

// deno-lint-ignore no-control-regex
const INVALID_NAME_CHARS = /[<>:"/\\|?*\u0000-\u001f]/g;
const MAX_NAME_TRIES = 100;

/**
 * The local database path for `lookup`, or undefined when none is recorded and `create` is false.
 * Throws `UserInputError` when several entries match.
 */
export function findDatabase(
  dataFolder: string,
  lookup: DbLookup,
  options: FindDatabaseOptions = {},
): string | undefined {
  const entries = readDbConfig(dataFolder);
  const key = entryKey(lookup);
  const shown = JSON.stringify(redactTargetUrl(lookup.url));
  let matches = entries.filter((entry) => sameKey(entry, key, true));
  if (matches.length > 1) {
    throw new UserInputError(`Cannot choose a local database for ${shown}: multiple entries in dbconfig.json match`);
  }
  const anyUsername = options.anyUsername ?? !options.create;
  if (matches.length === 0 && anyUsername && (key.Username === null || key.Username === "")) {
    matches = entries.filter((entry) => sameKey(entry, key, false));
    if (matches.length > 1) {
      throw new UserInputError(
        `Cannot choose a local database for ${shown}: multiple entries in dbconfig.json match, try supplying --auth-username`,
      );
    }
  }
  const found = matches[0];
  if (found !== undefined) {
    return isAbsolute(found.Databasepath) ? found.Databasepath : join(dataFolder, found.Databasepath);
  }
  if (!options.create) return undefined;
  const path = newDatabasePath(dataFolder, entries, options);
  ensureDataFolder(dataFolder);
  writeDbConfig(dataFolder, [...entries, { ...key, Databasepath: path, ParameterFile: null }]);
  return path;
}

type EntryKey = Omit<DbConfigEntry, "Databasepath" | "ParameterFile">;

function entryKey(lookup: DbLookup): EntryKey {
  const url = lookup.url;
  return {
    Type: url.scheme,
    Server: url.host,
    Path: url.path,
    Prefix: lookup.prefix,
    Username: url.username ?? lookup.username ?? null,
    Port: url.port,
    IsSyncDb: lookup.isSyncDb === true,
  };
}

function sameKey(entry: DbConfigEntry, key: EntryKey, strict: boolean): boolean {
  const common = entry.Type === key.Type && entry.Port === key.Port && entry.Server === key.Server &&
    entry.Path === key.Path && entry.Prefix === key.Prefix;
  if (!strict) return common;
  return common && entry.Username === key.Username && (entry.IsSyncDb === true) === key.IsSyncDb;
}

function newDatabasePath(dataFolder: string, entries: readonly DbConfigEntry[], options: FindDatabaseOptions): string {
  const random = options.random ?? randomDatabaseName;
  const taken = (path: string) => entries.some((entry) => entry.Databasepath === path) || pathExists(path);
  const wanted = (options.backupName ?? "").replace(INVALID_NAME_CHARS, "").trim();
  let path = join(dataFolder, `${wanted === "" ? random() : wanted}.sqlite`);
  for (let tries = 0; taken(path) && tries < MAX_NAME_TRIES; tries++) path = join(dataFolder, `${random()}.sqlite`);
  if (taken(path)) {
    throw new UserInputError(
      `Cannot create a local database in ${JSON.stringify(dataFolder)}: no unique name found, use --dbpath`,
    );
  }
  return path;
}

function pathExists(path: string): boolean {
  try {
    Deno.lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Ten random uppercase letters, as Duplicati names new local databases. */
export function randomDatabaseName(): string {
  const letters: string[] = [];
  const bytes = new Uint8Array(32);
  while (letters.length < 10) {
    crypto.getRandomValues(bytes);
    for (const byte of bytes) {
      if (byte < 234 && letters.length < 10) letters.push(String.fromCharCode(65 + (byte % 26)));
    }
  }
  return letters.join("");
}
