/**
 * Fixed parameters of a backup, stored once: block size, hash algorithms, whether it is encrypted and a
 * passphrase check value.
 * @module
 */
import type { Db } from "./connection.ts";
import { stmt } from "./statements.ts";

export function getConfig(db: Db, key: string): string | undefined {
  const row = stmt(db, "SELECT value FROM configuration WHERE key = ?").get(key) as { value: string } | undefined;
  return row?.value;
}

export function setConfig(db: Db, key: string, value: string): void {
  stmt(db, "INSERT INTO configuration(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
    .run(key, value);
}

export const CONFIG_BLOCKSIZE = "blocksize";
export const CONFIG_BLOCK_HASH = "block-hash-algorithm";
export const CONFIG_FILE_HASH = "file-hash-algorithm";
export const CONFIG_ENCRYPTION = "encryption-module";
export const CONFIG_PASSPHRASE_CHECK = "passphrase-check";
export const CONFIG_PREFIX = "prefix";
