import { concat, fromHex, toHex } from "../../../lib/core/bytes.ts";
import { IntegrityError } from "../../../lib/core/errors.ts";
import {
  CREATED_BY,
  encodeExtensions,
  encodeHeaderPrefix,
  isAesCrypt,
  parseHeader,
} from "../../../lib/volumes/aescrypt/header.ts";
import { assertEquals, assertThrows } from "../../support/assert.ts";
import { FIXED_NOW } from "./fixtures.ts";

const PLACEHOLDER_HEX = "0080" + "00" + "00".repeat(127);

Deno.test("encodeExtensions() writes SharpAESCrypt's default extensions byte for byte", () => {
  const expected = "0021" + toHex(new TextEncoder().encode("CREATED_BY\0SharpAESCrypt v2.0.3.0")) +
    "0017" + toHex(new TextEncoder().encode("CREATED_DATE\x002024-03-05")) +
    "0015" + toHex(new TextEncoder().encode("CREATED_TIME\x0002-07-09")) +
    PLACEHOLDER_HEX + "0000";
  const bytes = encodeExtensions({ now: FIXED_NOW });
  assertEquals(toHex(bytes), expected);
  assertEquals(bytes.length, 215);
  // Same bytes as the independent Python reference produced.
  assertEquals(
    toHex(bytes.subarray(0, 83)),
    "0021435245415445445f425900536861727041455343727970742076322e302e332e300017435245415445445f4441544500" +
      "323032342d30332d30350015435245415445445f54494d450030322d30372d3039",
  );
  assertEquals(CREATED_BY.length, 22);
});

Deno.test("encodeExtensions() uses the 12-hour clock: midnight is 12, afternoon hours wrap", () => {
  const text = (now: Date) => new TextDecoder().decode(encodeExtensions({ now }).subarray(62, 83));
  assertEquals(text(new Date(Date.UTC(1999, 11, 31, 0, 0, 5))), "CREATED_TIME\x0012-00-05");
  assertEquals(text(new Date(Date.UTC(2030, 0, 2, 12, 30, 59))), "CREATED_TIME\x0012-30-59");
  assertEquals(text(new Date(Date.UTC(2030, 0, 2, 23, 59, 0))), "CREATED_TIME\x0011-59-00");
  assertEquals(text(new Date(Date.UTC(2030, 0, 2, 1, 2, 3))), "CREATED_TIME\x0001-02-03");
  const date = new TextDecoder().decode(encodeExtensions({ now: new Date(Date.UTC(999, 0, 9)) }).subarray(37, 60));
  assertEquals(date, "CREATED_DATE\x000999-01-09");
});

Deno.test("encodeExtensions() writes only the terminator with minimalHeader", () => {
  assertEquals(toHex(encodeExtensions({ minimalHeader: true, now: FIXED_NOW })), "0000");
});

Deno.test("encodeExtensions() rejects dates .NET cannot format", () => {
  assertThrows(() => encodeExtensions({ now: new Date(Number.NaN) }), RangeError, "Cannot write the AES Crypt header");
  assertThrows(() => encodeExtensions({ now: new Date(Date.UTC(10000, 0, 1)) }), RangeError, "years 1-9999");
});

Deno.test("encodeHeaderPrefix() starts with AES, version 2 and a zero reserved byte", () => {
  assertEquals(toHex(encodeHeaderPrefix({ minimalHeader: true })), "41455302000000");
  assertEquals(encodeHeaderPrefix({ now: FIXED_NOW }).length, 220);
});

const KEY_BLOCK = Uint8Array.from({ length: 96 }, (_, i) => i);

Deno.test("parseHeader() skips any extensions and returns the key block", () => {
  const custom = fromHex("0005" + "4142004344" + "0003" + "000102" + "0000");
  const data = concat([fromHex("4145530200"), custom, KEY_BLOCK, fromHex("aabb")]);
  const header = parseHeader(data);
  assertEquals(header.version, 2);
  assertEquals(header.bodyOffset, 5 + custom.length + 96);
  assertEquals(toHex(header.iv1), toHex(KEY_BLOCK.subarray(0, 16)));
  assertEquals(toHex(header.encryptedKeys), toHex(KEY_BLOCK.subarray(16, 64)));
  assertEquals(toHex(header.hmac1), toHex(KEY_BLOCK.subarray(64, 96)));
});

Deno.test("parseHeader() reads version 1 files, which have no extension block", () => {
  const header = parseHeader(concat([fromHex("4145530100"), KEY_BLOCK]));
  assertEquals(header.version, 1);
  assertEquals(header.bodyOffset, 101);
  assertEquals(toHex(header.iv1), toHex(KEY_BLOCK.subarray(0, 16)));
});

Deno.test("parseHeader() rejects foreign, unsupported, reserved-byte and truncated headers", () => {
  const named = { name: "duplicati-b1.dblock.zip.aes" };
  const err = assertThrows(() => parseHeader(fromHex("504b030414"), named), IntegrityError);
  assertEquals(err.message, 'Cannot decrypt "duplicati-b1.dblock.zip.aes": not an AES Crypt file');
  assertThrows(() => parseHeader(concat([fromHex("4145530300"), KEY_BLOCK])), IntegrityError, "version 3");
  assertThrows(() => parseHeader(concat([fromHex("4145530000"), KEY_BLOCK])), IntegrityError, "version 0");
  assertThrows(() => parseHeader(concat([fromHex("4145530207"), KEY_BLOCK])), IntegrityError, "reserved");
  assertThrows(() => parseHeader(fromHex("41455302000010414200")), IntegrityError, "truncated header");
  assertThrows(() => parseHeader(concat([fromHex("41455302000000"), KEY_BLOCK.subarray(0, 95)])), IntegrityError);
  assertThrows(() => parseHeader(fromHex("4145")), IntegrityError, "AES Crypt data: not an AES Crypt file");
});

Deno.test("isAesCrypt() accepts the magic with versions 1 and 2 only", () => {
  assertEquals(isAesCrypt(fromHex("41455302")), true);
  assertEquals(isAesCrypt(fromHex("4145530100")), true);
  assertEquals(isAesCrypt(fromHex("41455303")), false);
  assertEquals(isAesCrypt(fromHex("41455300")), false);
  assertEquals(isAesCrypt(fromHex("414553")), false);
  assertEquals(isAesCrypt(fromHex("504b0304")), false);
});
