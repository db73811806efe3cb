import { createHash } from "node:crypto";
import { toHex, utf8, utf8WithBom } from "../../lib/core/bytes.ts";
import {
  buildMetadata,
  decodeMetadata,
  encodeMetadata,
  interpretMetadata,
  msToTicks,
  TICKS_AT_EPOCH,
  ticksToMs,
} from "../../lib/volumes/file_metadata.ts";
import { assertEquals } from "../support/assert.ts";

/** Days from 0001-01-01 to 1 January of `year` in the proleptic Gregorian calendar (independent of Date). */
function daysBeforeYear(year: number): bigint {
  const y = BigInt(year - 1);
  return 365n * y + y / 4n - y / 100n + y / 400n;
}
const TICKS_PER_DAY = 86_400n * 10_000_000n;

Deno.test("TICKS_AT_EPOCH is 1970-01-01 in .NET ticks, computed independently", () => {
  assertEquals(daysBeforeYear(1970) * TICKS_PER_DAY, TICKS_AT_EPOCH);
  assertEquals(TICKS_AT_EPOCH, 621355968000000000n);
});

Deno.test("msToTicks() of 2024-01-01T00:00:00Z is 638396640000000000", () => {
  const independent = daysBeforeYear(2024) * TICKS_PER_DAY;
  assertEquals(independent, 638396640000000000n);
  assertEquals(msToTicks(Date.UTC(2024, 0, 1)), "638396640000000000");
  assertEquals(msToTicks(Date.UTC(2024, 0, 1) + 1234.5678), "638396640012345678");
  assertEquals(msToTicks(0), "621355968000000000");
});

Deno.test("ticksToMs() inverts msToTicks() and drops sub-millisecond ticks", () => {
  assertEquals(ticksToMs("638396640000000000"), Date.UTC(2024, 0, 1));
  assertEquals(ticksToMs("638396640012345678"), Date.UTC(2024, 0, 1) + 1234);
  assertEquals(ticksToMs("621355968000000000"), 0);
  const ms = Date.UTC(2031, 5, 7, 8, 9, 10, 11);
  assertEquals(ticksToMs(msToTicks(ms)), ms);
});

Deno.test("buildMetadata() of a file writes unix:uid-gid-perm with decimal permission bits, then the Core keys", () => {
  const meta = buildMetadata({
    kind: "file",
    mtimeMs: Date.UTC(2024, 0, 1),
    birthtimeMs: Date.UTC(2023, 0, 1),
    mode: 0o100644,
    uid: 1000,
    gid: 100,
    ownerName: "john",
    groupName: "users",
  });
  assertEquals(Object.entries(meta), [
    ["unix:uid-gid-perm", "1000-100-420"],
    ["unix:owner-name", "john"],
    ["unix:group-name", "users"],
    ["CoreAttributes", "Normal"],
    ["CoreLastWritetime", "638396640000000000"],
    ["CoreCreatetime", String(daysBeforeYear(2023) * TICKS_PER_DAY)],
  ]);
});

Deno.test("buildMetadata() masks setuid/sticky bits and file-type bits out of the permission", () => {
  assertEquals(buildMetadata({ kind: "file", mode: 0o104755, uid: 0, gid: 0 })["unix:uid-gid-perm"], "0-0-493");
  assertEquals(buildMetadata({ kind: "folder", mode: 0o41777, uid: 1, gid: 2 })["unix:uid-gid-perm"], "1-2-511");
  assertEquals(buildMetadata({ kind: "file", mode: 0o600, uid: 5, gid: 6 })["unix:uid-gid-perm"], "5-6-384");
});

Deno.test("buildMetadata() of folders and symlinks", () => {
  assertEquals(Object.entries(buildMetadata({ kind: "folder", mtimeMs: 0 })), [
    ["CoreAttributes", "Directory"],
    ["CoreLastWritetime", "621355968000000000"],
  ]);
  assertEquals(
    Object.entries(buildMetadata({ kind: "symlink", symlinkTarget: "../a b", mode: 0o777, uid: 1, gid: 1 })),
    [
      ["unix:uid-gid-perm", "1-1-511"],
      ["CoreAttributes", "ReparsePoint"],
      ["CoreSymlinkTarget", "../a b"],
    ],
  );
});

Deno.test("buildMetadata() skips ownership unless uid, gid and mode are all known", () => {
  assertEquals(buildMetadata({ kind: "file", uid: 1, gid: 2, ownerName: "x" }), { CoreAttributes: "Normal" });
  assertEquals(buildMetadata({ kind: "file" }), { CoreAttributes: "Normal" });
});

Deno.test("encodeMetadata() writes the BOM and compact JSON in insertion order", () => {
  const bytes = encodeMetadata({ "unix:uid-gid-perm": "1000-100-420", CoreAttributes: "Normal", "x": 'ü"' });
  assertEquals(bytes, utf8WithBom(`{"unix:uid-gid-perm":"1000-100-420","CoreAttributes":"Normal","x":"ü\\""}`));
});

Deno.test("encodeMetadata({}) is EF BB BF 7B 7D with Duplicati's hash", () => {
  const blob = encodeMetadata({});
  assertEquals(toHex(blob), "efbbbf7b7d");
  assertEquals(blob.length, 5);
  assertEquals(createHash("sha256").update(blob).digest("base64"), "qiXpeARtaA74dA2Dfm3lvB4qLcYInb2hASVEtTjVP2U=");
});

Deno.test("decodeMetadata() keeps string values and yields {} for unreadable blobs", () => {
  assertEquals(decodeMetadata(utf8WithBom(`{"a":"1","b":2,"c":null,"d":"x"}`)), { a: "1", d: "x" });
  assertEquals(decodeMetadata(utf8(`{"a":"1"}`)), { a: "1" });
  for (const bad of ["", "not json", "[1,2]", "null", `"str"`]) assertEquals(decodeMetadata(utf8(bad)), {}, bad);
});

Deno.test("interpretMetadata() reads modification time, uid, gid, mode and symlink target", () => {
  assertEquals(
    interpretMetadata({
      "unix:uid-gid-perm": "1000-100-420",
      CoreAttributes: "Normal",
      CoreLastWritetime: "638396640012345678",
      CoreSymlinkTarget: "/target",
    }),
    { mtimeMs: Date.UTC(2024, 0, 1) + 1234, uid: 1000, gid: 100, mode: 0o644, symlinkTarget: "/target" },
  );
  assertEquals(interpretMetadata({ "unix:uid-gid-perm": "-1--2-511" }), { uid: -1, gid: -2, mode: 0o777 });
});

Deno.test("interpretMetadata() ignores malformed values and round-trips buildMetadata()", () => {
  assertEquals(interpretMetadata({ CoreLastWritetime: "12abc", "unix:uid-gid-perm": "a-b-c" }), {});
  assertEquals(interpretMetadata({}), {});
  const built = buildMetadata({ kind: "file", mtimeMs: 1_700_000_000_123, mode: 0o100640, uid: 3, gid: 4 });
  assertEquals(interpretMetadata(decodeMetadata(encodeMetadata(built))), {
    mtimeMs: 1_700_000_000_123,
    uid: 3,
    gid: 4,
    mode: 0o640,
  });
});
