import { assertEquals, assertThrows } from "../support/assert.ts";
import { UserInputError } from "../../lib/core/errors.ts";
import { formatSizeText, parseSize, sizeHasNoSuffix } from "../../lib/options/parse_size.ts";

Deno.test("parseSize() accepts binary suffixes", () => {
  assertEquals(parseSize("10b"), 10);
  assertEquals(parseSize("1kb"), 1024);
  assertEquals(parseSize("1kib"), 1024);
  assertEquals(parseSize("50mb"), 52_428_800);
  assertEquals(parseSize("2mib"), 2_097_152);
  assertEquals(parseSize("2gb"), 2_147_483_648);
  assertEquals(parseSize("1gib"), 1_073_741_824);
  assertEquals(parseSize("1tb"), 1_099_511_627_776);
  assertEquals(parseSize("3tib"), 3 * 1_099_511_627_776);
});

Deno.test("parseSize() is case-insensitive and tolerates spaces", () => {
  assertEquals(parseSize("50MB"), 52_428_800);
  assertEquals(parseSize("1KiB"), 1024);
  assertEquals(parseSize(" 4 Gb "), 4 * 1024 ** 3);
  assertEquals(parseSize("+5kb"), 5120);
});

Deno.test("parseSize() accepts decimals and drops fractions of a byte", () => {
  assertEquals(parseSize("1.5mb"), 1_572_864);
  assertEquals(parseSize("0.5kb"), 512);
  assertEquals(parseSize(".25kb"), 256);
  assertEquals(parseSize("0.3kb"), 307);
});

Deno.test("parseSize() uses the default unit for bare numbers", () => {
  assertEquals(parseSize("4096"), 4096);
  assertEquals(parseSize("100", "kb"), 102_400);
  assertEquals(parseSize("100", "mb"), 104_857_600);
  assertEquals(parseSize("100b", "mb"), 100);
});

Deno.test("parseSize() rejects unknown suffixes, negatives and junk", () => {
  const error = assertThrows(() => parseSize("12x"), UserInputError);
  assertEquals(error.message, `Cannot parse size "12x": unknown suffix "x" (use b, kb, mb, gb or tb)`);
  assertThrows(() => parseSize("-5mb"), UserInputError, "sizes cannot be negative");
  assertThrows(() => parseSize("mb"), UserInputError, `Cannot parse size "mb"`);
  assertThrows(() => parseSize(""), UserInputError);
  assertThrows(() => parseSize("1,5mb"), UserInputError);
  assertThrows(() => parseSize("99999999999tb"), UserInputError, "too large");
});

Deno.test("sizeHasNoSuffix() spots sizes that rely on the default unit", () => {
  assertEquals(sizeHasNoSuffix("100"), true);
  assertEquals(sizeHasNoSuffix("100mb"), false);
});

Deno.test("formatSizeText() picks the largest exact unit", () => {
  assertEquals(formatSizeText(2 * 1024 ** 3), "2gb");
  assertEquals(formatSizeText(1024), "1kb");
  assertEquals(formatSizeText(1536), "1536b");
  assertEquals(formatSizeText(0), "0b");
});
