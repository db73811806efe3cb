/**
 * Ties a server database to its encryption key: at creation the database gets a random PBKDF2 salt and an encrypted
 * check value; every later open decrypts the check value first, so a wrong key fails with a clear message instead
 * of producing garbage.
 * @module
 */
import type { DatabaseSync } from "node:sqlite";
import { Buffer } from "node:buffer";
import { randomBytes } from "node:crypto";
import { IntegrityError, UserInputError } from "../../core/errors.ts";
import { transaction } from "../../database/connection.ts";
import { createFieldCipher, type FieldCipher } from "./field_cipher.ts";
import { deriveServerKey, KEY_DERIVATION_ITERATIONS, SERVER_KEY_FILE, type ServerKey } from "./server_key.ts";

const CHECK_TEXT = "duplicati-server-key-check";

interface Kdf {
  readonly salt: Uint8Array;
  readonly iterations: number;
}

/** The cipher for `key`, after checking that it is the key the database was created with (or recording it). */
export function unlockDatabase(db: DatabaseSync, key: ServerKey): FieldCipher {
  for (;;) {
    const meta = readMeta(db);
    const check = meta.get("key-check");
    if (check !== undefined) {
      return verify(key, { check, kdf: parseKdf(meta.get("kdf")), source: meta.get("key-source") });
    }
    const kdf = meta.get("kdf") ??
      JSON.stringify({ salt: randomBytes(16).toString("base64"), iterations: KEY_DERIVATION_ITERATIONS });
    const cipher = createFieldCipher(keyBytes(key, parseKdf(kdf)!));
    const created = transaction(db, () => {
      if (readMeta(db).has("key-check")) return false; // another process set it up meanwhile
      const put = db.prepare("INSERT OR REPLACE INTO store_meta (key, value) VALUES (?, ?)");
      put.run("kdf", kdf);
      put.run("key-source", key instanceof Uint8Array ? "key" : "settings-encryption-key");
      put.run("key-check", cipher.encrypt(CHECK_TEXT));
      return true;
    });
    if (created) return cipher;
  }
}

function verify(
  key: ServerKey,
  stored: { check: string; kdf: Kdf | undefined; source: string | undefined },
): FieldCipher {
  if (stored.kdf !== undefined || key instanceof Uint8Array) {
    const cipher = createFieldCipher(keyBytes(key, stored.kdf));
    try {
      if (cipher.decrypt(stored.check) === CHECK_TEXT) return cipher;
    } catch (error) {
      if (!(error instanceof IntegrityError)) throw error;
    }
  }
  const hint = stored.source === "settings-encryption-key"
    ? "it was created with --settings-encryption-key, so start with that same key"
    : `it was created with the generated key in "${SERVER_KEY_FILE}" in the data folder, so start without ` +
      "--settings-encryption-key and keep that file";
  throw new UserInputError(
    `Cannot open the server database: the settings encryption key does not match the one it was created with; ${hint}`,
  );
}

function keyBytes(key: ServerKey, kdf: Kdf | undefined): Uint8Array {
  if (key instanceof Uint8Array) return key;
  if (kdf === undefined) throw new RangeError("Cannot derive the server key: the database has no salt");
  return deriveServerKey(key.passphrase, kdf);
}

function readMeta(db: DatabaseSync): Map<string, string> {
  const rows = db.prepare("SELECT key, value FROM store_meta").all() as unknown as { key: string; value: string }[];
  return new Map(rows.map((row) => [row.key, row.value]));
}

function parseKdf(text: string | undefined): Kdf | undefined {
  if (text === undefined) return undefined;
  const parsed = JSON.parse(text) as { salt: string; iterations: number };
  return { salt: new Uint8Array(Buffer.from(parsed.salt, "base64")), iterations: parsed.iterations };
}
