import { deflateRawSync, inflateRawSync } from "node:zlib";
import { RawDeflater, RawInflater, sharedDeflater, sharedInflater } from "../../lib/volumes/raw_deflate.ts";
import { assertEquals, assertThrows } from "../support/assert.ts";
import { noise, text } from "./zip/zip_fixtures.ts";

/** A real copy (Node's Buffer.slice is a view). */
function oneShot(data: Uint8Array, level: number): Uint8Array {
  return new Uint8Array(deflateRawSync(data, { level }));
}

Deno.test("RawDeflater gives the same bytes as deflateRawSync at each level, call after call", () => {
  for (const level of [1, 3, 6, 9]) {
    const deflater = new RawDeflater(level);
    for (const length of [1, 100, 70_000, 1024 * 1024]) {
      const data = text(length);
      assertEquals(
        deflater.deflate(data, length + 64)?.slice(),
        oneShot(data, level),
        `level ${level}, ${length} bytes`,
      );
    }
  }
});

Deno.test("RawDeflater returns undefined above the limit (by default the input's length) and the bytes up to it", () => {
  const deflater = new RawDeflater(6);
  const data = text(50_000);
  const exact = oneShot(data, 6).length;
  assertEquals(deflater.deflate(data, exact)?.length, exact);
  assertEquals(deflater.deflate(data, exact - 1), undefined);
  assertEquals(deflater.deflate(data, 0), undefined);
  assertEquals(deflater.deflate(text(1)), undefined);
  // Random data does not shrink: cut off at the limit, and the next call is unaffected.
  assertEquals(deflater.deflate(noise(100_000, 3), 99_000), undefined);
  assertEquals(deflater.deflate(data)?.slice(), oneShot(data, 6));
});

Deno.test("RawDeflater output is overwritten by the next call (callers copy what they keep)", () => {
  const deflater = sharedDeflater(3);
  const first = deflater.deflate(text(20_000))!;
  const kept = first.slice();
  deflater.deflate(noise(20_000, 9).map((b) => b & 0x0f));
  assertEquals(first.buffer === deflater.deflate(text(1000))!.buffer, true);
  assertEquals(new Uint8Array(inflateRawSync(kept)), text(20_000));
});

Deno.test("RawInflater decodes into the caller's buffer, including empty streams", () => {
  const inflater = new RawInflater();
  for (const length of [0, 1, 65_536, 1024 * 1024]) {
    const data = text(length);
    const out = new Uint8Array(length);
    inflater.inflateInto(oneShot(data, 9), out);
    assertEquals(out, data, `${length} bytes`);
  }
});

Deno.test("RawInflater rejects damaged, truncated, short and long streams, and recovers after each", () => {
  const inflater = sharedInflater();
  const data = text(50_000);
  const good = oneShot(data, 9);
  const check = () => {
    const out = new Uint8Array(data.length);
    inflater.inflateInto(good, out);
    assertEquals(out, data);
  };
  for (const at of [0, Math.floor(good.length / 2), good.length - 1]) {
    const bad = good.slice();
    bad[at]! ^= 0xff;
    assertThrows(() => inflater.inflateInto(bad, new Uint8Array(data.length)), Error);
    check();
  }
  assertThrows(() => inflater.inflateInto(good.subarray(0, good.length - 5), new Uint8Array(data.length)), Error);
  check();
  assertThrows(
    () => inflater.inflateInto(good, new Uint8Array(data.length + 1)),
    Error,
    `inflated to ${data.length} bytes, expected ${data.length + 1}`,
  );
  check();
  assertThrows(
    () => inflater.inflateInto(good, new Uint8Array(data.length - 1)),
    Error,
    `inflates to more than the expected ${data.length - 1} bytes`,
  );
  check();
});

Deno.test("the one-shot fallback gives the same results and errors", () => {
  const deflater = new RawDeflater(6, { native: false });
  const inflater = new RawInflater({ native: false });
  const data = text(50_000);
  const packed = deflater.deflate(data)!.slice();
  assertEquals(packed, oneShot(data, 6));
  assertEquals(deflater.deflate(data, packed.length - 1), undefined);
  const out = new Uint8Array(data.length);
  inflater.inflateInto(packed, out);
  assertEquals(out, data);
  assertThrows(() => inflater.inflateInto(packed, new Uint8Array(data.length + 1)), Error, "expected 50001");
  const bad = packed.slice();
  bad[0]! ^= 0xff;
  assertThrows(() => inflater.inflateInto(bad, new Uint8Array(data.length)), Error);
});
