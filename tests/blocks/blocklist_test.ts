import { toBase64 } from "../../lib/core/bytes.ts";
import { IntegrityError } from "../../lib/core/errors.ts";
import { buildBlocklists, hashesPerBlocklist, parseBlocklist, rawHashes } from "../../lib/blocks/blocklist.ts";
import { digest } from "../../lib/blocks/hash.ts";
import { assertEquals, assertThrows } from "../support/assert.ts";

/** n distinct SHA-256 hashes. */
function hashes(n: number): Uint8Array[] {
  return Array.from({ length: n }, (_, i) => digest("SHA256", Uint8Array.of(i & 0xff, i >> 8)));
}

Deno.test("hashesPerBlocklist() is floor(blocksize / hash size)", () => {
  assertEquals(hashesPerBlocklist(1024, 32), 32);
  assertEquals(hashesPerBlocklist(1048576, 32), 32768);
  assertEquals(hashesPerBlocklist(102400, 32), 3200);
  assertEquals(hashesPerBlocklist(1000, 32), 31);
  assertEquals(hashesPerBlocklist(1024, 20), 51);
});

Deno.test("buildBlocklists() splits 65 hashes at blocksize 1024 into lists of 32, 32 and 1", () => {
  const input = hashes(65);
  const lists = buildBlocklists(input, hashesPerBlocklist(1024, 32));
  assertEquals(lists.map((l) => l.length), [1024, 1024, 32]);
  assertEquals(lists[0]!.subarray(0, 32), input[0]);
  assertEquals(lists[0]!.subarray(992, 1024), input[31]);
  assertEquals(lists[1]!.subarray(0, 32), input[32]);
  assertEquals(lists[2], input[64]);
});

Deno.test("buildBlocklists() of exactly one full list and of nothing", () => {
  assertEquals(buildBlocklists(hashes(32), 32).map((l) => l.length), [1024]);
  assertEquals(buildBlocklists(hashes(33), 32).map((l) => l.length), [1024, 32]);
  assertEquals(buildBlocklists([], 32), []);
});

Deno.test("parseBlocklist() round-trips buildBlocklists() as base64 hashes", () => {
  const input = hashes(65);
  const lists = buildBlocklists(input, 32);
  const parsed = lists.flatMap((l) => parseBlocklist(l, 32));
  assertEquals(parsed, input.map(toBase64));
  assertEquals(parsed.length, 65);
  assertEquals(rawHashes(parsed), input);
  assertEquals(parseBlocklist(new Uint8Array(0), 32), []);
});

Deno.test("parseBlocklist() rejects a length that is not a multiple of the hash size", () => {
  assertThrows(
    () => parseBlocklist(new Uint8Array(33), 32),
    IntegrityError,
    "Cannot read blocklist: its length 33 is not a multiple of 32",
  );
  assertThrows(
    () => parseBlocklist(new Uint8Array(31), 32, `blocklist "abc="`),
    IntegrityError,
    `Cannot read blocklist "abc=": its length 31`,
  );
});
