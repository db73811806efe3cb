import { assertEquals } from "../support/assert.ts";
import { globToRegExp, globToRegExpSource, literalToRegExpSource } from "../../lib/filters/glob.ts";

Deno.test("globToRegExp() lets * cross path separators", () => {
  const regex = globToRegExp("*.txt", true);
  assertEquals(regex.test("/home/john/notes.txt"), true);
  assertEquals(regex.test("/a/b/c/d.txt"), true);
  assertEquals(regex.test("/home/john/notes.txt.bak"), false);
  assertEquals(globToRegExp("/home/*/cache/", true).test("/home/john/deep/cache/"), true);
});

Deno.test("globToRegExp() matches one character with ?", () => {
  const regex = globToRegExp("/data/file?.log", true);
  assertEquals(regex.test("/data/file1.log"), true);
  assertEquals(regex.test("/data/file12.log"), false);
  assertEquals(regex.test("/data/file.log"), false);
  assertEquals(globToRegExp("/a?b", true).test("/a/b"), true);
});

Deno.test("globToRegExp() matches the whole path and escapes regex characters", () => {
  assertEquals(globToRegExp("/home/john/", true).test("/home/john/"), true);
  assertEquals(globToRegExp("/home/john/", true).test("/home/john/x"), false);
  assertEquals(globToRegExp("/home/john", true).test("/home/john/"), false);
  assertEquals(globToRegExp("/a+b/(c)[d]{e}$^.|", true).test("/a+b/(c)[d]{e}$^.|"), true);
  assertEquals(globToRegExp("/a.b", true).test("/aXb"), false);
  assertEquals(globToRegExp("C:\\Temp\\*", true).test("C:\\Temp\\x.txt"), true);
});

Deno.test("globToRegExp() honours case sensitivity", () => {
  assertEquals(globToRegExp("*.TXT", true).test("/a.txt"), false);
  assertEquals(globToRegExp("*.TXT", false).test("/a.txt"), true);
});

Deno.test("globToRegExpSource() and literalToRegExpSource() give anchored sources", () => {
  assertEquals(globToRegExpSource("/a*"), "^\\/a.*$");
  assertEquals(new RegExp(literalToRegExpSource("/a*?b")).test("/a*?b"), true);
  assertEquals(new RegExp(literalToRegExpSource("/a*?b")).test("/axxb"), false);
});
