/**
 * Finds or creates the command's local database (`--dbpath`, else dbconfig.json in the data folder), or a
 * temporary one for commands that can work from the remote alone. A database this command created is removed
 * again (and dbconfig.json restored) when the command fails before finishing, so a wrong passphrase or a bad
 * destination leaves nothing behind.
 * @module
 */
import { join } from "node:path";
import { tmpdir } from "node:os";
import { randomBytes } from "node:crypto";
import type { TargetUrl } from "../backends/target_url.ts";
import { type Db, openDatabase } from "../database/connection.ts";
import { ensureDataFolder } from "../data_folder/data_folder.ts";
import { findDatabase } from "../data_folder/db_locator.ts";
import { DBCONFIG_FILE_NAME } from "../data_folder/dbconfig_file.ts";
import { BACKUP_NAME, DBPATH, PREFIX, TEMPDIR } from "../options/common_options.ts";
import { NO_LOCAL_DB } from "../options/restore_options.ts";
import type { CliBasics } from "./session.ts";

export interface LocalDb {
  readonly db: Db;
  readonly path: string;
  /** Created by this command (it had no database before). */
  readonly isNew: boolean;
  /** A throwaway database in the temp folder (remote-only mode). */
  readonly temporary: boolean;
  /** Closes; removes the file when temporary, or when `failed` and this command created it. */
  close(failed: boolean): void;
}

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Removes a database file with its WAL, shared-memory and journal files. */
export function removeDbFiles(path: string): void {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) {
    try {
      Deno.removeSync(path + suffix);
    } catch {
      // not there
    }
  }
}

/**
 * `mode` "create": find or create (backup). "existing": the database if there is one, else undefined (the caller
 * then works from the remote with {@link openTemporaryDb}).
 */
export function openLocalDb(basics: CliBasics, url: TargetUrl, mode: "create" | "existing"): LocalDb | undefined {
  const { options } = basics;
  if (mode === "existing" && options.get(NO_LOCAL_DB)) return undefined;
  let path = options.get(DBPATH);
  let restoreConfig: (() => void) | undefined;
  if (!path) {
    const lookup = { url, prefix: options.get(PREFIX), ...(url.username ? { username: url.username } : {}) };
    if (mode === "create") {
      ensureDataFolder(basics.dataFolder);
      const configPath = join(basics.dataFolder, DBCONFIG_FILE_NAME);
      const before = exists(configPath) ? Deno.readFileSync(configPath) : undefined;
      restoreConfig = () => before ? Deno.writeFileSync(configPath, before) : removeDbFiles(configPath);
      const backupName = options.get(BACKUP_NAME);
      path = findDatabase(basics.dataFolder, lookup, { create: true, ...(backupName ? { backupName } : {}) });
    } else {
      path = exists(join(basics.dataFolder, DBCONFIG_FILE_NAME)) ? findDatabase(basics.dataFolder, lookup) : undefined;
    }
  }
  if (!path) return undefined;
  const isNew = !exists(path);
  if (isNew && mode === "existing") return undefined;
  const db = openDatabase(path);
  const finalPath = path;
  return {
    db,
    path: finalPath,
    isNew,
    temporary: false,
    close(failed: boolean) {
      db.close();
      if (failed && isNew) {
        removeDbFiles(finalPath);
        restoreConfig?.();
      }
    },
  };
}

/** Opens a database file that this command creates (or starts over): removed again when the command fails. */
export function openFreshDb(path: string): LocalDb {
  const db = openDatabase(path);
  return {
    db,
    path,
    isNew: true,
    temporary: false,
    close(failed: boolean) {
      db.close();
      if (failed) removeDbFiles(path);
    },
  };
}

/** A database in the temp folder, removed on close. */
export function openTemporaryDb(basics: CliBasics): LocalDb {
  const dir = basics.options.get(TEMPDIR) ?? tmpdir();
  const path = join(dir, `dup-remote-${randomBytes(6).toString("hex")}.sqlite`);
  const db = openDatabase(path);
  return {
    db,
    path,
    isNew: true,
    temporary: true,
    close() {
      db.close();
      removeDbFiles(path);
    },
  };
}
