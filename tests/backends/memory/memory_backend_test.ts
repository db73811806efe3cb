import { MemoryBackend, memoryBackendFactory } from "../../../lib/backends/memory/memory_backend.ts";
import { getBytes, uploadSourceFromBytes } from "../../../lib/backends/backend.ts";
import { parseTargetUrl } from "../../../lib/backends/target_url.ts";
import { nullLogger } from "../../../lib/core/log.ts";
import type { Options } from "../../../lib/options/option_spec.ts";
import { assertEquals } from "../../support/assert.ts";
import { runBackendSuite } from "../../support/backend_suite.ts";

runBackendSuite(
  "memory",
  () =>
    Promise.resolve({
      backend: new MemoryBackend(new Map(), { folderExists: false }),
      cleanup: () => Promise.resolve(),
    }),
);

Deno.test("MemoryBackend exposes its files map for tests to inspect and seed", async () => {
  const files = new Map([["seeded", Uint8Array.of(1, 2, 3)]]);
  const backend = new MemoryBackend(files);
  assertEquals(await getBytes(backend, "seeded"), Uint8Array.of(1, 2, 3));
  await backend.put("new", uploadSourceFromBytes(Uint8Array.of(9)));
  assertEquals(files.get("new"), Uint8Array.of(9));
});

Deno.test("MemoryBackend stores a copy, so later changes to the source bytes do not leak in", async () => {
  const bytes = Uint8Array.of(1, 2, 3);
  const backend = new MemoryBackend();
  await backend.put("f", uploadSourceFromBytes(bytes));
  bytes[0] = 99;
  assertEquals(backend.files.get("f"), Uint8Array.of(1, 2, 3));
});

Deno.test("memoryBackendFactory() opens backends that share one map", async () => {
  const files = new Map<string, Uint8Array>();
  const factory = memoryBackendFactory(files);
  assertEquals(factory.scheme, "memory");
  const context = { options: {} as Options, signal: new AbortController().signal, log: nullLogger };
  const url = parseTargetUrl("memory://test/x");
  const first = await factory.open(url, context);
  await first.put("a", uploadSourceFromBytes(Uint8Array.of(7)));
  const second = await factory.open(url, context);
  assertEquals(await getBytes(second, "a"), Uint8Array.of(7));
});
