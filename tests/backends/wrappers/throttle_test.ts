/**
 * withUploadThrottle: uploads together stay at the rate (one 1000-byte put at 10,000 B/s resolves no sooner than
 * 100 ms; two at once take 200 ms), reads pass through undelayed, no limit means the backend itself, and
 * cancelling ends the wait with CancelledError. `--throttle-upload` reaches it through openBackend.
 * @module
 */
import { uploadSourceFromBytes } from "../../../lib/backends/backend.ts";
import { MemoryBackend } from "../../../lib/backends/memory/memory_backend.ts";
import { withUploadThrottle } from "../../../lib/backends/wrappers/throttle.ts";
import { CancelledError } from "../../../lib/core/errors.ts";
import { assert, assertEquals, assertRejects } from "../../support/assert.ts";

const bytes = (n: number) => uploadSourceFromBytes(new Uint8Array(n).fill(7));

Deno.test("withUploadThrottle keeps uploads together at the rate, and reads undelayed", async () => {
  const inner = new MemoryBackend();
  const signal = new AbortController().signal;
  const backend = withUploadThrottle(inner, { bytesPerSecond: 10_000, signal });
  let start = performance.now();
  await backend.put("one", bytes(1000));
  const one = performance.now() - start;
  assert(one >= 95, `one put took ${one} ms`);
  start = performance.now();
  await Promise.all([backend.put("two", bytes(1000)), backend.put("three", bytes(1000))]);
  const two = performance.now() - start;
  assert(two >= 190, `two puts together took ${two} ms`);
  assertEquals([...inner.files.keys()].sort(), ["one", "three", "two"]);
  start = performance.now();
  const read = await backend.get("one", async (body) => (await new Response(body).arrayBuffer()).byteLength);
  assertEquals(read, 1000);
  assert(performance.now() - start < 90, "reads are not throttled");
  assertEquals(withUploadThrottle(inner, { bytesPerSecond: 0, signal }), inner);
});

Deno.test("withUploadThrottle's wait ends with CancelledError when the operation is cancelled", async () => {
  const controller = new AbortController();
  const backend = withUploadThrottle(new MemoryBackend(), { bytesPerSecond: 100, signal: controller.signal });
  const put = backend.put("slow", bytes(1000)); // booked for 10 s
  setTimeout(() => controller.abort(), 20);
  const start = performance.now();
  await assertRejects(() => put, CancelledError);
  assert(performance.now() - start < 2000);
});
