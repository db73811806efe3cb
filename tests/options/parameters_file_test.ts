import { assertEquals, assertThrows } from "../support/assert.ts";
import { UserInputError } from "../../lib/core/errors.ts";
import { applyParametersFile, parseFilterList, parseParametersFile } from "../../lib/options/parameters_file.ts";

const FILE = [
  "\uFEFF--dblock-size=100mb",
  "",
  '  --passphrase="two words"  ',
  "# a comment line is ignored",
  "--source=/home/john",
  "--source=/etc",
  "--target=file:///mnt/backup",
  "--include=*.txt",
  "--exclude=/home/john/tmp/",
  "--dry-run",
  "--Console-Log-Level=Verbose",
].join("\r\n");

Deno.test("parseParametersFile() reads options, sources, target and filters", () => {
  const file = parseParametersFile(FILE, { pathSeparator: ":" });
  assertEquals(file.options, [
    ["dblock-size", "100mb"],
    ["passphrase", "two words"],
    ["dry-run", undefined],
    ["console-log-level", "Verbose"],
  ]);
  assertEquals(file.sources, ["/home/john", "/etc"]);
  assertEquals(file.target, "file:///mnt/backup");
  assertEquals(file.filters, [
    { include: true, expression: "*.txt" },
    { include: false, expression: "/home/john/tmp/" },
  ]);
  assertEquals(file.ignoredLines, ["# a comment line is ignored"]);
  assertEquals(file.replaceFilters, undefined);
});

Deno.test("parseParametersFile() reads prepend, append and replace filter lists", () => {
  const file = parseParametersFile(
    "--prepend-filter=+*.doc:-*.tmp\n--append-filter=-[.*\\.xyz]\n--replace-filter=+*",
    { pathSeparator: ":" },
  );
  assertEquals(file.prependFilters, [{ include: true, expression: "*.doc" }, { include: false, expression: "*.tmp" }]);
  assertEquals(file.appendFilters, [{ include: false, expression: "[.*\\.xyz]" }]);
  assertEquals(file.replaceFilters, [{ include: true, expression: "*" }]);
});

Deno.test("parseFilterList() splits on the given separator and skips unsigned items", () => {
  assertEquals(parseFilterList("+*.txt;-C:\\Temp\\;junk;+", ";"), [
    { include: true, expression: "*.txt" },
    { include: false, expression: "C:\\Temp\\" },
  ]);
});

Deno.test("applyParametersFile() lets file options win and appends sources for backup", () => {
  const file = parseParametersFile(FILE, { pathSeparator: ":" });
  const merged = applyParametersFile(file, {
    positionals: ["backup", "file:///old", "/srv"],
    options: new Map([["dblock-size", "10mb"], ["parameters-file", "p.txt"], ["prefix", "x"]]),
    filters: [],
  });
  assertEquals(merged.positionals, ["backup", "file:///mnt/backup", "/srv", "/home/john", "/etc"]);
  assertEquals([...merged.options], [
    ["prefix", "x"],
    ["dblock-size", "100mb"],
    ["passphrase", "two words"],
    ["dry-run", undefined],
    ["console-log-level", "Verbose"],
  ]);
  assertEquals(merged.filters.length, 2);
  assertEquals(merged.notes, []);
});

Deno.test("applyParametersFile() adds a missing target and ignores sources outside backup", () => {
  const file = parseParametersFile("--target=s3://bucket\n--source=/x", { pathSeparator: ":" });
  const merged = applyParametersFile(file, { positionals: ["list"], options: new Map(), filters: [] });
  assertEquals(merged.positionals, ["list", "s3://bucket"]);
  assertEquals(merged.notes, ["The --source values from the parameters file are only used by backup"]);
  const tested = applyParametersFile(file, { positionals: ["test-filters", "/a"], options: new Map(), filters: [] });
  assertEquals(tested.positionals, ["test-filters", "/a", "/x"]);
  assertEquals(tested.notes, ["The --target from the parameters file is not used by test-filters"]);
});

Deno.test("applyParametersFile() combines filter lists in Duplicati's order", () => {
  const cli = [{ include: false, expression: "*.bak" }];
  const file = parseParametersFile("--prepend-filter=+a\n--append-filter=-b", { pathSeparator: ":" });
  const merged = applyParametersFile(file, { positionals: ["backup"], options: new Map(), filters: cli });
  assertEquals(merged.filters, [
    { include: true, expression: "a" },
    { include: false, expression: "*.bak" },
    { include: false, expression: "b" },
  ]);
  const replaced = parseParametersFile("--replace-filter=-c", { pathSeparator: ":" });
  assertEquals(applyParametersFile(replaced, { positionals: [], options: new Map(), filters: cli }).filters, [
    { include: false, expression: "c" },
  ]);
});

Deno.test("applyParametersFile() refuses filters in both the file and on the command line", () => {
  const file = parseParametersFile("--include=*.txt", { pathSeparator: ":" });
  assertThrows(
    () =>
      applyParametersFile(file, {
        positionals: ["backup"],
        options: new Map(),
        filters: [{ include: false, expression: "x" }],
      }),
    UserInputError,
    "Cannot combine --include/--exclude on the command line with a parameters file",
  );
});
