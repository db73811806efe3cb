import { join } from "node:path";
import { openBackend } from "../../lib/backends/open_backend.ts";
import { BackendRegistry } from "../../lib/backends/registry.ts";
import { memoryBackendFactory } from "../../lib/backends/memory/memory_backend.ts";
import { getBytes, uploadSourceFromBytes } from "../../lib/backends/backend.ts";
import { parseTargetUrl } from "../../lib/backends/target_url.ts";
import { RETRY_OPTIONS } from "../../lib/backends/retry_options.ts";
import { FILE_OPTIONS } from "../../lib/backends/file/file_options.ts";
import { UserInputError } from "../../lib/core/errors.ts";
import type { LogEntry, Logger } from "../../lib/core/log.ts";
import { nullLogger } from "../../lib/core/log.ts";
import { OptionRegistry } from "../../lib/options/registry.ts";
import { optionsFromRecord } from "../../lib/options/resolve.ts";
import type { Options } from "../../lib/options/option_spec.ts";
import { assertEquals, assertRejects } from "../support/assert.ts";
import { transientError, withFaults } from "../support/fault_backend.ts";
import { listNamesAndSizes, testBytes } from "../support/backend_suite.ts";

function options(record: Record<string, string> = {}): Options {
  const registry = new OptionRegistry();
  registry.register(...RETRY_OPTIONS, ...FILE_OPTIONS);
  return optionsFromRecord(record, registry);
}

function memoryRegistry(files: Map<string, Uint8Array>): BackendRegistry {
  const registry = new BackendRegistry();
  registry.register(memoryBackendFactory(files));
  return registry;
}

const signal = new AbortController().signal;

Deno.test("openBackend() opens a file URL with the built-in registry", async () => {
  const folder = await Deno.makeTempDir();
  try {
    const backend = await openBackend(parseTargetUrl(`file://${folder}`), {
      options: options(),
      signal,
      log: nullLogger,
    });
    await backend.put("a.zip", uploadSourceFromBytes(testBytes(9)));
    assertEquals(await Deno.readFile(join(folder, "a.zip")), testBytes(9));
    assertEquals(await listNamesAndSizes(backend), [{ name: "a.zip", size: 9 }]);
  } finally {
    await Deno.remove(folder, { recursive: true });
  }
});

Deno.test("openBackend() names the supported schemes for an unknown scheme", async () => {
  const error = await assertRejects(
    () => openBackend(parseTargetUrl("webdav://me:pw@host/x"), { options: options(), signal, log: nullLogger }),
    UserInputError,
  );
  assertEquals(
    error.message,
    'Cannot open storage URL "webdav://me:***@host/x": unsupported scheme "webdav" (supported: file)',
  );
});

Deno.test("openBackend() lets the base backend decide about a trailing-s scheme", async () => {
  const error = await assertRejects(
    () => openBackend(parseTargetUrl("files:///tmp/x"), { options: options(), signal, log: nullLogger }),
    UserInputError,
  );
  assertEquals(error.message, 'Cannot open storage URL "files:///tmp/x": the file backend has no scheme "files"');
});

Deno.test("openBackend() puts the wrap hook under retry, using the retry options", async () => {
  const files = new Map<string, Uint8Array>();
  const entries: LogEntry[] = [];
  const log: Logger = { log: (entry) => entries.push(entry) };
  let faultyCalls: readonly string[] = [];
  const backend = await openBackend(parseTargetUrl("memory://x"), {
    registry: memoryRegistry(files),
    options: options({ "number-of-retries": "2", "retry-delay": "0s" }),
    signal,
    log,
    wrap: (inner) => {
      const faulty = withFaults(inner, [{
        method: "put",
        times: 2,
        fault: { kind: "throw", error: transientError("503") },
      }]);
      faultyCalls = faulty.calls;
      return faulty;
    },
  });
  await backend.put("v", uploadSourceFromBytes(testBytes(3)));
  assertEquals(files.get("v"), testBytes(3));
  assertEquals(faultyCalls, ["put v", "put v", "put v"]);
  assertEquals(entries.map((e) => [e.level, e.message]), [
    ["Retry", 'Operation put "v" attempt 1 of 3 failed, retrying in 0s: 503'],
    ["Retry", 'Operation put "v" attempt 2 of 3 failed, retrying in 0s: 503'],
  ]);
});

Deno.test("openBackend() with --number-of-retries=0 fails on the first error", async () => {
  const backend = await openBackend(parseTargetUrl("memory://x"), {
    registry: memoryRegistry(new Map()),
    options: options({ "number-of-retries": "0" }),
    signal,
    log: nullLogger,
    wrap: (inner) => withFaults(inner, [{ method: "quota", fault: { kind: "throw", error: transientError("once") } }]),
  });
  await assertRejects(() => backend.quota(), Error, "once");
});

Deno.test("openBackend() with dryRun drops writes", async () => {
  const files = new Map([["old", testBytes(2)]]);
  const backend = await openBackend(parseTargetUrl("memory://x"), {
    registry: memoryRegistry(files),
    options: options(),
    signal,
    log: nullLogger,
    dryRun: true,
  });
  await backend.put("new", uploadSourceFromBytes(testBytes(1)));
  await backend.delete("old");
  assertEquals([...files.keys()], ["old"]);
  assertEquals(await getBytes(backend, "old"), testBytes(2));
});
