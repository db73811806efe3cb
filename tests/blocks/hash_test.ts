import { UserInputError } from "../../lib/core/errors.ts";
import { toHex, utf8 } from "../../lib/core/bytes.ts";
import { createHasher, digest, digestBase64, EMPTY_SHA256, HASH_ALGORITHMS, hashSize } from "../../lib/blocks/hash.ts";
import { assertEquals, assertThrows } from "../support/assert.ts";

Deno.test("EMPTY_SHA256 is base64 SHA-256 of the empty input", () => {
  assertEquals(EMPTY_SHA256, "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
  assertEquals(digestBase64("SHA256", new Uint8Array(0)), EMPTY_SHA256);
});

Deno.test("digest() and digestBase64() use Duplicati's algorithm names", () => {
  assertEquals(
    toHex(digest("SHA256", utf8("abc"))),
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
  );
  assertEquals(digestBase64("SHA256", utf8("abc")), "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=");
  assertEquals(toHex(digest("MD5", utf8("abc"))), "900150983cd24fb0d6963f7d28e17f72");
  assertEquals(toHex(digest("SHA1", utf8("abc"))), "a9993e364706816aba3e25717850c26c9cd0d89d");
  assertEquals(digest("SHA384", utf8("abc")).length, 48);
  assertEquals(digest("SHA512", utf8("abc")).length, 64);
});

Deno.test("hashSize() gives the digest length of every algorithm", () => {
  assertEquals(HASH_ALGORITHMS.map(hashSize), [16, 20, 32, 48, 64]);
  for (const algorithm of HASH_ALGORITHMS) assertEquals(digest(algorithm, utf8("x")).length, hashSize(algorithm));
});

Deno.test("createHasher() hashes incrementally and rejects unknown or lower-case names", () => {
  const hasher = createHasher("SHA256");
  hasher.update(utf8("a")).update(utf8("bc"));
  assertEquals(hasher.digest("base64"), digestBase64("SHA256", utf8("abc")));
  assertThrows(
    () => createHasher("sha256"),
    UserInputError,
    `Cannot use hash algorithm "sha256": expected one of MD5, SHA1, SHA256, SHA384, SHA512`,
  );
  assertThrows(() => createHasher("CRC32"), UserInputError, `Cannot use hash algorithm "CRC32"`);
});
