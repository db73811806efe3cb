import { createCipheriv, createHmac } from "node:crypto";
import { concat, equalBytes, fromHex, toHex } from "../../../lib/core/bytes.ts";
import { IntegrityError, WrongPassphraseError } from "../../../lib/core/errors.ts";
import { decryptAesCrypt, isAesCrypt } from "../../../lib/volumes/aescrypt/decrypt.ts";
import { encryptAesCrypt, type EncryptOptions } from "../../../lib/volumes/aescrypt/encrypt_stream.ts";
import { assert, assertEquals, assertRejects } from "../../support/assert.ts";
import { countingRandom, FIXED_NOW, PASSPHRASE, patternPlaintext, seededBytes } from "./fixtures.ts";

const MIB = 1024 * 1024;
const NAME = "duplicati-20240305T140709Z.dlist.zip.aes";
/** Minimal-header layout: 7 header bytes + 96 key-block bytes before the ciphertext. */
const BODY = 103;
const SESSION_IV = Uint8Array.from({ length: 16 }, (_, i) => 16 + i);
const SESSION_KEY = Uint8Array.from({ length: 32 }, (_, i) => 32 + i);

function minimal(extra: Partial<EncryptOptions> = {}): EncryptOptions {
  return { now: FIXED_NOW, minimalHeader: true, randomBytes: countingRandom(), ...extra };
}

Deno.test("decryptAesCrypt() decrypts the independent reference file (17 bytes, minimal header)", async () => {
  const file = fromHex(
    "41455302000000000102030405060708090a0b0c0d0e0f0c269c5f6c9764dedf0a4bf80cad3d097405389798b850d6b85f037e8e73" +
      "78a5d0393c68b4fe17743ad24f6f49fb9a9f02a234266d0934521be4383891686038b6ed5d3a7039fee28d759f8e66c70382327d58" +
      "0b9bc2badd553804ee13d959dd93c4d1a3bfe2f026c68239733712502a017e45a52622b1c38a835f78e90047facbd976d7e2bdba5d" +
      "c56cb10033dac62b8b",
  );
  assertEquals(isAesCrypt(file), true);
  assertEquals(toHex(await decryptAesCrypt(file, PASSPHRASE)), toHex(patternPlaintext(17)));
});

Deno.test("decryptAesCrypt() round-trips sizes around block and piece boundaries", async () => {
  const sizes = [0, 1, 2, 15, 16, 17, 31, 32, 33, 4095, 4 * MIB - 1, 4 * MIB, 4 * MIB + 1, 8 * MIB + 16, 9 * MIB + 7];
  for (const [index, size] of sizes.entries()) {
    const plain = seededBytes(size, index + 1);
    const options = index % 2 === 0 ? {} : { minimalHeader: true };
    const file = await encryptAesCrypt(plain, "secret", options);
    const back = await decryptAesCrypt(file, "secret", { name: NAME });
    assertEquals(back.length, size, `size ${size}`);
    assertEquals(toHex(back.subarray(0, 64)), toHex(plain.subarray(0, 64)));
    assertEquals(equalBytes(back, plain), true, `content for size ${size}`);
  }
});

Deno.test("decryptAesCrypt() round-trips random sizes", async () => {
  const seed = seededBytes(24, 7);
  for (let i = 0; i < 12; i++) {
    const size = ((seed[2 * i]! << 8) | seed[2 * i + 1]!) * 37;
    const plain = seededBytes(size, 100 + i);
    const back = await decryptAesCrypt(await encryptAesCrypt(plain, PASSPHRASE), PASSPHRASE);
    assertEquals(equalBytes(back, plain), true, `size ${size}`);
  }
});

Deno.test("decryptAesCrypt() reports a wrong passphrase as WrongPassphraseError naming the file", async () => {
  const file = await encryptAesCrypt(patternPlaintext(100), PASSPHRASE);
  const error = await assertRejects(() => decryptAesCrypt(file, "pässwörd 🔒", { name: NAME }), WrongPassphraseError);
  assertEquals(error.message, `Cannot decrypt "${NAME}": wrong passphrase`);
  await assertRejects(() => decryptAesCrypt(file, ""), WrongPassphraseError, "Cannot decrypt AES Crypt data");
});

Deno.test("decryptAesCrypt() detects any flipped bit in the ciphertext or HMAC2 as IntegrityError", async () => {
  const file = await encryptAesCrypt(patternPlaintext(40), PASSPHRASE, minimal());
  assertEquals(file.length, BODY + 48 + 33);
  for (let position = BODY; position < file.length; position++) {
    if (position === BODY + 48) continue; // the length byte, tested separately
    for (const bit of [0x01, 0x80]) {
      const damaged = file.slice();
      damaged[position]! ^= bit;
      await assertRejects(() => decryptAesCrypt(damaged, PASSPHRASE, { name: NAME }), IntegrityError, NAME);
    }
  }
});

Deno.test("decryptAesCrypt() treats damage to IV1, the key block or HMAC1 as a wrong passphrase", async () => {
  const file = await encryptAesCrypt(patternPlaintext(40), PASSPHRASE, minimal());
  for (const position of [7, 22, 23, 70, 71, 102]) {
    const damaged = file.slice();
    damaged[position]! ^= 0x04;
    await assertRejects(() => decryptAesCrypt(damaged, PASSPHRASE), WrongPassphraseError);
  }
});

