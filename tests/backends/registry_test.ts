import { BackendRegistry } from "../../lib/backends/registry.ts";
import { builtinBackends } from "../../lib/backends/builtin.ts";
import { memoryBackendFactory } from "../../lib/backends/memory/memory_backend.ts";
import { fileBackendFactory } from "../../lib/backends/file/file_factory.ts";
import { assertEquals, assertThrows } from "../support/assert.ts";

Deno.test("BackendRegistry.register() refuses a duplicate scheme with TypeError", () => {
  const registry = new BackendRegistry();
  registry.register(memoryBackendFactory(new Map()));
  const error = assertThrows(() => registry.register(memoryBackendFactory(new Map())), TypeError);
  assertEquals(error.message, 'Backend scheme "memory" is already registered');
});

Deno.test("BackendRegistry.lookup() is case-insensitive and all() is sorted", () => {
  const registry = new BackendRegistry();
  registry.register(memoryBackendFactory(new Map()));
  registry.register(fileBackendFactory);
  assertEquals(registry.lookup("FILE"), fileBackendFactory);
  assertEquals(registry.lookup("webdav"), undefined);
  assertEquals(registry.all().map((f) => f.scheme), ["file", "memory"]);
});

Deno.test("builtinBackends() registers the file backend and not the memory backend", () => {
  const registry = builtinBackends();
  assertEquals(registry.all().map((f) => f.scheme), ["file"]);
  assertEquals(registry.lookup("memory"), undefined);
  assertEquals(registry.lookup("file")?.options.map((o) => o.name), ["disable-length-verification"]);
});
