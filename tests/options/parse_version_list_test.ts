import { assertEquals, assertThrows } from "../support/assert.ts";
import { UserInputError } from "../../lib/core/errors.ts";
import { parseVersionList } from "../../lib/options/parse_version_list.ts";

Deno.test("parseVersionList() expands ranges in order", () => {
  assertEquals(parseVersionList("0,2-4,7"), [0, 2, 3, 4, 7]);
  assertEquals(parseVersionList("5"), [5]);
  assertEquals(parseVersionList("4-2"), [2, 3, 4]);
});

Deno.test("parseVersionList() ignores spaces, empty items and repeats", () => {
  assertEquals(parseVersionList(" 1 , ,3 - 4,1,4 "), [1, 3, 4]);
});

Deno.test("parseVersionList() rejects junk", () => {
  const error = assertThrows(() => parseVersionList("1,x"), UserInputError);
  assertEquals(error.message, `Cannot parse version list "1,x": "x" is not a version number or a range such as "2-4"`);
  assertThrows(() => parseVersionList("1-2-3"), UserInputError);
  assertThrows(() => parseVersionList("-1"), UserInputError);
  assertThrows(() => parseVersionList(","), UserInputError, "names no versions");
  assertThrows(() => parseVersionList("0-999999999"), UserInputError, "more than");
});
