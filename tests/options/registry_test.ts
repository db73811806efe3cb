import { assertEquals, assertThrows } from "../support/assert.ts";
import { booleanOption, sizeOption } from "../../lib/options/define.ts";
import { normalizeOptionName, OptionRegistry } from "../../lib/options/registry.ts";

const DRY = booleanOption({ name: "dry-run", aliases: ["dryrun"], summary: "d" });
const SIZE = sizeOption({ name: "dblock-size", aliases: ["remote-volume-size"], summary: "s", default: "50mb" });

Deno.test("OptionRegistry.lookup() finds names and aliases case-insensitively", () => {
  const registry = new OptionRegistry();
  registry.register(DRY, SIZE);
  assertEquals(registry.lookup("dry-run"), DRY);
  assertEquals(registry.lookup("DryRun"), DRY);
  assertEquals(registry.lookup("--Remote-Volume-Size"), SIZE);
  assertEquals(registry.lookup("nope"), undefined);
  assertEquals(registry.all(), [DRY, SIZE]);
});

Deno.test("OptionRegistry.register() throws on a duplicate name or alias", () => {
  const registry = new OptionRegistry();
  registry.register(DRY);
  const error = assertThrows(() => registry.register(booleanOption({ name: "dry-run", summary: "x" })), TypeError);
  assertEquals(error.message, `Cannot register option --dry-run: the name "dry-run" is already used by --dry-run`);
  assertThrows(() => registry.register(booleanOption({ name: "other", aliases: ["dryrun"], summary: "x" })), TypeError);
  assertThrows(() => registry.register(booleanOption({ name: "dryrun", summary: "x" })), TypeError);
  assertThrows(() => registry.register(booleanOption({ name: "a", aliases: ["a"], summary: "x" })), TypeError);
  assertEquals(registry.all(), [DRY]);
});

Deno.test("OptionRegistry.register() ignores the same spec registered twice", () => {
  const registry = new OptionRegistry();
  registry.register(DRY, SIZE);
  registry.register(DRY);
  assertEquals(registry.all(), [DRY, SIZE]);
});

Deno.test("normalizeOptionName() strips dashes and lower-cases", () => {
  assertEquals(normalizeOptionName("--Dry-Run"), "dry-run");
  assertEquals(normalizeOptionName("prefix"), "prefix");
});
