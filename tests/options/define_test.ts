import { assertEquals, assertThrows } from "../support/assert.ts";
import { UserInputError } from "../../lib/core/errors.ts";
import {
  booleanOption,
  datetimeOption,
  decimalOption,
  enumOption,
  flagsOption,
  integerOption,
  passwordOption,
  pathOption,
  sizeOption,
  stringOption,
  timespanOption,
  versionListOption,
} from "../../lib/options/define.ts";

const FLAG = booleanOption({ name: "overwrite", summary: "Overwrite" });

Deno.test("booleanOption() treats a bare flag and empty value as true", () => {
  assertEquals(FLAG.default, false);
  assertEquals(FLAG.parse(undefined), true);
  assertEquals(FLAG.parse(""), true);
  assertEquals(FLAG.warning?.(undefined), undefined);
});

Deno.test("booleanOption() accepts Duplicati's true and false words case-insensitively", () => {
  for (const word of ["1", "on", "true", "yes", "TRUE", " Yes "]) assertEquals(FLAG.parse(word), true, word);
  for (const word of ["0", "off", "false", "no", "FALSE", "No"]) assertEquals(FLAG.parse(word), false, word);
  assertEquals(FLAG.warning?.("Off"), undefined);
});

Deno.test("booleanOption() reads junk as true and warns", () => {
  assertEquals(FLAG.parse("maybe"), true);
  assertEquals(
    FLAG.warning?.("maybe"),
    `The value "maybe" supplied to --overwrite does not parse into a valid boolean; it is treated as "true"`,
  );
  assertEquals(booleanOption({ name: "x", summary: "x", default: true }).default, true);
  assertEquals(FLAG.defaultText, "false");
});

Deno.test("integerOption() parses whole numbers within range", () => {
  const spec = integerOption({ name: "number-of-retries", summary: "n", default: 5, min: 0, max: 10 });
  assertEquals(spec.default, 5);
  assertEquals(spec.parse("7"), 7);
  assertEquals(spec.parse(" +3 "), 3);
  assertEquals(spec.parse(undefined), 5);
  assertEquals(
    spec.warning?.(undefined),
    `The option --number-of-retries was given without a value; the default "5" is used`,
  );
  const error = assertThrows(() => spec.parse("1.5"), UserInputError);
  assertEquals(error.message, `Cannot parse --number-of-retries="1.5": expected a whole number from 0 to 10`);
  assertEquals(
    assertThrows(() => spec.parse("11"), UserInputError).message,
    `Cannot use --number-of-retries="11": the value must be from 0 to 10`,
  );
  assertThrows(() => spec.parse("-1"), UserInputError, "from 0 to 10");
  assertThrows(() => spec.parse("ten"), UserInputError, "expected a whole number");
});

Deno.test("decimalOption() uses a dot as decimal separator", () => {
  const spec = decimalOption({ name: "backup-test-percentage", summary: "p", default: 0.1, min: 0, max: 100 });
  assertEquals(spec.parse("0.5"), 0.5);
  assertEquals(spec.parse("12"), 12);
  assertEquals(spec.parse(".25"), 0.25);
  assertThrows(() => spec.parse("0,5"), UserInputError, `expected a number such as "0.5"`);
  assertThrows(() => spec.parse("101"), UserInputError, "from 0 to 100");
});

Deno.test("enumOption() matches case-insensitively and returns the canonical spelling", () => {
  const spec = enumOption({
    name: "symlink-policy",
    summary: "s",
    values: ["Store", "Follow", "Ignore"],
    default: "Store",
  });
  assertEquals(spec.parse("follow"), "Follow");
  assertEquals(spec.parse("IGNORE"), "Ignore");
  assertEquals(spec.parse(undefined), "Store");
  assertEquals(spec.values, ["Store", "Follow", "Ignore"]);
  const error = assertThrows(() => spec.parse("copy"), UserInputError);
  assertEquals(error.message, `Cannot parse --symlink-policy="copy": expected one of Store, Follow, Ignore`);
  assertThrows(() => enumOption({ name: "e", summary: "e", values: ["a"], default: "b" as "a" }), TypeError);
});

Deno.test("flagsOption() parses comma lists of known values", () => {
  const spec = flagsOption({
    name: "exclude-files-attributes",
    summary: "a",
    values: ["Hidden", "System", "Temporary"],
  });
  assertEquals(spec.default, []);
  assertEquals(spec.parse("hidden, SYSTEM,hidden"), ["Hidden", "System"]);
  assertEquals(spec.parse(undefined), []);
  assertThrows(() => spec.parse("hidden,bogus"), UserInputError, `"bogus" is not one of Hidden, System, Temporary`);
});

