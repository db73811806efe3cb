/**
 * Temporary server databases for the config store tests.
 * @module
 */
import { DatabaseSync } from "node:sqlite";
import { openConfigStore } from "../../../lib/server/config_store/config_store.ts";
import type { ConfigStore, NewBackup } from "../../../lib/server/config_store/model.ts";
import { serverDatabasePath } from "../../../lib/server/config_store/server_database.ts";

/** A fixed 32-byte test key. */
export const TEST_KEY: Uint8Array = new Uint8Array(32).map((_, i) => i + 1);

/** A temp data folder, removed afterwards. */
export function withDataFolder<T>(fn: (dir: string) => T): T {
  const dir = Deno.makeTempDirSync({ prefix: "config_store_test_" });
  try {
    return fn(dir);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
}

/** Opens a store on `dir` with {@link TEST_KEY} (or `key`). */
export function openTestStore(dir: string, options: { key?: Uint8Array; now?: () => number } = {}): ConfigStore {
  return openConfigStore({
    path: serverDatabasePath(dir),
    dataFolder: dir,
    key: options.key ?? TEST_KEY,
    ...(options.now === undefined ? {} : { now: options.now }),
  });
}

/** A fresh store in a temp data folder; closed and removed afterwards. */
export function withStore<T>(fn: (store: ConfigStore, dir: string) => T): T {
  return withDataFolder((dir) => {
    const store = openTestStore(dir);
    try {
      return fn(store, dir);
    } finally {
      store.close();
    }
  });
}

/** A backup definition with a bit of everything; `overrides` replace fields. */
export function sampleBackup(overrides: Partial<NewBackup> = {}): NewBackup {
  return {
    name: "Documents",
    description: "My documents",
    tags: ["home", "daily"],
    targetUrl: "file:///mnt/backup/docs",
    externalId: null,
    sources: ["/home/me/Documents/", "/home/me/notes.txt"],
    settings: [
      { filter: "", name: "encryption-module", value: "aes" },
      { filter: "", name: "passphrase", value: "correct-horse-battery-staple" },
      { filter: "", name: "--no-encryption", value: "false" },
    ],
    filters: [
      { order: 0, include: false, expression: "*.tmp" },
      { order: 1, include: true, expression: "/home/me/Documents/keep/" },
    ],
    ...overrides,
  };
}

/** Row count of a table, read through a separate connection. */
export function countRowsIn(dir: string, table: string, where = ""): number {
  const db = new DatabaseSync(serverDatabasePath(dir), { readOnly: true });
  try {
    const row = db.prepare(`SELECT COUNT(*) AS n FROM ${table} ${where}`).get() as { n: number };
    return Number(row.n);
  } finally {
    db.close();
  }
}
