/**
 * The key that encrypts secrets in Duplicati-server.sqlite. It comes from `--settings-encryption-key` (text, turned
 * into 256 bits with PBKDF2-SHA256 over a random salt kept in the database) or else from a random 32-byte key kept
 * apart from the database in `<dataFolder>/Duplicati-server.key` (base64, mode 0600), created on first start.
 * @module
 */
import { Buffer } from "node:buffer";
import { pbkdf2Sync, randomBytes } from "node:crypto";
import { dirname, join } from "node:path";
import { errorMessage, UserInputError } from "../../core/errors.ts";
import { ensureDataFolder } from "../../data_folder/data_folder.ts";

/** File name of the generated key, in the data folder. */
export const SERVER_KEY_FILE = "Duplicati-server.key";
/** PBKDF2-SHA256 iterations for a `--settings-encryption-key` text. */
export const KEY_DERIVATION_ITERATIONS = 600_000;
const MIN_KEY_TEXT_LENGTH = 8;
const WEAK_KEYS: ReadonlySet<string> = new Set([
  "password",
  "passw0rd",
  "12345678",
  "123456789",
  "1234567890",
  "87654321",
  "00000000",
  "11111111",
  "abcdefgh",
  "qwertyui",
  "qwertyuiop",
  "changeme",
  "letmein1",
  "duplicati",
  "iloveyou",
  "secret12",
]);

/** Either 32 raw key bytes or a text to derive them from (the salt lives in the database). */
export type ServerKey = Uint8Array | { readonly passphrase: string };

/**
 * The server's key: the validated `settingsEncryptionKey` text when given, else the key file's bytes (creating
 * the data folder with mode 0700 and the file with mode 0600 when missing).
 * Throws UserInputError for a weak key text or an unreadable key file.
 */
export function loadServerKey(options: { dataFolder: string; settingsEncryptionKey?: string | undefined }): ServerKey {
  if (options.settingsEncryptionKey !== undefined) {
    checkKeyText(options.settingsEncryptionKey);
    return { passphrase: options.settingsEncryptionKey };
  }
  return readOrCreateKeyFile(join(options.dataFolder, SERVER_KEY_FILE));
}

/** Refuses an empty, short or well-known key text. */
export function checkKeyText(text: string): void {
  if (text.length < MIN_KEY_TEXT_LENGTH) {
    throw new UserInputError(
      `Cannot use the settings encryption key: it must have at least ${MIN_KEY_TEXT_LENGTH} characters`,
    );
  }
  if (WEAK_KEYS.has(text.toLowerCase()) || new Set(text).size === 1) {
    throw new UserInputError("Cannot use the settings encryption key: it is too easy to guess");
  }
}

/** 32 key bytes from a key text and the database's salt (PBKDF2-SHA256). */
export function deriveServerKey(passphrase: string, kdf: { salt: Uint8Array; iterations: number }): Uint8Array {
  return new Uint8Array(pbkdf2Sync(passphrase, kdf.salt, kdf.iterations, 32, "sha256"));
}

/** Reads the key file, or creates it atomically (so two processes starting together agree on one key). */
export function readOrCreateKeyFile(path: string): Uint8Array {
  const existing = readKeyFile(path);
  if (existing !== undefined) return existing;
  ensureDataFolder(dirname(path));
  const temp = `${path}.${randomBytes(6).toString("hex")}.tmp`;
  const key = new Uint8Array(randomBytes(32));
  try {
    writePrivateFile(temp, `${Buffer.from(key).toString("base64")}\n`);
    try {
      Deno.linkSync(temp, path);
    } catch (error) {
      if (error instanceof Deno.errors.AlreadyExists) return readKeyFile(path) ?? key;
      // No hard links on this file system: fall back to a plain rename (last writer wins only in a race).
      if (readKeyFile(path) === undefined) Deno.renameSync(temp, path);
    }
  } catch (error) {
    throw new UserInputError(`Cannot create the server key file "${path}": ${errorMessage(error)}`, { cause: error });
  } finally {
    try {
      Deno.removeSync(temp);
    } catch {
      // already renamed or never written
    }
  }
  return readKeyFile(path) ?? key;
}

function readKeyFile(path: string): Uint8Array | undefined {
  let text: string;
  try {
    text = Deno.readTextFileSync(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw new UserInputError(`Cannot read the server key file "${path}": ${errorMessage(error)}`, { cause: error });
  }
  const bytes = Buffer.from(text.trim(), "base64");
  if (bytes.length !== 32 || bytes.toString("base64") !== text.trim()) {
    throw new UserInputError(`Cannot read the server key file "${path}": expected 32 bytes in base64`);
  }
  return new Uint8Array(bytes);
}

function writePrivateFile(path: string, text: string): void {
  const file = Deno.openSync(path, { createNew: true, write: true, mode: 0o600 });
  try {
    const bytes = new TextEncoder().encode(text);
    for (let done = 0; done < bytes.length;) done += file.writeSync(bytes.subarray(done));
    file.syncSync();
  } finally {
    file.close();
  }
  chmodPrivate(path);
}

/** Sets mode 0600 where the platform has POSIX modes; ignores platforms without them. */
export function chmodPrivate(path: string): void {
  if (Deno.build.os === "windows") return;
  Deno.chmodSync(path, 0o600);
}
