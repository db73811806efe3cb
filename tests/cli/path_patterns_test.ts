import { Filter } from "../../lib/filters/filter.ts";
import { pathMatcher, patternExpression } from "../../lib/cli/path_patterns.ts";
import { assertEquals } from "../support/assert.ts";

const LIST = { forRestore: false };
const RESTORE = { forRestore: true };

Deno.test("patternExpression() turns a bare name into */name", () => {
  assertEquals(patternExpression("report.txt", LIST), "*/report.txt");
  assertEquals(patternExpression("report.txt", RESTORE), "*/report.txt");
});

Deno.test("patternExpression() keeps paths and wildcard patterns", () => {
  assertEquals(patternExpression("/home/u/a.txt", LIST), "/home/u/a.txt");
  assertEquals(patternExpression("*.txt", LIST), "*.txt");
  assertEquals(patternExpression("a?c", LIST), "a?c");
  assertEquals(patternExpression("C:\\data\\x", LIST), "C:\\data\\x");
});

Deno.test("patternExpression() makes @text a literal regular expression", () => {
  assertEquals(patternExpression("@/home/u/a.b", LIST), "[/home/u/a\\.b]");
  assertEquals(patternExpression("@a*b?(c)[d]{e}|f^$+\\", LIST), "[a\\*b\\?\\(c\\)\\[d\\]\\{e\\}\\|f\\^\\$\\+\\\\]");
});

Deno.test("patternExpression() leaves [regex] and {group} expressions alone", () => {
  assertEquals(patternExpression("[.*\\.txt]", RESTORE), "[.*\\.txt]");
  assertEquals(patternExpression("{Temp}", RESTORE), "{Temp}");
});

Deno.test("patternExpression() appends * to a trailing separator for restore only", () => {
  assertEquals(patternExpression("/home/u/docs/", RESTORE), "/home/u/docs/*");
  assertEquals(patternExpression("/home/u/docs/", LIST), "/home/u/docs/");
  assertEquals(patternExpression("C:\\data\\", RESTORE), "C:\\data\\*");
  assertEquals(patternExpression("docs/", RESTORE), "docs/*");
});

Deno.test("pathMatcher() matches positional patterns and applies the option filter too", () => {
  const filter = Filter.from([{ include: false, expression: "*.tmp" }], { os: "linux" });
  const match = pathMatcher(["a.txt", "/home/u/docs/"], filter, RESTORE);
  assertEquals(match("/x/a.txt"), true);
  assertEquals(match("/x/b.txt"), false);
  assertEquals(match("/home/u/docs/deep/c.doc"), true);
  assertEquals(match("/home/u/docs/deep/c.tmp"), false);
  assertEquals(match("/home/u/other"), false);
});

Deno.test("pathMatcher() with no pattern or only * matches everything the filter passes", () => {
  const filter = Filter.from([{ include: false, expression: "*.tmp" }], { os: "linux" });
  for (const patterns of [[], ["*"]]) {
    const match = pathMatcher(patterns, filter, LIST);
    assertEquals([match("/a"), match("/b/c.doc"), match("/b/c.tmp")], [true, true, false]);
  }
  assertEquals(pathMatcher([], Filter.none(), LIST)("/anything"), true);
});

Deno.test("pathMatcher() matches @literal paths exactly", () => {
  const match = pathMatcher(["@/a/b.c"], Filter.none(), LIST);
  assertEquals(match("/a/b.c"), true);
  assertEquals(match("/a/bxc"), false);
  assertEquals(match("/a/b.c/d"), false);
});
