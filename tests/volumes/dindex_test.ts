import { toHex, utf8, utf8WithBom } from "../../lib/core/bytes.ts";
import { IntegrityError } from "../../lib/core/errors.ts";
import { decodeVolumeIndex, encodeVolumeIndex, LIST_PREFIX, VOL_PREFIX } from "../../lib/volumes/dindex.ts";
import { assertEquals, assertThrows } from "../support/assert.ts";

const A = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
const B = "qiXpeARtaA74dA2Dfm3lvB4qLcYInb2hASVEtTjVP2U=";
const LABEL = "vol/duplicati-b0123456789abcdef0123456789abcdef.dblock.zip.aes";

Deno.test("encodeVolumeIndex() writes compact JSON without a BOM: blocks (hash before size), volumehash, volumesize", () => {
  const bytes = encodeVolumeIndex({
    volumesize: 52_428_000,
    volumehash: B,
    blocks: [{ size: 1024, hash: A }, { hash: B, size: 5 }],
  });
  assertEquals(
    new TextDecoder().decode(bytes),
    `{"blocks":[{"hash":"${A}","size":1024},{"hash":"${B}","size":5}],"volumehash":"${B}","volumesize":52428000}`,
  );
  assertEquals(toHex(bytes.subarray(0, 2)), "7b22");
});

Deno.test("encodeVolumeIndex() omits volumehash/volumesize when absent and writes empty block lists", () => {
  assertEquals(encodeVolumeIndex({ blocks: [] }), utf8(`{"blocks":[]}`));
  assertEquals(encodeVolumeIndex({ blocks: [], volumesize: 0 }), utf8(`{"blocks":[],"volumesize":0}`));
  assertEquals(encodeVolumeIndex({ blocks: [], volumehash: A }), utf8(`{"blocks":[],"volumehash":"${A}"}`));
});

Deno.test("decodeVolumeIndex() round-trips and accepts a BOM and other key orders", () => {
  const index = { blocks: [{ hash: A, size: 1024 }, { hash: B, size: 5 }], volumehash: B, volumesize: 99 };
  assertEquals(decodeVolumeIndex(encodeVolumeIndex(index), LABEL), index);
  const reordered =
    `{"volumesize":99,"volumehash":"${B}","blocks":[{"size":1024,"hash":"${A}"},{"size":5,"hash":"${B}"}]}`;
  assertEquals(decodeVolumeIndex(utf8WithBom(reordered), LABEL), index);
});

Deno.test("decodeVolumeIndex() skips malformed blocks and ignores mistyped volume fields", () => {
  const json =
    `{"blocks":[{"hash":"${A}","size":"12"},{"hash":"${B}","size":5},null,{"size":3}],"volumehash":7,"volumesize":"9"}`;
  assertEquals(decodeVolumeIndex(utf8(json), LABEL), { blocks: [{ hash: B, size: 5 }] });
  assertEquals(decodeVolumeIndex(utf8(`{}`), LABEL), { blocks: [] });
});

Deno.test("decodeVolumeIndex() rejects invalid JSON naming the entry", () => {
  assertThrows(
    () => decodeVolumeIndex(utf8(`{"blocks":[`), LABEL),
    IntegrityError,
    `Cannot read index entry "${LABEL}": invalid JSON`,
  );
});

Deno.test("decodeVolumeIndex() reports JSON null as an IntegrityError", () => {
  assertThrows(() => decodeVolumeIndex(utf8("null"), LABEL), IntegrityError, `Cannot read index entry "${LABEL}"`);
});

Deno.test("VOL_PREFIX and LIST_PREFIX are vol/ and list/", () => {
  assertEquals([VOL_PREFIX, LIST_PREFIX], ["vol/", "list/"]);
});
