import { assertEquals, assertThrows } from "../support/assert.ts";
import { UserInputError } from "../../lib/core/errors.ts";
import { Filter, type FilterRule } from "../../lib/filters/filter.ts";

const include = (expression: string): FilterRule => ({ include: true, expression });
const exclude = (expression: string): FilterRule => ({ include: false, expression });
const LINUX = { os: "linux" } as const;

Deno.test("Filter includes everything when empty", () => {
  const filter = Filter.from([], LINUX);
  assertEquals(filter.empty, true);
  assertEquals(filter.matches("/anything"), true);
  assertEquals(Filter.none().matches("/x/"), true);
  assertEquals(Filter.from([include(""), include("{DefaultIncludes}")], LINUX).empty, true);
});

Deno.test("Filter uses the first matching rule", () => {
  const filter = Filter.from([include("/home/john/keep.tmp"), exclude("*.tmp"), include("*/important/*")], LINUX);
  assertEquals(filter.matches("/home/john/keep.tmp"), true);
  assertEquals(filter.matches("/home/john/other.tmp"), false);
  assertEquals(filter.matches("/home/john/important/x.tmp"), false);
  assertEquals(filter.match("/home/john/important/x.tmp"), exclude("*.tmp"));
  assertEquals(filter.match("/home/john/important/x.doc"), include("*/important/*"));
});

Deno.test("Filter excludes unmatched paths when all rules are includes", () => {
  const filter = Filter.from([include("*.txt"), include("*/")], LINUX);
  assertEquals(filter.matches("/a/b.txt"), true);
  assertEquals(filter.matches("/a/"), true);
  assertEquals(filter.matches("/a/b.doc"), false);
  assertEquals(filter.match("/a/b.doc"), undefined);
});

Deno.test("Filter includes unmatched paths when any rule is an exclude", () => {
  const filter = Filter.from([include("*.txt"), exclude("/secret/")], LINUX);
  assertEquals(filter.matches("/a/b.doc"), true);
  assertEquals(filter.matches("/secret/"), false);
});

Deno.test("Filter matches folders by their trailing separator", () => {
  const filter = Filter.from([exclude("/home/john/cache/")], LINUX);
  assertEquals(filter.matches("/home/john/cache/"), false);
  assertEquals(filter.matches("/home/john/cache"), true);
  assertEquals(filter.matches("/home/john/cache/file"), true);
  const contents = Filter.from([exclude("/home/john/cache/*")], LINUX);
  assertEquals(contents.matches("/home/john/cache/"), false);
  assertEquals(contents.matches("/home/john/cache/deep/file"), false);
});

Deno.test("Filter supports regex and group rules", () => {
  const filter = Filter.from([exclude("[.*/\\.git/]"), exclude("{TemporaryFiles}")], LINUX);
  assertEquals(filter.matches("/src/project/.git/"), false);
  assertEquals(filter.matches("/tmp/"), false);
  assertEquals(filter.matches("/home/john/file~"), false);
  assertEquals(filter.matches("/home/john/file"), true);
  assertEquals(filter.match("/tmp/"), exclude("{TemporaryFiles}"));
});

Deno.test("Filter is case-sensitive on Linux and not on Windows or macOS by default", () => {
  const rules = [exclude("*.TMP")];
  assertEquals(Filter.from(rules, { os: "linux" }).matches("/a.tmp"), true);
  assertEquals(Filter.from(rules, { os: "darwin" }).matches("/a.tmp"), false);
  assertEquals(Filter.from(rules, { os: "windows" }).matches("C:\\a.tmp"), false);
  assertEquals(Filter.from(rules, { os: "linux", caseSensitive: false }).matches("/a.tmp"), false);
  assertEquals(Filter.from([exclude("[.*\\.TMP]")], { os: "windows" }).matches("C:\\x.tmp"), false);
});

Deno.test("Filter expands environment variables when given an environment", () => {
  const env = { HOME: "/home/john", TEMP: "C:\\Temp" };
  assertEquals(Filter.from([exclude("$HOME/junk/")], { os: "linux", env }).matches("/home/john/junk/"), false);
  assertEquals(Filter.from([exclude("${HOME}/junk/")], { os: "linux", env }).matches("/home/john/junk/"), false);
  assertEquals(Filter.from([exclude("%TEMP%\\*")], { os: "windows", env }).matches("c:\\temp\\x"), false);
  assertEquals(Filter.from([exclude("$HOME/junk/")], { os: "linux" }).matches("/home/john/junk/"), true);
});

Deno.test("Filter.from() keeps the rules and rejects bad expressions", () => {
  const rules = [include("*.txt"), exclude("")];
  assertEquals(Filter.from(rules, LINUX).rules, rules);
  assertThrows(() => Filter.from([exclude("[(]")], LINUX), UserInputError);
  assertThrows(() => Filter.from([exclude("{Nope}")], LINUX), UserInputError);
});