Deno.test("decryptAesCrypt() rejects nonsense in the length byte", async () => {
  const file = await encryptAesCrypt(patternPlaintext(40), PASSPHRASE, minimal());
  for (const value of [16, 17, 0x80, 0xff]) {
    const damaged = file.slice();
    damaged[BODY + 48] = value;
    await assertRejects(() => decryptAesCrypt(damaged, PASSPHRASE), IntegrityError, `last-block length ${value}`);
  }
  const empty = await encryptAesCrypt(new Uint8Array(0), PASSPHRASE, minimal());
  empty[BODY] = 3;
  await assertRejects(() => decryptAesCrypt(empty, PASSPHRASE), IntegrityError, "last-block length 3");
});

Deno.test("decryptAesCrypt() rejects every truncation and trailing garbage as IntegrityError", async () => {
  const file = await encryptAesCrypt(patternPlaintext(40), PASSPHRASE, minimal());
  for (let length = 0; length < file.length; length++) {
    await assertRejects(() => decryptAesCrypt(file.subarray(0, length), PASSPHRASE, { name: NAME }), IntegrityError);
  }
  for (const extra of [1, 16, 32]) {
    const longer = concat([file, new Uint8Array(extra)]);
    await assertRejects(() => decryptAesCrypt(longer, PASSPHRASE), IntegrityError);
  }
  const big = await encryptAesCrypt(seededBytes(5 * MIB, 3), PASSPHRASE);
  await assertRejects(() => decryptAesCrypt(big.subarray(0, big.length - 1024), PASSPHRASE), IntegrityError);
});

Deno.test("decryptAesCrypt() rejects data that is not AES Crypt v1/v2 as IntegrityError", async () => {
  const zip = fromHex("504b0304140000000800");
  const error = await assertRejects(() => decryptAesCrypt(zip, PASSPHRASE, { name: "x.zip.aes" }), IntegrityError);
  assertEquals(error.message, 'Cannot decrypt "x.zip.aes": not an AES Crypt file');
  assertEquals(isAesCrypt(zip), false);
  const v3 = await encryptAesCrypt(patternPlaintext(5), PASSPHRASE, minimal());
  v3[3] = 3;
  await assertRejects(() => decryptAesCrypt(v3, PASSPHRASE), IntegrityError, "unsupported AES Crypt version 3");
  await assertRejects(() => decryptAesCrypt(new Uint8Array(0), PASSPHRASE), IntegrityError);
});

/** A file like other AES Crypt writers make: random pad bytes in the last block. */
function randomPaddedFile(plain: Uint8Array, header: Uint8Array): Uint8Array {
  const remainder = plain.length % 16;
  const pad = remainder === 0 ? new Uint8Array(0) : seededBytes(16 - remainder, 99);
  const cipher = createCipheriv("aes-256-cbc", SESSION_KEY, SESSION_IV).setAutoPadding(false);
  const body = concat([cipher.update(concat([plain, pad])), cipher.final()]);
  const hmac = createHmac("sha256", SESSION_KEY).update(body).digest();
  return concat([header, body, Uint8Array.of(remainder), hmac]);
}

Deno.test("decryptAesCrypt() ignores pad byte values (random padding from other writers)", async () => {
  for (const size of [1, 7, 15, 17, 33]) {
    const plain = patternPlaintext(size);
    const ours = await encryptAesCrypt(plain, PASSPHRASE, minimal());
    const theirs = randomPaddedFile(plain, ours.subarray(0, BODY));
    assertEquals(theirs.length, ours.length);
    assertEquals(toHex(theirs) === toHex(ours), false, "the pad bytes really differ");
    assertEquals(toHex(await decryptAesCrypt(theirs, PASSPHRASE)), toHex(plain), `size ${size}`);
  }
});

Deno.test("decryptAesCrypt() reads version 1 files and skips unknown extensions", async () => {
  const plain = patternPlaintext(50);
  const v2 = await encryptAesCrypt(plain, PASSPHRASE, minimal());
  const v1 = concat([fromHex("4145530100"), v2.subarray(7)]);
  assertEquals(toHex(await decryptAesCrypt(v1, PASSPHRASE)), toHex(plain));

  const extension = concat([
    fromHex("000c"),
    new TextEncoder().encode("OTHER\0value!"),
    fromHex("0001"),
    fromHex("00"),
  ]);
  const extended = concat([v2.subarray(0, 5), extension, v2.subarray(5)]);
  assertEquals(toHex(await decryptAesCrypt(extended, PASSPHRASE)), toHex(plain));

  const withDefaults = await encryptAesCrypt(plain, PASSPHRASE, { now: FIXED_NOW, randomBytes: countingRandom() });
  assertEquals(toHex(withDefaults.subarray(220)), toHex(v2.subarray(7)), "only the extensions differ");
  assertEquals(toHex(await decryptAesCrypt(withDefaults, PASSPHRASE)), toHex(plain));
});

Deno.test("decryptAesCrypt() with inPlace gives the same plaintext inside the file's own buffer", async () => {
  // Sizes across several 4 MiB pieces, so the chaining between pieces is decrypted in place too.
  for (const size of [0, 15, 4 * 1024 * 1024 + 17, 9 * 1024 * 1024]) {
    const plain = seededBytes(size, size + 3);
    const file = await encryptAesCrypt(plain, PASSPHRASE);
    const copy = file.slice();
    const inPlace = await decryptAesCrypt(file, PASSPHRASE, { inPlace: true });
    assertEquals(inPlace, plain);
    assert(inPlace.buffer === file.buffer, "decrypted into the same buffer");
    assertEquals(await decryptAesCrypt(copy, PASSPHRASE), plain);
  }
});
