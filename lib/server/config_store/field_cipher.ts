/**
 * Encrypts single values of the server database with AES-256-GCM (node:crypto, synchronous, as node:sqlite is).
 * An encrypted value is stored as text: `enc:v1:` + base64(12-byte IV ‖ ciphertext ‖ 16-byte tag). Values without
 * the prefix are plain text (written before a setting counted as a secret) and are returned as they are.
 * @module
 */
import { Buffer } from "node:buffer";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { IntegrityError } from "../../core/errors.ts";

/** Marks an encrypted value. */
export const ENCRYPTED_PREFIX = "enc:v1:";
const IV_BYTES = 12;
const TAG_BYTES = 16;
const CACHE_LIMIT = 4096;

/** Encrypts and decrypts single text values with one key. */
export interface FieldCipher {
  /** A fresh random IV each time, so equal values encrypt differently. */
  encrypt(plain: string): string;
  /** Reverses {@link FieldCipher.encrypt}; a value without the prefix is returned unchanged. */
  decrypt(stored: string): string;
}

/** True when `stored` was written by {@link FieldCipher.encrypt}. */
export function isEncryptedValue(stored: string): boolean {
  return stored.startsWith(ENCRYPTED_PREFIX);
}

/**
 * A cipher for a 256-bit key. Decrypted values are cached by their stored text (authenticated encryption makes that
 * mapping fixed), which keeps listing hundreds of backups cheap.
 */
export function createFieldCipher(key: Uint8Array): FieldCipher {
  if (key.length !== 32) throw new RangeError(`Cannot use a field encryption key of ${key.length} bytes: need 32`);
  const keyBytes = Uint8Array.from(key);
  const cache = new Map<string, string>();
  return {
    encrypt(plain: string): string {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", keyBytes, iv);
      const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      return ENCRYPTED_PREFIX + Buffer.concat([iv, body, cipher.getAuthTag()]).toString("base64");
    },
    decrypt(stored: string): string {
      if (!isEncryptedValue(stored)) return stored;
      const cached = cache.get(stored);
      if (cached !== undefined) return cached;
      const plain = decryptValue(keyBytes, stored);
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(stored, plain);
      return plain;
    },
  };
}

function decryptValue(key: Uint8Array, stored: string): string {
  const bytes = Buffer.from(stored.slice(ENCRYPTED_PREFIX.length), "base64");
  if (bytes.length < IV_BYTES + TAG_BYTES) {
    throw new IntegrityError(`Cannot decrypt a stored secret: the value is ${bytes.length} bytes, too short`);
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, IV_BYTES));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    const body = bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8");
  } catch (error) {
    throw new IntegrityError("Cannot decrypt a stored secret: wrong key or damaged value", { cause: error });
  }
}
