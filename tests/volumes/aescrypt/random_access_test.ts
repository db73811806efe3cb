import { concat, fromHex, toHex } from "../../../lib/core/bytes.ts";
import { IntegrityError, WrongPassphraseError } from "../../../lib/core/errors.ts";
import { AesCryptRandomReader } from "../../../lib/volumes/aescrypt/random_access.ts";
import { encryptAesCrypt } from "../../../lib/volumes/aescrypt/encrypt_stream.ts";
import { bytesSource, type RandomAccessSource } from "../../../lib/volumes/random_access.ts";
import { assertEquals, assertRejects, assertThrows } from "../../support/assert.ts";
import { countingRandom, FIXED_NOW, PASSPHRASE, seededBytes } from "./fixtures.ts";

const MIB = 1024 * 1024;
const NAME = "duplicati-b0123456789abcdef0123456789abcdef.dblock.zip.aes";

/** A source that remembers the largest single read. */
function recording(bytes: Uint8Array): RandomAccessSource & { largest: number } {
  const inner = bytesSource(bytes);
  const source = {
    size: inner.size,
    largest: 0,
    readAt(into: Uint8Array, position: number) {
      source.largest = Math.max(source.largest, into.length);
      inner.readAt(into, position);
    },
  };
  return source;
}

Deno.test("AesCryptRandomReader: any plaintext range equals the same range of the whole plaintext", async () => {
  // Sizes around block and 4 MiB piece boundaries; ranges at the start, the end, across pieces and inside blocks.
  for (const size of [1, 15, 16, 17, 4 * MIB + 5, 9 * MIB + 16]) {
    const plain = seededBytes(size, size);
    const reader = await AesCryptRandomReader.open(bytesSource(await encryptAesCrypt(plain, PASSPHRASE)), PASSPHRASE);
    assertEquals(reader.plainLength, size);
    const ranges: [number, number][] = [[0, size], [0, 1], [size - 1, size], [size, size]];
    for (let i = 0; i < 12; i++) {
      const a = Math.floor(((i * 7919) % 1000) / 1000 * size);
      const b = Math.min(size, a + 1 + Math.floor(((i * 104729) % 997) / 997 * (4 * MIB + 40)));
      ranges.push([a, b]);
    }
    for (const [a, b] of ranges) {
      assertEquals(toHex(await reader.read(a, b)), toHex(plain.subarray(a, b)), `size ${size}, range [${a}, ${b})`);
    }
    reader.verify();
    reader.release();
  }
});

Deno.test("AesCryptRandomReader: an empty file opens and verifies; reads outside the plaintext are RangeErrors", async () => {
  const reader = await AesCryptRandomReader.open(bytesSource(await encryptAesCrypt(new Uint8Array(0), "pw")), "pw");
  assertEquals(reader.plainLength, 0);
  assertEquals((await reader.read(0, 0)).length, 0);
  reader.verify();
  await assertRejects(() => reader.read(0, 1), RangeError);
});

Deno.test("AesCryptRandomReader.verify() reads in windows and catches every flipped ciphertext or HMAC byte", async () => {
  const plain = seededBytes(10 * MIB + 3, 5);
  const file = await encryptAesCrypt(plain, PASSPHRASE);
  const source = recording(file);
  const reader = await AesCryptRandomReader.open(source, PASSPHRASE, { name: NAME });
  reader.verify();
  assertEquals(source.largest <= 4 * MIB, true, `largest read ${source.largest}`);
  // The body starts after the 215-byte default extensions: 5 + 215 + 96.
  for (const at of [316, 316 + 5 * MIB, file.length - 34, file.length - 1]) {
    const damaged = file.slice();
    damaged[at]! ^= 0x10;
    const opened = await AesCryptRandomReader.open(bytesSource(damaged), PASSPHRASE, { name: NAME });
    assertThrows(() => opened.verify(), IntegrityError, `Cannot decrypt "${NAME}": HMAC mismatch`);
  }
});

Deno.test("AesCryptRandomReader: a wrong passphrase, truncation or a bad length byte are typed errors", async () => {
  const file = await encryptAesCrypt(seededBytes(100, 1), PASSPHRASE, { minimalHeader: true });
  await assertRejects(
    () => AesCryptRandomReader.open(bytesSource(file), "other", { name: NAME }),
    WrongPassphraseError,
    `Cannot decrypt "${NAME}": wrong passphrase`,
  );
  // A cut by a multiple of 16 still looks whole when opened; the HMAC catches it.
  for (const cut of [1, 16, 33, 40, 200]) {
    await assertRejects(
      async () => {
        const source = bytesSource(file.subarray(0, file.length - cut));
        (await AesCryptRandomReader.open(source, PASSPHRASE, { name: NAME })).verify();
      },
      IntegrityError,
      NAME,
    );
  }
  const badLength = file.slice();
  badLength[file.length - 33] = 16;
  await assertRejects(
    () => AesCryptRandomReader.open(bytesSource(badLength), PASSPHRASE),
    IntegrityError,
    "invalid last-block length 16",
  );
  await assertRejects(() => AesCryptRandomReader.open(bytesSource(seededBytes(500, 2)), "pw"), IntegrityError);
});

Deno.test("AesCryptRandomReader.open() reads a header whose extensions are longer than its first probe", async () => {
  const plain = seededBytes(5000, 9);
  const minimal = await encryptAesCrypt(plain, PASSPHRASE, {
    minimalHeader: true,
    now: FIXED_NOW,
    randomBytes: countingRandom(),
  });
  // One 9000-byte extension before the terminator: more than the 4 KiB read first.
  const extension = concat([fromHex("2328"), new TextEncoder().encode("BIG\0\0"), seededBytes(8995, 3)]);
  const extended = concat([minimal.subarray(0, 5), extension, minimal.subarray(5)]);
  const reader = await AesCryptRandomReader.open(bytesSource(extended), PASSPHRASE);
  assertEquals(await reader.read(0, plain.length), plain);
  reader.verify();
});
