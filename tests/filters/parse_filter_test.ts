import { assertEquals, assertThrows } from "../support/assert.ts";
import { UserInputError } from "../../lib/core/errors.ts";
import {
  compileFilterExpression,
  dotNetRegexToJs,
  expandEnvironmentVariables,
  matchesWholePath,
} from "../../lib/filters/parse_filter.ts";

const LINUX = { caseSensitive: true, os: "linux" } as const;

function test(expression: string, path: string, options: Parameters<typeof compileFilterExpression>[1] = LINUX) {
  const { regex } = compileFilterExpression(expression, options);
  return regex !== undefined && matchesWholePath(regex, path);
}

Deno.test("compileFilterExpression() tells the forms apart", () => {
  assertEquals(compileFilterExpression("", LINUX).kind, "empty");
  assertEquals(compileFilterExpression("  ", LINUX).kind, "empty");
  assertEquals(compileFilterExpression("/home/", LINUX).kind, "literal");
  assertEquals(compileFilterExpression("*.txt", LINUX).kind, "glob");
  assertEquals(compileFilterExpression("[.*]", LINUX).kind, "regex");
  assertEquals(compileFilterExpression("{CacheFiles}", LINUX).kind, "group");
  assertEquals(compileFilterExpression("@/a*b", LINUX).kind, "literal");
  assertEquals(compileFilterExpression("{DefaultIncludes}", LINUX).kind, "empty");
});

Deno.test("compileFilterExpression() anchors regex filters to the whole path", () => {
  assertEquals(test("[.*\\.txt]", "/home/a.txt"), true);
  assertEquals(test("[\\.txt]", "/home/a.txt"), false);
  assertEquals(test("[/home/[^/]+/]", "/home/john/"), true);
  assertEquals(test("[/home/[^/]+/]", "/home/john/x"), false);
  assertEquals(test("[a|b]", "a"), true);
  assertEquals(test("[a|b]", "ab"), false);
  assertEquals(test("[^/a$|^/b$]", "/b"), true);
  assertEquals(test("[^/a|b$]", "/xb"), false);
  assertEquals(test("[.*]", "/anything/\nwith newline"), true);
});

Deno.test("compileFilterExpression() matches @literal text exactly", () => {
  assertEquals(test("@/data/*.txt", "/data/*.txt"), true);
  assertEquals(test("@/data/*.txt", "/data/a.txt"), false);
});

Deno.test("compileFilterExpression() expands groups for the OS", () => {
  assertEquals(test("{CacheFiles}", "/home/john/.cache/"), true);
  assertEquals(test("{Cache,Temp}", "/tmp/"), true);
  assertEquals(test("{SystemFiles}", "/home/john/"), false);
  const windows = { caseSensitive: false, os: "windows" } as const;
  assertEquals(test("{TemporaryFiles}", "C:\\Users\\john\\AppData\\Local\\Temp\\", windows), true);
  assertEquals(test("{OperatingSystem}", "c:\\windows\\", windows), true);
  assertThrows(() => compileFilterExpression("{Bogus}", LINUX), UserInputError, `Cannot use filter group "Bogus"`);
});

Deno.test("compileFilterExpression() reports bad regular expressions", () => {
  const error = assertThrows(() => compileFilterExpression("[a(]", LINUX), UserInputError);
  assertEquals(error.message.startsWith(`Cannot parse filter "[a(]": invalid regular expression`), true);
});

Deno.test("compileFilterExpression() expands environment variables only when env is given", () => {
  const env = { HOME: "/home/john" };
  assertEquals(test("$HOME/*.txt", "/home/john/a.txt", { ...LINUX, env }), true);
  assertEquals(test("%HOME%/*", "/home/john/a", { ...LINUX, env }), true);
  assertEquals(test("$HOME/*.txt", "/home/john/a.txt"), false);
});

Deno.test("expandEnvironmentVariables() follows .NET on Windows and shells elsewhere", () => {
  const env = { USERPROFILE: "C:\\Users\\john", HOME: "/home/john", X: "1" };
  assertEquals(expandEnvironmentVariables("%userprofile%\\Temp", { env, os: "windows" }), "C:\\Users\\john\\Temp");
  assertEquals(expandEnvironmentVariables("$HOME\\x", { env, os: "windows" }), "$HOME\\x");
  assertEquals(
    expandEnvironmentVariables("${HOME}/a:$X:$NOPE:%NOPE%", { env, os: "linux" }),
    "/home/john/a:1:$NOPE:%NOPE%",
  );
  assertEquals(expandEnvironmentVariables("%home%", { env, os: "linux" }), "%home%");
  assertEquals(expandEnvironmentVariables("[.*\\.txt$]", { env, os: "darwin" }), "[.*\\.txt$]");
});

Deno.test("dotNetRegexToJs() translates the trivial differences", () => {
  assertEquals(dotNetRegexToJs("(?i)abc"), { source: "abc", flags: "i" });
  assertEquals(dotNetRegexToJs("\\Aabc\\z"), { source: "^abc$", flags: "" });
  assertEquals(dotNetRegexToJs("a\\Z").source, "a(?=\\n?$)");
  assertEquals(dotNetRegexToJs("(?'name'x)(?>y)(?#note)z").source, "(?<name>x)(?:y)z");
  assertEquals(dotNetRegexToJs("[\\A](?#)").source, "[\\A]");
  assertEquals(dotNetRegexToJs("[]a](?>b)").source, "[]a](?:b)");
  assertEquals(test("[(?i)/HOME/.*]", "/home/x"), true);
});