Deno.test("sizeOption() converts defaults and values to bytes", () => {
  const spec = sizeOption({
    name: "dblock-size",
    summary: "d",
    default: "50mb",
    defaultUnit: "mb",
    max: 2 * 1024 ** 3,
    maxReason: "zip64 is missing",
  });
  assertEquals(spec.default, 52_428_800);
  assertEquals(spec.defaultText, "50mb");
  assertEquals(spec.parse("100kb"), 102_400);
  assertEquals(spec.parse("2"), 2 * 1024 ** 2);
  assertEquals(spec.parse(""), 52_428_800);
  assertEquals(
    spec.warning?.("2"),
    `The size "2" supplied to --dblock-size has no unit and is read as "2mb"; add a unit (b, kb, mb, gb, tb) to be explicit`,
  );
  assertEquals(spec.warning?.("2mb"), undefined);
  assertEquals(
    assertThrows(() => spec.parse("12x"), UserInputError).message,
    `Cannot parse --dblock-size="12x": unknown suffix "x" (use b, kb, mb, gb or tb)`,
  );
  assertEquals(
    assertThrows(() => spec.parse("3gb"), UserInputError).message,
    `Cannot use --dblock-size="3gb": the size must be at most 2gb because zip64 is missing`,
  );
  const optional = sizeOption({ name: "skip-files-larger-than", summary: "s", min: 1024 });
  assertEquals(optional.default, undefined);
  assertThrows(() => optional.parse("10b"), UserInputError, "at least 1kb");
});

Deno.test("timespanOption() converts to milliseconds", () => {
  const spec = timespanOption({ name: "retry-delay", summary: "r", default: "10s", min: 0 });
  assertEquals(spec.default, 10_000);
  assertEquals(spec.parse("1m"), 60_000);
  assertEquals(spec.parse("1M"), 30 * 86_400_000);
  assertThrows(() => spec.parse("-1s"), UserInputError, "at least 0s");
  assertEquals(
    assertThrows(() => spec.parse("1d"), UserInputError).message.startsWith(
      `Cannot parse --retry-delay="1d": unknown unit "d" (did you mean "D"?)`,
    ),
    true,
  );
  assertEquals(timespanOption({ name: "keep-time", summary: "k" }).parse(undefined), undefined);
});

Deno.test("datetimeOption() parses against the current clock", () => {
  const spec = datetimeOption({ name: "time", summary: "t", defaultText: "now" });
  assertEquals(spec.default, undefined);
  assertEquals(spec.defaultText, "now");
  assertEquals(spec.parse("20090326T073000Z"), new Date(Date.UTC(2009, 2, 26, 7, 30)));
  const before = Date.now();
  const parsed = spec.parse("now");
  assertEquals(parsed !== undefined && parsed.getTime() >= before && parsed.getTime() <= Date.now(), true);
  assertThrows(() => spec.parse("soon"), UserInputError, `Cannot parse --time="soon"`);
});

Deno.test("versionListOption() parses version lists", () => {
  const spec = versionListOption({ name: "version", summary: "v" });
  assertEquals(spec.parse("0,2-3"), [0, 2, 3]);
  assertEquals(spec.parse(undefined), undefined);
  assertThrows(() => spec.parse("a"), UserInputError, `Cannot parse --version="a"`);
});

Deno.test("stringOption() and pathOption() return text, blank means default", () => {
  const prefix = stringOption({
    name: "prefix",
    summary: "p",
    default: "duplicati",
    check: (value) => value.includes("-") ? "no hyphens" : undefined,
  });
  assertEquals(prefix.parse("mine"), "mine");
  assertEquals(prefix.parse(""), "duplicati");
  assertEquals(prefix.parse(undefined), "duplicati");
  assertEquals(
    assertThrows(() => prefix.parse("a-b"), UserInputError).message,
    `Cannot use --prefix="a-b": no hyphens`,
  );
  const path = pathOption({ name: "dbpath", summary: "d" });
  assertEquals(path.kind, "path");
  assertEquals(path.parse("/tmp/x.sqlite"), "/tmp/x.sqlite");
  assertEquals(path.parse(undefined), undefined);
});

Deno.test("passwordOption() keeps an empty value and hides values in errors", () => {
  const spec = passwordOption({ name: "passphrase", summary: "p", check: (v) => v === "bad" ? "too weak" : undefined });
  assertEquals(spec.kind, "password");
  assertEquals(spec.parse(""), "");
  assertEquals(spec.parse("secret"), "secret");
  assertEquals(spec.parse(undefined), undefined);
  assertEquals(
    assertThrows(() => spec.parse("bad"), UserInputError).message,
    `Cannot use --passphrase="***": too weak`,
  );
});

Deno.test("define functions reject malformed names", () => {
  assertThrows(() => booleanOption({ name: "--dry-run", summary: "x" }), TypeError);
  assertThrows(() => booleanOption({ name: "Dry-Run", summary: "x" }), TypeError);
  assertThrows(() => booleanOption({ name: "dry-run", aliases: ["Dry"], summary: "x" }), TypeError);
});
