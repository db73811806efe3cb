import { concat, freeBuffer } from "../../lib/core/bytes.ts";
import { assert, assertEquals } from "../support/assert.ts";

Deno.test("freeBuffer() detaches the buffer at once: its views read as empty, copies made before stay", () => {
  const bytes = Uint8Array.of(1, 2, 3, 4);
  const view = bytes.subarray(1, 3);
  const copy = concat([bytes]);
  freeBuffer(bytes.buffer);
  assert(bytes.buffer.detached, "detached");
  assertEquals([bytes.length, view.length, bytes.buffer.byteLength], [0, 0, 0]);
  assertEquals(copy, Uint8Array.of(1, 2, 3, 4));
  // Freeing twice, a resizable buffer or a shared one is a no-op, not an error.
  freeBuffer(bytes.buffer);
  const resizable = new ArrayBuffer(8, { maxByteLength: 16 });
  freeBuffer(resizable);
  assertEquals(resizable.byteLength, 8);
  const shared = new SharedArrayBuffer(8);
  freeBuffer(shared);
  assertEquals(shared.byteLength, 8);
});

/** Peak RSS growth (MiB) of a fresh process allocating 64 buffers of 4 MiB, each freed or not. */
async function peakGrowth(free: boolean): Promise<number> {
  const script = `
    import { freeBuffer } from ${JSON.stringify(new URL("../../lib/core/bytes.ts", import.meta.url).href)};
    const before = Deno.memoryUsage().rss;
    let peak = before;
    for (let i = 0; i < 64; i++) {
      const buffer = new Uint8Array(4 * 1024 * 1024).fill(i + 1);
      peak = Math.max(peak, Deno.memoryUsage().rss);
      if (${free}) freeBuffer(buffer.buffer);
    }
    console.log((peak - before) / 1048576);`;
  const out = await new Deno.Command(Deno.execPath(), { args: ["eval", script], stderr: "inherit" }).output();
  assertEquals(out.code, 0);
  return Number(new TextDecoder().decode(out.stdout));
}

Deno.test("freeBuffer() returns the memory without a garbage collection", async () => {
  // Measured in separate processes, so that other tests running in parallel do not move the figures.
  const [kept, freed] = [await peakGrowth(false), await peakGrowth(true)];
  assert(kept > 40, `without freeing, dead buffers pile up: ${kept.toFixed(1)} MiB`);
  assert(freed < 16, `freed at once: ${freed.toFixed(1)} MiB`);
});
