import { assertEquals, assertThrows } from "../support/assert.ts";
import { UserInputError } from "../../lib/core/errors.ts";
import { parseDateTime } from "../../lib/options/parse_datetime.ts";

const NOW = new Date(2024, 5, 15, 12, 0, 0);

Deno.test("parseDateTime() reads now in any case", () => {
  assertEquals(parseDateTime("now", NOW), NOW);
  assertEquals(parseDateTime(" NOW ", NOW), NOW);
});

Deno.test("parseDateTime() adds a relative span to now, calendar-aware", () => {
  assertEquals(parseDateTime("2M10D5h", NOW), new Date(2024, 7, 25, 17, 0, 0));
  assertEquals(parseDateTime("-2D", NOW), new Date(2024, 5, 13, 12, 0, 0));
  assertEquals(parseDateTime("1Y", NOW), new Date(2025, 5, 15, 12, 0, 0));
});

Deno.test("parseDateTime() reads a bare integer as epoch seconds", () => {
  assertEquals(parseDateTime("1234567890", NOW), new Date(Date.UTC(2009, 1, 13, 23, 31, 30)));
  assertEquals(parseDateTime("0", NOW), new Date(0));
});

Deno.test("parseDateTime() reads ISO-8601 with and without a zone", () => {
  assertEquals(parseDateTime("2009-03-26T08:30:00+01:00", NOW), new Date(Date.UTC(2009, 2, 26, 7, 30, 0)));
  assertEquals(parseDateTime("2009-03-26T08:30:00Z", NOW), new Date(Date.UTC(2009, 2, 26, 8, 30, 0)));
  assertEquals(parseDateTime("2009-03-26T08:30:00.250-0230", NOW), new Date(Date.UTC(2009, 2, 26, 11, 0, 0, 250)));
  assertEquals(parseDateTime("2009-03-26T08:30", NOW), new Date(2009, 2, 26, 8, 30, 0));
  assertEquals(parseDateTime("2009-03-26 08:30:15", NOW), new Date(2009, 2, 26, 8, 30, 15));
  assertEquals(parseDateTime("2009-03-26", NOW), new Date(2009, 2, 26, 0, 0, 0));
});

Deno.test("parseDateTime() reads Duplicati's serialized form as UTC", () => {
  assertEquals(parseDateTime("20090326T073000Z", NOW), new Date(Date.UTC(2009, 2, 26, 7, 30, 0)));
});

Deno.test("parseDateTime() accepts other spellings only when a year is visible", () => {
  assertEquals(parseDateTime("Jan 14 2000", NOW), new Date(2000, 0, 14));
  assertThrows(() => parseDateTime("Jan 14", NOW), UserInputError);
});

Deno.test("parseDateTime() rejects junk and impossible dates", () => {
  const error = assertThrows(() => parseDateTime("yesterday", NOW), UserInputError);
  assertEquals(error.message.startsWith(`Cannot parse date/time "yesterday": use "now", a relative time`), true);
  assertThrows(() => parseDateTime("2023-02-29", NOW), UserInputError, "out of range");
  assertThrows(() => parseDateTime("2023-13-01", NOW), UserInputError, "out of range");
  assertThrows(() => parseDateTime("2023-01-01T25:00", NOW), UserInputError, "out of range");
  assertThrows(() => parseDateTime("", NOW), UserInputError, "it is empty");
  assertEquals(parseDateTime("2024-02-29", NOW), new Date(2024, 1, 29));
});
