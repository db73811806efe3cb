import { utf8, utf8WithBom } from "../../lib/core/bytes.ts";
import { IntegrityError } from "../../lib/core/errors.ts";
import { APP_VERSION, checkManifest, decodeManifest, encodeManifest } from "../../lib/volumes/manifest.ts";
import { assertEquals, assertThrows } from "../support/assert.ts";

const NAME = "duplicati-20260709T101112Z.dlist.zip.aes";
const DEFAULTS = { blocksize: 1048576, blockHash: "SHA256", fileHash: "SHA256" };
const SPEC_EXAMPLE =
  `{"Version":2,"Created":"20260709T101112Z","Encoding":"utf8","Blocksize":1048576,"BlockHash":"SHA256",` +
  `"FileHash":"SHA256","AppVersion":"2.3.0.4"}`;

Deno.test("encodeManifest() writes the BOM and the spec's exact JSON with fields in order", () => {
  const bytes = encodeManifest(DEFAULTS, new Date(Date.UTC(2026, 6, 9, 10, 11, 12, 500)));
  assertEquals([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  assertEquals(bytes, utf8WithBom(SPEC_EXAMPLE));
  assertEquals(APP_VERSION, "2.3.0.4");
});

Deno.test("encodeManifest() writes other block sizes and hash names verbatim", () => {
  const bytes = encodeManifest(
    { blocksize: 102400, blockHash: "SHA1", fileHash: "MD5" },
    new Date("2001-02-03T04:05:06Z"),
  );
  assertEquals(
    bytes,
    utf8WithBom(
      `{"Version":2,"Created":"20010203T040506Z","Encoding":"utf8","Blocksize":102400,"BlockHash":"SHA1",` +
        `"FileHash":"MD5","AppVersion":"2.3.0.4"}`,
    ),
  );
});

Deno.test("decodeManifest() reads manifests with and without a BOM", () => {
  const expected = {
    version: 2,
    created: "20260709T101112Z",
    encoding: "utf8",
    blocksize: 1048576,
    blockHash: "SHA256",
    fileHash: "SHA256",
    appVersion: "2.3.0.4",
  };
  assertEquals(decodeManifest(utf8WithBom(SPEC_EXAMPLE), NAME), expected);
  assertEquals(decodeManifest(utf8(SPEC_EXAMPLE), NAME), expected);
});

Deno.test("decodeManifest() accepts version 1, other key orders and a missing AppVersion", () => {
  const manifest = decodeManifest(utf8(`{"Blocksize":102400,"Encoding":"utf8","Version":1}`), NAME);
  assertEquals(manifest, {
    version: 1,
    created: "",
    encoding: "utf8",
    blocksize: 102400,
    blockHash: "",
    fileHash: "",
    appVersion: "",
  });
});

Deno.test("decodeManifest() rejects version 3 and missing versions", () => {
  assertThrows(
    () => decodeManifest(utf8(SPEC_EXAMPLE.replace(`"Version":2`, `"Version":3`)), NAME),
    IntegrityError,
    `Cannot read "${NAME}": manifest version 3 is not supported`,
  );
  assertThrows(
    () => decodeManifest(utf8(`{"Encoding":"utf8","Blocksize":1024}`), NAME),
    IntegrityError,
    "manifest version undefined is not supported",
  );
});

Deno.test("decodeManifest() rejects an encoding other than utf8", () => {
  assertThrows(
    () => decodeManifest(utf8(SPEC_EXAMPLE.replace(`"utf8"`, `"utf16"`)), NAME),
    IntegrityError,
    `Cannot read "${NAME}": manifest encoding "utf16" is not utf8`,
  );
  assertThrows(
    () => decodeManifest(utf8(SPEC_EXAMPLE.replace(`"utf8"`, `"UTF8"`)), NAME),
    IntegrityError,
    `manifest encoding "UTF8" is not utf8`,
  );
});

Deno.test("decodeManifest() rejects invalid JSON and invalid block sizes", () => {
  assertThrows(
    () => decodeManifest(utf8("{not json"), NAME),
    IntegrityError,
    `Cannot read the manifest of "${NAME}": invalid JSON`,
  );
  for (const blocksize of ["0", "-1", "1.5", `"big"`]) {
    assertThrows(
      () => decodeManifest(utf8(SPEC_EXAMPLE.replace("1048576", blocksize)), NAME),
      IntegrityError,
      `Cannot read "${NAME}": manifest block size is invalid`,
    );
  }
});

Deno.test("checkManifest() accepts matching parameters and names every mismatch", () => {
  const manifest = decodeManifest(utf8WithBom(SPEC_EXAMPLE), NAME);
  checkManifest(manifest, DEFAULTS, NAME);
  const expectedMessage =
    `Cannot use "${NAME}": it was written with block size 1048576 and hashes SHA256/SHA256, but the backup uses ` +
    `102400 and SHA256/SHA256`;
  assertThrows(
    () => checkManifest(manifest, { ...DEFAULTS, blocksize: 102400 }, NAME),
    IntegrityError,
    expectedMessage,
  );
  assertThrows(
    () => checkManifest(manifest, { ...DEFAULTS, blockHash: "SHA1" }, NAME),
    IntegrityError,
    "but the backup uses 1048576 and SHA1/SHA256",
  );
  assertThrows(
    () => checkManifest(manifest, { ...DEFAULTS, fileHash: "sha256" }, NAME),
    IntegrityError,
    "but the backup uses 1048576 and SHA256/sha256",
  );
});

Deno.test("decodeManifest() reports JSON null as an IntegrityError", () => {
  assertThrows(() => decodeManifest(utf8("null"), NAME), IntegrityError, `"${NAME}"`);
});
