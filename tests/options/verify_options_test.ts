import { UserInputError } from "../../lib/core/errors.ts";
import { commonOptionSpecs } from "../../lib/options/common_options.ts";
import { OptionRegistry } from "../../lib/options/registry.ts";
import { resolveOptions } from "../../lib/options/resolve.ts";
import {
  BACKUP_TEST_PERCENTAGE,
  BACKUP_TEST_SAMPLES,
  FULL_REMOTE_VERIFICATION,
  UPLOAD_VERIFICATION_FILE,
} from "../../lib/options/verify_options.ts";
import { assertEquals, assertThrows } from "../support/assert.ts";

function resolve(raw: [string, string | undefined][]) {
  const registry = new OptionRegistry();
  registry.register(...commonOptionSpecs());
  return resolveOptions(new Map(raw), registry);
}

Deno.test("verify options have Duplicati's defaults and are registered with the common options", () => {
  const { options } = resolve([]);
  assertEquals(options.get(BACKUP_TEST_SAMPLES), 1);
  assertEquals(options.get(BACKUP_TEST_PERCENTAGE), 0.1);
  assertEquals(options.get(FULL_REMOTE_VERIFICATION), "False");
  assertEquals(options.get(UPLOAD_VERIFICATION_FILE), false);
});

Deno.test("--full-remote-verification reads IndexOnly as IndexesOnly and a bare flag as True", () => {
  assertEquals(FULL_REMOTE_VERIFICATION.parse("indexonly"), "IndexesOnly");
  assertEquals(FULL_REMOTE_VERIFICATION.parse("IndexesOnly"), "IndexesOnly");
  assertEquals(FULL_REMOTE_VERIFICATION.parse("listandindexes"), "ListAndIndexes");
  assertEquals(FULL_REMOTE_VERIFICATION.parse("true"), "True");
  assertEquals(FULL_REMOTE_VERIFICATION.parse(undefined), "True");
  assertEquals(FULL_REMOTE_VERIFICATION.warning?.(undefined), undefined);
  assertEquals(resolve([["full-remote-verification", undefined]]).warnings, []);
  assertEquals(FULL_REMOTE_VERIFICATION.values, ["True", "False", "ListAndIndexes", "IndexesOnly", "IndexOnly"]);
  assertThrows(() => FULL_REMOTE_VERIFICATION.parse("sometimes"), UserInputError, "--full-remote-verification");
});

Deno.test("--backup-test-percentage and --backup-test-samples refuse values out of range", () => {
  assertEquals(BACKUP_TEST_PERCENTAGE.parse("2.5"), 2.5);
  assertThrows(() => BACKUP_TEST_PERCENTAGE.parse("101"), UserInputError, "--backup-test-percentage");
  assertThrows(() => BACKUP_TEST_PERCENTAGE.parse("-1"), UserInputError, "--backup-test-percentage");
  assertEquals(BACKUP_TEST_SAMPLES.parse("0"), 0);
  assertThrows(() => BACKUP_TEST_SAMPLES.parse("-2"), UserInputError, "--backup-test-samples");
});
