/**
 * Shared inputs for the AES Crypt tests. The expected outputs in the tests were produced by an independent
 * throwaway Python implementation of spec §9.1 (pycryptodome, not kept in the repo) from exactly these inputs.
 * @module
 */
import { seededBytes } from "../../support/seeded_bytes.ts";

/** Passphrase with non-ASCII and an astral character (a UTF-16 surrogate pair). */
export const PASSPHRASE = "pässwörd 🔑";

/** 2024-03-05 14:07:09 UTC: CREATED_TIME must say "02-07-09" (12-hour clock). */
export const FIXED_NOW = new Date(Date.UTC(2024, 2, 5, 14, 7, 9));

/**
 * Deterministic randomBytes: hands out bytes 0x00, 0x01, ... in order, so IV1 = 00..0f, session IV = 10..1f,
 * session key = 20..3f.
 */
export function countingRandom(): (n: number) => Uint8Array {
  let next = 0;
  return (n) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = (next++) & 0xff;
    return out;
  };
}

/** Plaintext of length n: byte i = (31·i + 7) mod 256. */
export function patternPlaintext(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 31 + 7) & 0xff;
  return out;
}

export { seededBytes };
