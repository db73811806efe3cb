import { createHash } from "node:crypto";
import { concat, toHex } from "../../../lib/core/bytes.ts";
import { UserInputError } from "../../../lib/core/errors.ts";
import {
  AesCryptEncryptor,
  encryptAesCrypt,
  encryptedSize,
  type EncryptOptions,
} from "../../../lib/volumes/aescrypt/encrypt_stream.ts";
import { assertEquals, assertRejects, assertThrows } from "../../support/assert.ts";
import { countingRandom, FIXED_NOW, PASSPHRASE, patternPlaintext, seededBytes } from "./fixtures.ts";

const MIB = 1024 * 1024;

function vectorOptions(extra: Partial<EncryptOptions> = {}): EncryptOptions {
  return { now: FIXED_NOW, randomBytes: countingRandom(), ...extra };
}

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Expected outputs from the independent Python reference (spec §9.1, pycryptodome). */
const EXPECTED_DEFAULT_HEADER: ReadonlyArray<[number, number, string]> = [
  [0, 349, "f4d65465d408440ebbaced7699fcac62529d4a727610b229dea132af1362ecec"],
  [1, 365, "23c4b742fcf2707537bd5a80afc470e51024cb94b64bb641886ecb8fe15f26bc"],
  [15, 365, "bf1bc39395452723b2706cf58c06f1a0e5c837b2bde6469e44087250f18deea5"],
  [16, 365, "220f4e6672e9e03a412f08f2cbe09d2191362d65cda0c970d252ae40eb681b3a"],
  [17, 381, "c36f7dc8a14cd9ce6bf0d568eb0aa28271f3310e63b2af635d509fbe040d4c02"],
  [4 * MIB + 3, 4194669, "c02bd9429b66efbd46d9e28ebf0496b7b47cad903fc6c2aa7c4f133555ca5b9c"],
];

const KEY_BLOCK_HEX = "000102030405060708090a0b0c0d0e0f" + // IV1
  "0c269c5f6c9764dedf0a4bf80cad3d097405389798b850d6b85f037e8e7378a5d0393c68b4fe17743ad24f6f49fb9a9f" + // session IV+key
  "02a234266d0934521be4383891686038b6ed5d3a7039fee28d759f8e66c70382"; // HMAC1

Deno.test("encryptAesCrypt() output equals the independent reference for 0, 1, 15, 16, 17 and 4 MiB+3 bytes", async () => {
  for (const [length, size, digest] of EXPECTED_DEFAULT_HEADER) {
    const out = await encryptAesCrypt(patternPlaintext(length), PASSPHRASE, vectorOptions());
    assertEquals(out.length, size, `size for ${length}`);
    assertEquals(sha256(out), digest, `sha256 for ${length}`);
  }
});

Deno.test("encryptAesCrypt() with a minimal header writes the exact reference bytes", async () => {
  const empty = await encryptAesCrypt(new Uint8Array(0), PASSPHRASE, vectorOptions({ minimalHeader: true }));
  assertEquals(
    toHex(empty),
    "41455302000000" + KEY_BLOCK_HEX + "00" +
      "f49240b78aa90e53f46106c3481e377e19696e777328b1cd6ec6061a0bd868a9", // HMAC-SHA256 of no ciphertext
  );
  assertEquals(empty.length, 136);
  const seventeen = await encryptAesCrypt(patternPlaintext(17), PASSPHRASE, vectorOptions({ minimalHeader: true }));
  assertEquals(
    toHex(seventeen),
    "41455302000000" + KEY_BLOCK_HEX +
      "327d580b9bc2badd553804ee13d959dd93c4d1a3bfe2f026c68239733712502a" + // two ciphertext blocks
      "01" + // 17 mod 16
      "7e45a52622b1c38a835f78e90047facbd976d7e2bdba5dc56cb10033dac62b8b",
  );
});

