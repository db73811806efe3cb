/**
 * `create-report`: a copy of the local database that can be attached to a bug report. The copy is made with
 * VACUUM INTO (a consistent snapshot, even of a database in WAL mode), then sanitised: every path is scrambled
 * by {@link obfuscatePath} with a random key that is thrown away, log messages and operation results are deleted,
 * and every configuration row except the known harmless ones (block size, hash algorithms, encryption module,
 * prefix) is removed, which drops the passphrase check value. The copy is vacuumed again with secure_delete on,
 * so nothing removed lingers in free pages.
 * @module
 */
import { randomBytes } from "node:crypto";
import { DatabaseSync } from "node:sqlite";
import { UserInputError } from "../../core/errors.ts";
import {
  CONFIG_BLOCK_HASH,
  CONFIG_BLOCKSIZE,
  CONFIG_ENCRYPTION,
  CONFIG_FILE_HASH,
  CONFIG_PREFIX,
} from "../../database/configuration.ts";
import type { Db } from "../../database/connection.ts";
import { obfuscatePath } from "./obfuscate_path.ts";

/** Configuration keys a report keeps; everything else may hold secrets and is removed. */
export const REPORT_CONFIG_KEYS: readonly string[] = [
  CONFIG_BLOCKSIZE,
  CONFIG_BLOCK_HASH,
  CONFIG_FILE_HASH,
  CONFIG_ENCRYPTION,
  CONFIG_PREFIX,
];

/** What went into the report. */
export interface ReportResult {
  readonly outputPath: string;
  /** Distinct paths scrambled. */
  readonly paths: number;
  readonly size: number;
}

/**
 * Writes the sanitised copy of `db` to `outputPath`, which must not exist yet (UserInputError otherwise). Must not
 * run inside a transaction. A failed run removes its partial output.
 */
export function createReport(db: Db, input: { readonly outputPath: string }): ReportResult {
  const { outputPath } = input;
  if (exists(outputPath)) {
    throw new UserInputError(`Cannot write the report to "${outputPath}": the file already exists`);
  }
  try {
    db.prepare("VACUUM INTO ?").run(outputPath);
    const copy = new DatabaseSync(outputPath);
    let paths: number;
    try {
      paths = sanitise(copy);
    } finally {
      copy.close();
    }
    try {
      Deno.chmodSync(outputPath, 0o600);
    } catch {
      // not supported on this platform
    }
    return { outputPath, paths, size: Deno.statSync(outputPath).size };
  } catch (error) {
    for (const suffix of ["", "-journal", "-wal", "-shm"]) {
      try {
        Deno.removeSync(outputPath + suffix);
      } catch {
        // not there
      }
    }
    throw error;
  }
}

function sanitise(copy: DatabaseSync): number {
  copy.exec("PRAGMA journal_mode=DELETE");
  copy.exec("PRAGMA secure_delete=ON");
  const key = randomBytes(32);
  copy.exec("BEGIN IMMEDIATE");
  let count = 0;
  try {
    const update = copy.prepare("UPDATE file SET path = ? WHERE path = ?");
    const paths = copy.prepare("SELECT DISTINCT path FROM file").all().map((r) => r.path as string);
    for (const path of paths) {
      update.run(obfuscatePath(path, key), path);
      count++;
    }
    copy.exec("DELETE FROM log");
    copy.exec("UPDATE operation SET result = NULL");
    const keep = REPORT_CONFIG_KEYS.map(() => "?").join(", ");
    copy.prepare(`DELETE FROM configuration WHERE key NOT IN (${keep})`).run(...REPORT_CONFIG_KEYS);
    copy.exec("COMMIT");
  } catch (error) {
    if (copy.isTransaction) copy.exec("ROLLBACK");
    throw error;
  }
  copy.exec("VACUUM");
  return count;
}

function exists(path: string): boolean {
  try {
    Deno.lstatSync(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}
