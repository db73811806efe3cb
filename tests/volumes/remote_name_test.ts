import { UserInputError } from "../../lib/core/errors.ts";
import {
  formatCompactTime,
  generateBlockName,
  generateDlistName,
  parseCompactTime,
  parseRemoteName,
  validatePrefix,
} from "../../lib/volumes/remote_name.ts";
import { assertEquals, assertMatch, assertNotEquals, assertThrows } from "../support/assert.ts";

const GUID = "0123456789abcdef0123456789abcdef";

Deno.test("parseRemoteName() parses dblock and dindex names, plain and encrypted", () => {
  assertEquals(parseRemoteName(`duplicati-b${GUID}.dblock.zip`), {
    prefix: "duplicati",
    type: "dblock",
    compression: "zip",
    guid: GUID,
  });
  assertEquals(parseRemoteName(`duplicati-i${GUID}.dindex.zip.aes`), {
    prefix: "duplicati",
    type: "dindex",
    compression: "zip",
    encryption: "aes",
    guid: GUID,
  });
  assertEquals(parseRemoteName(`mybackup-B${GUID.toUpperCase()}.dblock.tgz.gpg`), {
    prefix: "mybackup",
    type: "dblock",
    compression: "tgz",
    encryption: "gpg",
    guid: GUID.toUpperCase(),
  });
});

Deno.test("parseRemoteName() parses dlist names with their UTC time", () => {
  assertEquals(parseRemoteName("duplicati-20240506T070809Z.dlist.zip"), {
    prefix: "duplicati",
    type: "dlist",
    compression: "zip",
    time: new Date(Date.UTC(2024, 4, 6, 7, 8, 9)),
  });
  assertEquals(parseRemoteName("x.y_z-20001231T235959Z.dlist.zip.aes"), {
    prefix: "x.y_z",
    type: "dlist",
    compression: "zip",
    encryption: "aes",
    time: new Date("2000-12-31T23:59:59Z"),
  });
});

Deno.test("parseRemoteName() matches the type case-insensitively", () => {
  assertEquals(parseRemoteName(`duplicati-b${GUID}.DBLOCK.zip`)?.type, "dblock");
  assertEquals(parseRemoteName(`duplicati-i${GUID}.DIndex.zip.aes`)?.type, "dindex");
  assertEquals(parseRemoteName("duplicati-20240506T070809Z.DLIST.ZIP")?.type, "dlist");
  assertEquals(parseRemoteName("duplicati-20240506T070809Z.DLIST.ZIP")?.compression, "ZIP");
});

Deno.test("parseRemoteName() keeps Duplicati's quirk: the dot before the type is any character", () => {
  assertEquals(parseRemoteName(`duplicati-b${GUID}Xdblock.zip`), {
    prefix: "duplicati",
    type: "dblock",
    compression: "zip",
    guid: GUID,
  });
  assertEquals(parseRemoteName("duplicati-20240506T070809Z_dlist.zip")?.time, new Date("2024-05-06T07:08:09Z"));
});

Deno.test("parseRemoteName() returns undefined for names that are not volumes", () => {
  for (
    const name of [
      "",
      "duplicati-verification.json",
      "duplicati-b.dblock.zip",
      `duplicati-x${GUID}.dblock.zip`,
      `duplicati-b${GUID}.dblock`,
      `duplicati-b${GUID}.dfile.zip`,
      `-b${GUID}.dblock.zip`,
      `dup-licati-b${GUID}.dblock.zip`,
      "duplicati-2024050T070809Z.dlist.zip",
      "duplicati-20240506T070809.dlist.zip",
      "readme.txt",
      // guid form with dlist and time form with dblock are rejected
      `duplicati-b${GUID}.dlist.zip`,
      "duplicati-20240506T070809Z.dblock.zip",
      "duplicati-20240506T070809Z.dindex.zip",
    ]
  ) {
    assertEquals(parseRemoteName(name), undefined, name);
  }
});

Deno.test("parseRemoteName() never throws for a lower-case t/z in a dlist time", () => {
  // The pattern is case-insensitive, so "t" and "z" match; the result must be undefined or the right time.
  let parsed: ReturnType<typeof parseRemoteName>;
  try {
    parsed = parseRemoteName("duplicati-20240506t070809z.dlist.zip");
  } catch (error) {
    throw new Error(`parseRemoteName() threw instead of returning: ${String(error)}`);
  }
  if (parsed !== undefined) assertEquals(parsed.time, new Date("2024-05-06T07:08:09Z"));
});

Deno.test("generateBlockName() makes a fresh 32-hex lower-case id and round-trips through parseRemoteName()", () => {
  const a = generateBlockName("dblock", { prefix: "duplicati", encryption: "aes" });
  const b = generateBlockName("dblock", { prefix: "duplicati", encryption: "aes" });
  assertMatch(a, /^duplicati-b[0-9a-f]{32}\.dblock\.zip\.aes$/);
  assertNotEquals(a, b);
  assertEquals(parseRemoteName(a)?.guid, a.slice(11, 43));
  const index = generateBlockName("dindex", { prefix: "pre", encryption: undefined });
  assertMatch(index, /^pre-i[0-9a-f]{32}\.dindex\.zip$/);
  assertEquals(parseRemoteName(index)?.type, "dindex");
  assertMatch(
    generateBlockName("dblock", { prefix: "p", compression: "tzstd", encryption: "gpg" }),
    /^p-b[0-9a-f]{32}\.dblock\.tzstd\.gpg$/,
  );
});

Deno.test("generateDlistName() formats the time in UTC and truncates to seconds", () => {
  const time = new Date(Date.UTC(2024, 4, 6, 7, 8, 9, 999));
  assertEquals(
    generateDlistName(time, { prefix: "duplicati", encryption: "aes" }),
    "duplicati-20240506T070809Z.dlist.zip.aes",
  );
  assertEquals(generateDlistName(time, { prefix: "b", encryption: undefined }), "b-20240506T070809Z.dlist.zip");
  assertEquals(
    parseRemoteName(generateDlistName(time, { prefix: "b", encryption: undefined }))?.time,
    new Date(Date.UTC(2024, 4, 6, 7, 8, 9)),
  );
});

Deno.test("formatCompactTime() pads every field and uses UTC", () => {
  assertEquals(formatCompactTime(new Date("2001-02-03T04:05:06.789Z")), "20010203T040506Z");
  assertEquals(formatCompactTime(new Date("2023-12-31T23:59:59+05:00")), "20231231T185959Z");
  assertEquals(formatCompactTime(new Date(Date.UTC(999, 0, 1))), "09990101T000000Z");
});

Deno.test("parseCompactTime() inverts formatCompactTime() and rejects other shapes", () => {
  assertEquals(parseCompactTime("20260709T101112Z"), new Date("2026-07-09T10:11:12Z"));
  assertThrows(
    () => parseCompactTime("2026-07-09T10:11:12Z"),
    UserInputError,
    `Cannot parse time "2026-07-09T10:11:12Z"`,
  );
  assertThrows(() => parseCompactTime("20260709T101112"), UserInputError, "expected yyyyMMddTHHmmssZ");
});

Deno.test("validatePrefix() accepts plain prefixes and rejects empty ones, '-' and path characters", () => {
  for (const ok of ["duplicati", "my_backup", "a.b", "UPPER123"]) validatePrefix(ok);
  for (const bad of ["", "my-backup", "a/b", "a\\b", "c:", "a*", "a?", 'a"', "a<", "a>", "a|"]) {
    assertThrows(() => validatePrefix(bad), UserInputError, `Cannot use prefix "${bad}"`);
  }
});
