import { createHash } from "node:crypto";
import { fromHex, toHex } from "../../../lib/core/bytes.ts";
import { deriveKey, passphraseBytes } from "../../../lib/volumes/aescrypt/key.ts";
import { assertEquals, assertThrows } from "../../support/assert.ts";
import { PASSPHRASE } from "./fixtures.ts";

const IV_COUNTING = fromHex("000102030405060708090a0b0c0d0e0f");

/** Straightforward reference: 8192 × SHA-256(key ‖ UTF-16LE password) with node:crypto. */
function referenceKey(iv: Uint8Array, passphrase: string): string {
  let key: Uint8Array = new Uint8Array(32);
  key.set(iv);
  const password = passphraseBytes(passphrase);
  for (let i = 0; i < 8192; i++) key = createHash("sha256").update(key).update(password).digest();
  return toHex(key);
}

Deno.test("deriveKey() matches known answers from an independent implementation", () => {
  assertEquals(
    toHex(deriveKey(IV_COUNTING, "password")),
    "a3c1eba8f6b8f7172f5e562ff8e3c9ece64463289c4e7d0cb74ff61b07069382",
  );
  assertEquals(
    toHex(deriveKey(IV_COUNTING, PASSPHRASE)),
    "5f56a862202fa2ac39649186434123a2f606eebee76eefe4a16a2aa003931ed0",
  );
  assertEquals(
    toHex(deriveKey(new Uint8Array(16), "")),
    "eff4e44544e09c8824ed288f2600917754fc5e6d674652dee942271f64516bb6",
  );
});

Deno.test("deriveKey() equals 8192 node:crypto SHA-256 rounds for passphrases of every block-boundary length", () => {
  const iv = fromHex("f0e1d2c3b4a5968778695a4b3c2d1e0f");
  // 32 + 2·len + 9 crosses a 64-byte block between 11 and 12 characters, and between 43 and 44.
  for (const length of [0, 1, 11, 12, 13, 43, 44, 45, 100, 300]) {
    const passphrase = "abcdefghijklmnopqrstuvwxyz0123456789".repeat(10).slice(0, length);
    assertEquals(toHex(deriveKey(iv, passphrase)), referenceKey(iv, passphrase), `length ${length}`);
  }
});

Deno.test("deriveKey() encodes the passphrase as UTF-16LE without BOM", () => {
  assertEquals(toHex(passphraseBytes("aé🔑")), "6100e9003dd811dd");
  assertEquals(toHex(deriveKey(IV_COUNTING, "aé🔑")), referenceKey(IV_COUNTING, "aé🔑"));
});

Deno.test("deriveKey() replaces a lone surrogate with U+FFFD as .NET does", () => {
  assertEquals(toHex(passphraseBytes("a\ud800")), "6100fdff");
  assertEquals(toHex(deriveKey(IV_COUNTING, "a\ud800")), toHex(deriveKey(IV_COUNTING, "a\ufffd")));
});

Deno.test("deriveKey() rejects an IV that is not 16 bytes", () => {
  assertThrows(() => deriveKey(new Uint8Array(15), "x"), RangeError, "15 bytes");
});
