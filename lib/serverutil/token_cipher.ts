/**
 * Encryption of the refresh token kept in ServerUtil's settings file when `--settings-encryption-key` (or env
 * SETTINGS_ENCRYPTION_KEY) is given: AES-256-GCM under a PBKDF2-SHA256 key with a random salt per value. Stored as
 * `enc-v1:` + base64(salt 16 | iv 12 | ciphertext+tag). Our own format (Duplicati's field encryption differs).
 * @module
 */
import { concat, fromBase64, toBase64 } from "../core/bytes.ts";

const PREFIX = "enc-v1:";
const ITERATIONS = 100_000;

/** True when a stored value is in the encrypted form. */
export function isEncryptedToken(value: string): boolean {
  return value.startsWith(PREFIX);
}

async function deriveKey(secret: string, salt: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), "PBKDF2", false, [
    "deriveKey",
  ]);
  return await crypto.subtle.deriveKey(
    { name: "PBKDF2", hash: "SHA-256", salt, iterations: ITERATIONS },
    material,
    { name: "AES-GCM", length: 256 },
    false,
    ["encrypt", "decrypt"],
  );
}

/** Encrypts `plain` under `secret`. */
export async function encryptToken(plain: string, secret: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const key = await deriveKey(secret, salt);
  const sealed = new Uint8Array(
    await crypto.subtle.encrypt({ name: "AES-GCM", iv }, key, new TextEncoder().encode(plain)),
  );
  return PREFIX + toBase64(concat([salt, iv, sealed]));
}

/** Decrypts a value made by {@link encryptToken}; undefined when the key is wrong or the value damaged. */
export async function decryptToken(stored: string, secret: string): Promise<string | undefined> {
  if (!isEncryptedToken(stored)) return stored;
  try {
    const all = fromBase64(stored.slice(PREFIX.length));
    if (all.length < 16 + 12 + 16) return undefined;
    const key = await deriveKey(secret, all.slice(0, 16));
    const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: all.slice(16, 28) }, key, all.slice(28));
    return new TextDecoder().decode(plain);
  } catch {
    return undefined;
  }
}
