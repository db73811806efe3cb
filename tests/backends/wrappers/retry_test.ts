import { type RetryPolicy, withRetry } from "../../../lib/backends/wrappers/retry.ts";
import { MemoryBackend } from "../../../lib/backends/memory/memory_backend.ts";
import { type Backend, getBytes, readAll, uploadSourceFromBytes } from "../../../lib/backends/backend.ts";
import {
  CancelledError,
  FolderMissingError,
  IntegrityError,
  PermanentBackendError,
  RemoteFileNotFoundError,
  WrongPassphraseError,
} from "../../../lib/core/errors.ts";
import { assert, assertEquals, assertRejects } from "../../support/assert.ts";
import { transientError, withFaults } from "../../support/fault_backend.ts";
import { listAll, testBytes } from "../../support/backend_suite.ts";

interface Retry {
  readonly action: string;
  readonly message: string;
  readonly attempt: number;
}

function policy(overrides: Partial<RetryPolicy> = {}): { policy: RetryPolicy; retries: Retry[]; delays: number[] } {
  const retries: Retry[] = [];
  const delays: number[] = [];
  return {
    retries,
    delays,
    policy: {
      attempts: 4,
      delayMs: (attempt) => {
        delays.push(attempt);
        return 0;
      },
      signal: new AbortController().signal,
      onRetry: (action, error, attempt) => retries.push({ action, message: (error as Error).message, attempt }),
      ...overrides,
    },
  };
}

function seeded(): MemoryBackend {
  return new MemoryBackend(new Map([["f", testBytes(100, 3)]]));
}

Deno.test("withRetry() retries transient put failures", async () => {
  const inner = new MemoryBackend();
  const faulty = withFaults(inner, [{
    method: "put",
    times: 2,
    fault: { kind: "throw", error: transientError("reset") },
  }]);
  let opens = 0;
  const bytes = testBytes(50);
  const source = { size: bytes.length, open: () => (opens++, uploadSourceFromBytes(bytes).open()) };
  const { policy: p, retries, delays } = policy();
  await withRetry(faulty, p).put("v", source);
  assertEquals(inner.files.get("v"), bytes);
  assertEquals(faulty.calls, ["put v", "put v", "put v"]);
  assertEquals(opens, 1);
  assertEquals(retries, [{ action: 'put "v"', message: "reset", attempt: 1 }, {
    action: 'put "v"',
    message: "reset",
    attempt: 2,
  }]);
  assertEquals(delays, [1, 2]);
});

Deno.test("withRetry() re-opens the upload source on every attempt", async () => {
  const memory = new MemoryBackend();
  let calls = 0;
  const inner: Backend = {
    ...wrapMemory(memory),
    put: async (name, source) => {
      calls++;
      const bytes = await readAll(source.open());
      if (calls <= 2) throw transientError("upload interrupted");
      memory.files.set(name, bytes);
    },
  };
  let opens = 0;
  const bytes = testBytes(3000, 5);
  const source = { size: bytes.length, open: () => (opens++, uploadSourceFromBytes(bytes).open()) };
  await withRetry(inner, policy().policy).put("v", source);
  assertEquals(opens, 3);
  assertEquals(memory.files.get("v"), bytes);
});

function wrapMemory(memory: MemoryBackend): Backend {
  return {
    properties: memory.properties,
    list: () => memory.list(),
    put: (name, source) => memory.put(name, source),
    get: (name, consume) => memory.get(name, consume),
    delete: (name) => memory.delete(name),
    createFolder: () => memory.createFolder(),
    quota: () => memory.quota(),
    close: () => memory.close(),
  };
}

Deno.test("withRetry() gives up after the last attempt with the last error", async () => {
  const faulty = withFaults(new MemoryBackend(), [
    { method: "delete", times: Infinity, fault: { kind: "throw", error: transientError("busy") } },
  ]);
  const { policy: p, retries } = policy({ attempts: 3 });
  await assertRejects(() => withRetry(faulty, p).delete("x"), Error, "busy");
  assertEquals(faulty.calls.length, 3);
  assertEquals(retries.map((r) => r.attempt), [1, 2]);
});

