import { assertEquals } from "../support/assert.ts";
import { HELP_TOKENS, parseArgs } from "../../lib/cli/args.ts";

Deno.test("parseArgs() splits --name=value and keeps positionals in order", () => {
  const parsed = parseArgs(["backup", "--dblock-size=100mb", "file:///mnt/b", "/home/john", "--dry-run", "/etc"]);
  assertEquals(parsed.positionals, ["backup", "file:///mnt/b", "/home/john", "/etc"]);
  assertEquals([...parsed.options], [["dblock-size", "100mb"], ["dry-run", undefined]]);
  assertEquals(parsed.filters, []);
  assertEquals(parsed.helpRequested, false);
});

Deno.test("parseArgs() lower-cases names and strips quotes from values", () => {
  const parsed = parseArgs(["list", `--Passphrase="quoted value"`, `--Prefix=a"b`, "--X=a=b=c"]);
  assertEquals(parsed.options.get("passphrase"), "quoted value");
  assertEquals(parsed.options.get("prefix"), `a"b`);
  assertEquals(parsed.options.get("x"), "a=b=c");
  assertEquals(parsed.options.has("Passphrase"), false);
});

Deno.test("parseArgs() lets the last occurrence win and orders by it", () => {
  const parsed = parseArgs(["backup", "--prefix=a", "--dblock-size=1mb", "--PREFIX=b"]);
  assertEquals([...parsed.options], [["dblock-size", "1mb"], ["prefix", "b"]]);
});

Deno.test("parseArgs() keeps --include and --exclude in command-line order", () => {
  const parsed = parseArgs([
    "backup",
    "--exclude=*.tmp",
    "url",
    "--include=/home/john/keep.tmp",
    `--EXCLUDE="[.*\\.bak]"`,
    "--include=",
    "--exclude",
  ]);
  assertEquals(parsed.filters, [
    { include: false, expression: "*.tmp" },
    { include: true, expression: "/home/john/keep.tmp" },
    { include: false, expression: "[.*\\.bak]" },
  ]);
  assertEquals(parsed.options.size, 0);
});

Deno.test("parseArgs() detects help tokens anywhere, in any case", () => {
  for (const token of HELP_TOKENS) {
    assertEquals(parseArgs(["backup", "url", token.toUpperCase()]).helpRequested, true, token);
  }
  const topic = parseArgs(["help", "backup"]);
  assertEquals(topic.helpRequested, true);
  assertEquals(topic.positionals, ["help", "backup"]);
  const flag = parseArgs(["backup", "--help"]);
  assertEquals(flag.positionals, ["backup"]);
  assertEquals(flag.options.size, 0);
  assertEquals(parseArgs(["backup", "--help=x"]).helpRequested, false);
});

Deno.test("parseArgs() asks for help when there is no positional argument", () => {
  assertEquals(parseArgs([]).helpRequested, true);
  assertEquals(parseArgs(["--dry-run"]).helpRequested, true);
});

Deno.test("parseArgs() treats a bare -- as an option with an empty name, not an end marker", () => {
  const parsed = parseArgs(["restore", "url", "--", "--overwrite", "-x"]);
  assertEquals(parsed.positionals, ["restore", "url", "-x"]);
  assertEquals([...parsed.options], [["", undefined], ["overwrite", undefined]]);
});

Deno.test("parseArgs() keeps empty values distinct from bare flags", () => {
  const parsed = parseArgs(["backup", "--passphrase=", "--no-encryption"]);
  assertEquals(parsed.options.get("passphrase"), "");
  assertEquals(parsed.options.get("no-encryption"), undefined);
  assertEquals(parsed.options.has("no-encryption"), true);
});
