import { assertEquals, assertThrows } from "../support/assert.ts";
import { UserInputError } from "../../lib/core/errors.ts";
import { booleanOption, enumOption, integerOption, sizeOption, stringOption } from "../../lib/options/define.ts";
import { OptionRegistry } from "../../lib/options/registry.ts";
import { optionsFromRecord, resolveOptions } from "../../lib/options/resolve.ts";

const DRY = booleanOption({ name: "dry-run", aliases: ["dryrun"], summary: "d" });
const SIZE = sizeOption({
  name: "dblock-size",
  aliases: ["remote-volume-size"],
  summary: "s",
  default: "50mb",
  defaultUnit: "mb",
});
const LEVEL = enumOption({
  name: "console-log-level",
  summary: "l",
  values: ["Verbose", "Warning"],
  default: "Warning",
});
const OLD = booleanOption({ name: "old-thing", summary: "o", deprecated: "use --new-thing instead" });
const RETRIES = integerOption({ name: "number-of-retries", summary: "r", default: 5 });

function registry(): OptionRegistry {
  const result = new OptionRegistry();
  result.register(DRY, SIZE, LEVEL, OLD, RETRIES);
  return result;
}

Deno.test("resolveOptions() returns parsed values and defaults", () => {
  const { options, warnings } = resolveOptions(
    new Map([["dblock-size", "10mb"], ["console-log-level", "verbose"]]),
    registry(),
  );
  assertEquals(options.get(SIZE), 10 * 1024 ** 2);
  assertEquals(options.get(LEVEL), "Verbose");
  assertEquals(options.get(DRY), false);
  assertEquals(options.get(RETRIES), 5);
  assertEquals(options.isSet(SIZE), true);
  assertEquals(options.isSet(DRY), false);
  assertEquals(warnings, []);
});

Deno.test("resolveOptions() resolves aliases and bare flags", () => {
  const { options } = resolveOptions(new Map([["dryrun", undefined], ["remote-volume-size", "1gb"]]), registry());
  assertEquals(options.get(DRY), true);
  assertEquals(options.isSet(DRY), true);
  assertEquals(options.get(SIZE), 1024 ** 3);
  assertEquals(options.raw("dblock-size"), "1gb");
  assertEquals(options.raw("remote-volume-size"), "1gb");
});

Deno.test("resolveOptions() lets the later of a name and its alias win", () => {
  const later = resolveOptions(new Map([["dblock-size", "10mb"], ["remote-volume-size", "20mb"]]), registry());
  assertEquals(later.options.get(SIZE), 20 * 1024 ** 2);
  const earlier = resolveOptions(new Map([["remote-volume-size", "20mb"], ["dblock-size", "10mb"]]), registry());
  assertEquals(earlier.options.get(SIZE), 10 * 1024 ** 2);
});

Deno.test("resolveOptions() warns about unknown options and keeps them for raw()", () => {
  const { options, warnings } = resolveOptions(new Map([["frobnicate", "7"], ["", undefined]]), registry());
  assertEquals(warnings, [
    "The supplied option --frobnicate is not supported and will be ignored",
    "The supplied option -- is not supported and will be ignored",
  ]);
  assertEquals(options.raw("frobnicate"), "7");
  assertEquals(options.raw("--FROBNICATE"), "7");
  assertEquals(options.raw("missing"), undefined);
});

Deno.test("resolveOptions() warns about deprecated options and junk booleans", () => {
  const { options, warnings } = resolveOptions(new Map([["old-thing", undefined], ["dry-run", "perhaps"]]), registry());
  assertEquals(warnings, [
    "The option --old-thing has been deprecated: use --new-thing instead",
    `The value "perhaps" supplied to --dry-run does not parse into a valid boolean; it is treated as "true"`,
  ]);
  assertEquals(options.get(DRY), true);
  assertEquals(options.get(OLD), true);
});

Deno.test("resolveOptions() throws a UserInputError naming the option for bad values", () => {
  const error = assertThrows(() => resolveOptions(new Map([["dblock-size", "lots"]]), registry()), UserInputError);
  assertEquals(
    error.message,
    `Cannot parse --dblock-size="lots": expected a number with an optional suffix such as "50mb"`,
  );
  assertThrows(
    () => resolveOptions(new Map([["console-log-level", "loud"]]), registry()),
    UserInputError,
    `Cannot parse --console-log-level="loud": expected one of Verbose, Warning`,
  );
});

Deno.test("resolveOptions() refuses internal options", () => {
  assertThrows(
    () => resolveOptions(new Map([["main-action", "backup"]]), registry()),
    UserInputError,
    "Cannot use --main-action: the option is reserved for internal use",
  );
});

Deno.test("Options.get() parses unregistered specs from the raw map", () => {
  const backendOption = stringOption({ name: "use-ssl-mode", aliases: ["ssl-mode"], summary: "u", default: "none" });
  const { options } = resolveOptions(new Map([["ssl-mode", "strict"]]), registry());
  assertEquals(options.get(backendOption), "strict");
  assertEquals(options.isSet(backendOption), true);
  const other = stringOption({ name: "other", summary: "o", default: "x" });
  assertEquals(options.get(other), "x");
  assertEquals(options.isSet(other), false);
});

Deno.test("optionsFromRecord() accepts keys with dashes and any case", () => {
  const options = optionsFromRecord({ "--Dry-Run": "true", "number-of-retries": "2" }, registry());
  assertEquals(options.get(DRY), true);
  assertEquals(options.get(RETRIES), 2);
  assertThrows(() => optionsFromRecord({ "number-of-retries": "x" }, registry()), UserInputError);
});
