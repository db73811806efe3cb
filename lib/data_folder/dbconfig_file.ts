/**
 * Reading and writing `dbconfig.json`, the CLI's map from storage URL to local database, in Duplicati's exact
 * layout: a JSON array of objects with the fields Type, Server, Path, Prefix, Username, Port, Databasepath,
 * ParameterFile and IsSyncDb in that order, indented by two spaces (Newtonsoft's `Formatting.Indented`), UTF-8 with
 * a byte-order mark (.NET's `File.WriteAllText(…, Encoding.UTF8)` writes one).
 * @module
 */
import { join } from "node:path";
import { fromUtf8, utf8WithBom } from "../core/bytes.ts";
import { UserInputError } from "../core/errors.ts";

/** The file name inside the data folder. */
export const DBCONFIG_FILE_NAME = "dbconfig.json";

/** One entry as Duplicati writes it. Unknown fields of existing entries are kept when the file is rewritten. */
export interface DbConfigEntry {
  readonly Type: string;
  readonly Server: string;
  readonly Path: string;
  readonly Prefix: string;
  readonly Username: string | null;
  readonly Port: number;
  readonly Databasepath: string;
  readonly ParameterFile: string | null;
  /** Missing in files written by older versions; read as false. */
  readonly IsSyncDb?: boolean;
}

/** The entries of `<dataFolder>/dbconfig.json`; an empty list when the file does not exist. */
export function readDbConfig(dataFolder: string): DbConfigEntry[] {
  const path = join(dataFolder, DBCONFIG_FILE_NAME);
  let text: string;
  try {
    text = fromUtf8(Deno.readFileSync(path));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return [];
    throw error;
  }
  const fail = (reason: string): never => {
    throw new UserInputError(`Cannot read ${JSON.stringify(path)}: ${reason}`);
  };
  let parsed: unknown;
  try {
    parsed = text.trim() === "" ? [] : JSON.parse(text);
  } catch (error) {
    return fail(`not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (parsed === null) return [];
  if (!Array.isArray(parsed)) return fail("expected a JSON array");
  return parsed.map((item, index) => checkEntry(item, index, fail));
}

function checkEntry(item: unknown, index: number, fail: (reason: string) => never): DbConfigEntry {
  if (typeof item !== "object" || item === null || Array.isArray(item)) return fail(`entry ${index} is not an object`);
  const record = item as Record<string, unknown>;
  for (const field of ["Type", "Path", "Databasepath"]) {
    if (typeof record[field] !== "string") fail(`entry ${index} has no string field "${field}"`);
  }
  return {
    ...record,
    Type: record.Type as string,
    Server: typeof record.Server === "string" ? record.Server : "",
    Path: record.Path as string,
    Prefix: typeof record.Prefix === "string" ? record.Prefix : "",
    Username: typeof record.Username === "string" ? record.Username : null,
    Port: typeof record.Port === "number" ? record.Port : -1,
    Databasepath: record.Databasepath as string,
    ParameterFile: typeof record.ParameterFile === "string" ? record.ParameterFile : null,
    IsSyncDb: record.IsSyncDb === true,
  };
}

/** The exact bytes Duplicati would write for `entries`. */
export function formatDbConfig(entries: readonly DbConfigEntry[], newline: "\n" | "\r\n" = "\n"): Uint8Array {
  const ordered = entries.map((entry) => {
    const { Type, Server, Path, Prefix, Username, Port, Databasepath, ParameterFile, IsSyncDb, ...rest } = entry;
    return {
      Type,
      Server,
      Path,
      Prefix,
      Username,
      Port,
      Databasepath,
      ParameterFile,
      IsSyncDb: IsSyncDb === true,
      ...rest,
    };
  });
  const text = JSON.stringify(ordered, null, 2);
  return utf8WithBom(newline === "\n" ? text : text.replaceAll("\n", "\r\n"));
}

/**
 * Replaces `<dataFolder>/dbconfig.json` atomically: writes a temporary file (mode 0600), flushes it to disk and
 * renames it over the old file.
 */
export function writeDbConfig(dataFolder: string, entries: readonly DbConfigEntry[]): void {
  const path = join(dataFolder, DBCONFIG_FILE_NAME);
  const temp = `${path}.tmp-${crypto.randomUUID()}`;
  const newline = Deno.build.os === "windows" ? "\r\n" : "\n";
  try {
    const file = Deno.openSync(temp, { write: true, createNew: true, mode: 0o600 });
    try {
      const bytes = formatDbConfig(entries, newline);
      let written = 0;
      while (written < bytes.length) written += file.writeSync(bytes.subarray(written));
      file.syncSync();
    } finally {
      file.close();
    }
    Deno.renameSync(temp, path);
  } catch (error) {
    try {
      Deno.removeSync(temp);
    } catch {
      // already renamed or never created
    }
    throw error;
  }
}
