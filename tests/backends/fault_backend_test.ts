/** Tests of the test helper tests/support/fault_backend.ts, which the backend tests rely on. */
import { MemoryBackend } from "../../lib/backends/memory/memory_backend.ts";
import { getBytes, uploadSourceFromBytes } from "../../lib/backends/backend.ts";
import { assertEquals, assertRejects } from "../support/assert.ts";
import { transientError, withFaults } from "../support/fault_backend.ts";
import { listAll, testBytes } from "../support/backend_suite.ts";

Deno.test("withFaults() hits the Nth matching call for the given number of times", async () => {
  const faulty = withFaults(new MemoryBackend(), [
    { method: "put", name: /^b/, on: 2, times: 2, fault: { kind: "throw", error: transientError("boom") } },
  ]);
  const put = (name: string) =>
    faulty.put(name, uploadSourceFromBytes(testBytes(1))).then(() => "ok", (e: Error) => e.message);
  assertEquals(await Promise.all(["b1", "a1", "b2", "b3", "b4", "a2"].map(put)), [
    "ok",
    "ok",
    "boom",
    "boom",
    "ok",
    "ok",
  ]);
  assertEquals(faulty.faultsApplied, 2);
  assertEquals(faulty.calls, ["put b1", "put a1", "put b2", "put b3", "put b4", "put a2"]);
});

Deno.test("withFaults() truncates and flips bits on get", async () => {
  const bytes = testBytes(10, 7);
  const inner = new MemoryBackend(new Map([["f", bytes]]));
  const faulty = withFaults(inner, [
    { method: "get", on: 1, fault: { kind: "truncate", bytes: 4 } },
    { method: "get", on: 2, fault: { kind: "bitflip", offset: 0 } },
  ]);
  assertEquals(await getBytes(faulty, "f"), bytes.slice(0, 4));
  const flipped = bytes.slice();
  flipped[0] = flipped[0]! ^ 1;
  assertEquals(await getBytes(faulty, "f"), flipped);
  assertEquals(await getBytes(faulty, "f"), bytes);
  assertEquals(inner.files.get("f"), bytes);
});

Deno.test("withFaults() drops puts silently and fails after the inner call with throwAfter", async () => {
  const inner = new MemoryBackend();
  const faulty = withFaults(inner, [
    { method: "put", name: "lost", fault: { kind: "drop" } },
    { method: "put", name: "landed", fault: { kind: "throwAfter", error: transientError("reply lost") } },
  ]);
  await faulty.put("lost", uploadSourceFromBytes(testBytes(1)));
  await assertRejects(() => faulty.put("landed", uploadSourceFromBytes(testBytes(2))), Error, "reply lost");
  assertEquals([...inner.files.keys()], ["landed"]);
});

Deno.test("withFaults() fails a listing after some entries", async () => {
  const inner = new MemoryBackend(new Map([["a", testBytes(1)], ["b", testBytes(1)]]));
  const faulty = withFaults(inner, [{
    method: "list",
    fault: { kind: "listFailAfter", entries: 1, error: transientError("cut") },
  }]);
  const seen: string[] = [];
  await assertRejects(
    async () => {
      for await (const entry of faulty.list()) seen.push(entry.name);
    },
    Error,
    "cut",
  );
  assertEquals(seen, ["a"]);
  assertEquals((await listAll(faulty)).length, 2);
});