Deno.test("withRetry() does not retry permanent errors", async () => {
  const permanent = [
    new RemoteFileNotFoundError("f"),
    new FolderMissingError("Cannot list: folder missing"),
    new PermanentBackendError("Cannot put: permission denied"),
    new WrongPassphraseError("wrong passphrase"),
    new DOMException("aborted", "AbortError"),
  ];
  for (const error of permanent) {
    const faulty = withFaults(seeded(), [{ method: "get", fault: { kind: "throw", error } }]);
    const { policy: p, retries } = policy();
    const thrown = await assertRejects(() => getBytes(withRetry(faulty, p), "f"));
    assertEquals(thrown, error);
    assertEquals(faulty.calls, ["get f"]);
    assertEquals(retries, []);
  }
  const missing = withRetry(new MemoryBackend(), policy().policy);
  await assertRejects(() => getBytes(missing, "nope"), RemoteFileNotFoundError);
});

Deno.test("withRetry() re-runs consume after corrupted data fails a check", async () => {
  const faulty = withFaults(seeded(), [{ method: "get", fault: { kind: "bitflip" } }]);
  const { policy: p, retries } = policy();
  let runs = 0;
  const expected = testBytes(100, 3);
  const result = await withRetry(faulty, p).get("f", async (body) => {
    runs++;
    const bytes = await readAll(body);
    if (bytes[99] !== expected[99]) throw new IntegrityError("hash mismatch");
    return bytes;
  });
  assertEquals(result, expected);
  assertEquals(runs, 2);
  assertEquals(retries, [{ action: 'get "f"', message: "hash mismatch", attempt: 1 }]);
});

Deno.test("withRetry() retries list() only before the first entry", async () => {
  const inner = new MemoryBackend(new Map([["a", testBytes(1)], ["b", testBytes(2)], ["c", testBytes(3)]]));
  const early = withFaults(inner, [{ method: "list", fault: { kind: "throw", error: transientError("timeout") } }]);
  const { policy: p1, retries: r1 } = policy();
  assertEquals((await listAll(withRetry(early, p1))).map((e) => e.name), ["a", "b", "c"]);
  assertEquals(r1.map((r) => r.action), ["list"]);

  const late = withFaults(inner, [{
    method: "list",
    fault: { kind: "listFailAfter", entries: 1, error: transientError("cut") },
  }]);
  const { policy: p2, retries: r2 } = policy();
  const seen: string[] = [];
  await assertRejects(
    async () => {
      for await (const entry of withRetry(late, p2).list()) seen.push(entry.name);
    },
    Error,
    "cut",
  );
  assertEquals(seen, ["a"]);
  assertEquals(late.calls, ["list"]);
  assertEquals(r2, []);
});

Deno.test("withRetry() treats a missing file on a retried delete as deleted", async () => {
  const inner = seeded();
  const faulty = withFaults(inner, [{
    method: "delete",
    fault: { kind: "throwAfter", error: transientError("lost reply") },
  }]);
  const { policy: p } = policy();
  await withRetry(faulty, p).delete("f");
  assertEquals(inner.files.size, 0);
  assertEquals(faulty.calls, ["delete f", "delete f"]);
});

Deno.test("withRetry() waits the policy's delay between attempts", async () => {
  const faulty = withFaults(seeded(), [{
    method: "quota",
    times: 2,
    fault: { kind: "throw", error: transientError() },
  }]);
  const started = performance.now();
  await withRetry(faulty, { attempts: 3, delayMs: () => 40, signal: new AbortController().signal }).quota();
  const elapsed = performance.now() - started;
  assert(elapsed >= 75, `expected two waits of 40 ms, took ${elapsed} ms`);
});

Deno.test("withRetry() stops waiting when the signal aborts", async () => {
  const controller = new AbortController();
  const faulty = withFaults(seeded(), [
    { method: "createFolder", times: Infinity, fault: { kind: "throw", error: transientError() } },
  ]);
  const backend = withRetry(faulty, { attempts: 10, delayMs: () => 60_000, signal: controller.signal });
  const pending = backend.createFolder();
  setTimeout(() => controller.abort(), 10);
  const started = performance.now();
  const error = await assertRejects(() => pending, CancelledError);
  assert(performance.now() - started < 5_000);
  assertEquals(error.message, "Cannot createFolder: cancelled");
  assertEquals(faulty.calls, ["createFolder"]);
  await assertRejects(() => backend.quota(), CancelledError);
  assertEquals(faulty.calls, ["createFolder"]);
});

Deno.test("withRetry() passes properties and close() through", async () => {
  let closed = 0;
  const inner: Backend = {
    ...wrapMemory(new MemoryBackend()),
    properties: { maxConnections: 7, hasAtomicReplace: false },
    close: () => Promise.resolve(void closed++),
  };
  const backend = withRetry(inner, policy().policy);
  assertEquals(backend.properties, { maxConnections: 7, hasAtomicReplace: false });
  await backend.close();
  assertEquals(closed, 1);
});
