import { assertEquals, assertThrows } from "../support/assert.ts";
import { UserInputError } from "../../lib/core/errors.ts";
import { LOG_LEVELS } from "../../lib/core/log.ts";
import {
  ASYNCHRONOUS_UPLOAD_LIMIT,
  BLOCK_HASH_ALGORITHM,
  BLOCKSIZE,
  commonOptionSpecs,
  CONSOLE_LOG_LEVEL,
  DBLOCK_SIZE,
  DRY_RUN,
  ENCRYPTION_MODULE,
  EXCLUDE_FILES_ATTRIBUTES,
  FULL_RESULT,
  HARDLINK_POLICY,
  LOG_LEVEL,
  PARAMETERS_FILE,
  PREFIX,
  TIME,
  VERSION,
  ZIP_COMPRESSION_LEVEL,
  ZIP_COMPRESSION_METHOD,
} from "../../lib/options/mod.ts";
import { OptionRegistry } from "../../lib/options/registry.ts";
import { resolveOptions } from "../../lib/options/resolve.ts";

function registry(): OptionRegistry {
  const result = new OptionRegistry();
  result.register(...commonOptionSpecs());
  return result;
}

Deno.test("commonOptionSpecs() registers without clashes", () => {
  const specs = commonOptionSpecs();
  assertEquals(registry().all().length, specs.length);
  assertEquals(specs.length > 45, true);
});

Deno.test("common options have Duplicati's defaults", () => {
  const { options } = resolveOptions(new Map(), registry());
  assertEquals(options.get(DBLOCK_SIZE), 50 * 1024 ** 2);
  assertEquals(options.get(BLOCKSIZE), 1024 ** 2);
  assertEquals(options.get(PREFIX), "duplicati");
  assertEquals(options.get(ENCRYPTION_MODULE), "aes");
  assertEquals(options.get(ZIP_COMPRESSION_LEVEL), 3);
  assertEquals(options.get(ZIP_COMPRESSION_METHOD), "Deflate");
  assertEquals(options.get(ASYNCHRONOUS_UPLOAD_LIMIT), 4);
  assertEquals(options.get(CONSOLE_LOG_LEVEL), "Warning");
  assertEquals(options.get(HARDLINK_POLICY), "All");
  assertEquals(options.get(BLOCK_HASH_ALGORITHM), "SHA256");
  assertEquals(options.get(VERSION), undefined);
  assertEquals(options.get(TIME), undefined);
  assertEquals(options.get(EXCLUDE_FILES_ATTRIBUTES), []);
  assertEquals(CONSOLE_LOG_LEVEL.values, [...LOG_LEVELS]);
});

Deno.test("common options resolve their aliases", () => {
  const raw = new Map<string, string | undefined>([
    ["remote-volume-size", "100"],
    ["dryrun", undefined],
    ["full-results", "yes"],
    ["parameterfile", "/tmp/p.txt"],
    ["asynchronous-concurrent-upload-limit", "2"],
  ]);
  const { options, warnings } = resolveOptions(raw, registry());
  assertEquals(options.get(DBLOCK_SIZE), 100 * 1024 ** 2);
  assertEquals(options.get(DRY_RUN), true);
  assertEquals(options.get(FULL_RESULT), true);
  assertEquals(options.get(PARAMETERS_FILE), "/tmp/p.txt");
  assertEquals(options.get(ASYNCHRONOUS_UPLOAD_LIMIT), 2);
  assertEquals(warnings.length, 1);
});

Deno.test("common options reject out-of-range values", () => {
  assertEquals(
    assertThrows(() => DBLOCK_SIZE.parse("3gb"), UserInputError).message,
    `Cannot use --dblock-size="3gb": the size must be at most 2gb because our zip writer has no zip64 support`,
  );
  assertThrows(() => BLOCKSIZE.parse("512b"), UserInputError, "at least 1kb");
  assertEquals(BLOCKSIZE.parse("100"), 100 * 1024);
  assertThrows(() => ZIP_COMPRESSION_LEVEL.parse("10"), UserInputError, "from 0 to 9");
  assertEquals(
    assertThrows(() => PREFIX.parse("my-backup"), UserInputError).message,
    `Cannot use --prefix="my-backup": the prefix cannot contain a hyphen ("-")`,
  );
  assertThrows(() => ENCRYPTION_MODULE.parse("des"), UserInputError, "expected one of aes, gpg");
});

Deno.test("deprecated --log-level warns when used", () => {
  const { warnings } = resolveOptions(new Map([["log-level", "Verbose"]]), registry());
  assertEquals(warnings, [
    "The option --log-level has been deprecated: use --console-log-level and --log-file-log-level instead",
  ]);
  assertEquals(LOG_LEVEL.parse("error"), "Error");
});