Deno.test("AesCryptEncryptor returns the header with the first update and equals one-shot output for odd chunks", async () => {
  const plain = seededBytes(9 * MIB + 77, 42);
  const oneShot = await encryptAesCrypt(plain, PASSPHRASE, vectorOptions());
  const chunkSizes = [1, 15, 17, 4095, 65_537, 4 * MIB - 3, 4 * MIB + 5, 1, 0, 3 * MIB];
  const encryptor = new AesCryptEncryptor(PASSPHRASE, vectorOptions());
  const parts: Uint8Array[] = [];
  let offset = 0;
  for (let i = 0; offset < plain.length; i++) {
    const size = chunkSizes[i % chunkSizes.length]!;
    const part = await encryptor.update(plain.subarray(offset, offset + size));
    if (i === 0) assertEquals(part.length, 220 + 96, "first update returns exactly the header");
    parts.push(part);
    offset += size;
  }
  parts.push(await encryptor.final());
  const streamed = concat(parts);
  assertEquals(streamed.length, oneShot.length);
  assertEquals(sha256(streamed), sha256(oneShot));
});

Deno.test("AesCryptEncryptor keeps at most one piece of plaintext buffered", async () => {
  const encryptor = new AesCryptEncryptor(PASSPHRASE, vectorOptions({ minimalHeader: true }));
  const first = await encryptor.update(new Uint8Array(4 * MIB - 1));
  assertEquals(first.length, 7 + 96, "nothing but the header while under one piece");
  const second = await encryptor.update(new Uint8Array(2));
  assertEquals(second.length, 4 * MIB, "a full piece is encrypted as soon as it is complete");
  const third = await encryptor.update(new Uint8Array(10 * MIB));
  assertEquals(third.length, 8 * MIB);
  const last = await encryptor.final();
  assertEquals(last.length, 2 * MIB + 16 + 1 + 32, "remaining 2 MiB+1 bytes padded to 2 MiB+16");
});

Deno.test("AesCryptEncryptor final() without update() returns the whole file", async () => {
  const encryptor = new AesCryptEncryptor(PASSPHRASE, vectorOptions());
  const out = await encryptor.final();
  assertEquals(sha256(out), EXPECTED_DEFAULT_HEADER[0]![2]);
});

Deno.test("AesCryptEncryptor refuses calls after final() and overlapping calls", async () => {
  const encryptor = new AesCryptEncryptor(PASSPHRASE, vectorOptions());
  const pending = encryptor.update(new Uint8Array(5 * MIB));
  await assertRejects(() => encryptor.update(new Uint8Array(1)), Error, "previous call has not finished");
  await pending;
  await encryptor.final();
  await assertRejects(() => encryptor.update(new Uint8Array(1)), Error, "already finished");
  await assertRejects(() => encryptor.final(), Error, "already finished");
});

Deno.test("AesCryptEncryptor rejects an empty or whitespace passphrase", () => {
  assertThrows(() => new AesCryptEncryptor(""), UserInputError, "Cannot encrypt: the passphrase is empty");
  assertThrows(() => new AesCryptEncryptor("  \t"), UserInputError);
});

Deno.test("AesCryptEncryptor draws fresh random IVs and keys by default", async () => {
  const a = await encryptAesCrypt(patternPlaintext(40), PASSPHRASE, { now: FIXED_NOW });
  const b = await encryptAesCrypt(patternPlaintext(40), PASSPHRASE, { now: FIXED_NOW });
  assertEquals(a.length, b.length);
  assertEquals(toHex(a.subarray(0, 220)), toHex(b.subarray(0, 220)));
  assertEquals(toHex(a.subarray(220, 236)) === toHex(b.subarray(220, 236)), false, "IV1 differs");
  assertEquals(toHex(a.subarray(236)) === toHex(b.subarray(236)), false, "everything after IV1 differs");
});

Deno.test("AesCryptEncryptor rejects a randomBytes source that returns the wrong length", () => {
  assertThrows(() => new AesCryptEncryptor("x", { randomBytes: () => new Uint8Array(8) }), RangeError, "returned 8");
});

Deno.test("encryptedSize() is exact for both header kinds", async () => {
  for (const length of [0, 1, 15, 16, 17, 31, 32, 33, 1000, 4 * MIB, 4 * MIB + 1]) {
    for (const minimalHeader of [false, true]) {
      const out = await encryptAesCrypt(new Uint8Array(length), "pw", { minimalHeader });
      assertEquals(encryptedSize(length, { minimalHeader }), out.length, `length ${length}, minimal ${minimalHeader}`);
    }
  }
  assertEquals(encryptedSize(0, { minimalHeader: true }), 136);
  assertEquals(encryptedSize(0), 349);
  assertEquals(encryptedSize(50 * MIB), 50 * MIB + 349);
});
