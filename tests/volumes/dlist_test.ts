import { toHex, utf8, utf8WithBom } from "../../lib/core/bytes.ts";
import { IntegrityError } from "../../lib/core/errors.ts";
import {
  compareUtf8,
  decodeFilelist,
  decodeFileset,
  type DlistEntry,
  encodeDlistEntry,
  encodeFilelist,
  encodeFileset,
} from "../../lib/volumes/dlist.ts";
import { assertEquals, assertThrows } from "../support/assert.ts";

const H = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
const M = "qiXpeARtaA74dA2Dfm3lvB4qLcYInb2hASVEtTjVP2U=";
const NAME = "duplicati-20240101T000000Z.dlist.zip";

Deno.test("encodeDlistEntry() writes every key in the spec §7.2 order", () => {
  // Keys given in scrambled order on purpose; metablockhash and blockhash/blocksize are the alternatives of 8a/9a.
  const entry = {
    blocksize: 7,
    blockhash: "bh=",
    blocklists: ["l1=", "l2="],
    metablockhash: "mbh=",
    metablocklists: ["m1="],
    metasize: 170,
    metahash: M,
    time: "20230102T030405Z",
    size: 41083,
    hash: H,
    path: "/data/big.bin",
    type: "File",
  } as const;
  assertEquals(
    encodeDlistEntry(entry),
    `{"type":"File","path":"/data/big.bin","hash":"${H}","size":41083,"time":"20230102T030405Z",` +
      `"metahash":"${M}","metasize":170,"metablocklists":["m1="],"metablockhash":"mbh=","blocklists":["l1=","l2="],` +
      `"blockhash":"bh=","blocksize":7}`,
  );
});

Deno.test("encodeDlistEntry() omits absent fields and empty arrays", () => {
  assertEquals(
    encodeDlistEntry({ type: "Folder", path: "/data/", metahash: M, metasize: 5, metablocklists: [], blocklists: [] }),
    `{"type":"Folder","path":"/data/","metahash":"${M}","metasize":5}`,
  );
  assertEquals(
    encodeDlistEntry({
      type: "File",
      path: "/e",
      hash: H,
      size: 0,
      time: "20240101T000000Z",
      metahash: M,
      metasize: 5,
    }),
    `{"type":"File","path":"/e","hash":"${H}","size":0,"time":"20240101T000000Z","metahash":"${M}","metasize":5}`,
  );
});

Deno.test("encodeDlistEntry() escapes quotes and backslashes and writes non-ASCII raw", () => {
  assertEquals(
    encodeDlistEntry({ type: "Symlink", path: `C:\\a "b"\\ü😀` }),
    `{"type":"Symlink","path":"C:\\\\a \\"b\\"\\\\ü😀"}`,
  );
});

Deno.test("compareUtf8() orders by UTF-8 bytes, not UTF-16 code units", () => {
  const astral = "\u{1F600}", privateUse = "\uE000";
  // UTF-16: D83D < E000, so JavaScript's default sort puts the astral character first; UTF-8 (EE.. < F0..) does not.
  assertEquals([astral, privateUse].sort(), [astral, privateUse]);
  assertEquals(compareUtf8(privateUse, astral) < 0, true);
  assertEquals(compareUtf8(astral, privateUse) > 0, true);
  assertEquals(compareUtf8("a", "a"), 0);
  assertEquals(compareUtf8("a", "ab") < 0, true);
  assertEquals(compareUtf8("B", "a") < 0, true);
  assertEquals(compareUtf8("/x/\u{1F600}a", "/x/\u{1F600}b") < 0, true);
  assertEquals(compareUtf8("/x/\u{1F600}", "/x/\u{1F601}") < 0, true);
  assertEquals(compareUtf8("\u00ff", "\u0100") < 0, true);
});

Deno.test("encodeFilelist() writes a BOM, folders and symlinks first, then files, each in UTF-8 byte order", () => {
  const entries: DlistEntry[] = [
    { type: "File", path: "/d/\u{1F600}", hash: H, size: 0, time: "20240101T000000Z", metahash: M, metasize: 5 },
    { type: "File", path: "/d/\uE000", hash: H, size: 0, time: "20240101T000000Z", metahash: M, metasize: 5 },
    { type: "File", path: "/d/B", hash: H, size: 0, time: "20240101T000000Z", metahash: M, metasize: 5 },
    { type: "Symlink", path: "/d/link", metahash: M, metasize: 5 },
    { type: "Folder", path: "/d/", metahash: M, metasize: 5 },
    { type: "File", path: "/d/a", hash: H, size: 0, time: "20240101T000000Z", metahash: M, metasize: 5 },
    { type: "Folder", path: "/d/sub/", metahash: M, metasize: 5 },
  ];
  const bytes = encodeFilelist(entries);
  assertEquals(toHex(bytes.subarray(0, 3)), "efbbbf");
  const file = (path: string) =>
    `{"type":"File","path":"${path}","hash":"${H}","size":0,"time":"20240101T000000Z","metahash":"${M}","metasize":5}`;
  const meta = (type: string, path: string) => `{"type":"${type}","path":"${path}","metahash":"${M}","metasize":5}`;
  const expected = "[" + [
    meta("Folder", "/d/"),
    meta("Symlink", "/d/link"),
    meta("Folder", "/d/sub/"),
    file("/d/B"),
    file("/d/a"),
    file("/d/\uE000"),
    file("/d/\u{1F600}"),
  ].join(",") + "]";
  assertEquals(bytes, utf8WithBom(expected));
});

Deno.test("encodeFilelist() of no entries is a BOM and []", () => {
  assertEquals(toHex(encodeFilelist([])), "efbbbf5b5d");
});

Deno.test("decodeFilelist() round-trips encodeFilelist()", () => {
  const entries: DlistEntry[] = [
    { type: "Folder", path: "/d/", metahash: M, metasize: 5 },
    {
      type: "File",
      path: "/d/big",
      hash: H,
      size: 5000,
      time: "20240101T000000Z",
      metahash: M,
      metasize: 171,
      metablocklists: ["x="],
      blocklists: ["a=", "b="],
    },
    {
      type: "File",
      path: "/d/one",
      hash: H,
      size: 3,
      time: "20240101T000000Z",
      metahash: M,
      metasize: 5,
      blockhash: "c=",
      blocksize: 3,
    },
  ];
  assertEquals(decodeFilelist(encodeFilelist(entries), NAME), entries);
});

Deno.test("decodeFilelist() tolerates key order, a missing BOM and case in type names", () => {
  const json =
    `[{"path":"/x","metasize":5,"size":3,"blocklists":["a="],"metahash":"${M}","hash":"${H}","type":"file",` +
    `"time":"20240101T000000Z"},{"metahash":"${M}","path":"/y/","type":"FOLDER"},{"type":"symlink","path":"/z"}]`;
  assertEquals(decodeFilelist(utf8(json), NAME), [
    {
      type: "File",
      path: "/x",
      hash: H,
      size: 3,
      time: "20240101T000000Z",
      metahash: M,
      metasize: 5,
      blocklists: ["a="],
    },
    { type: "Folder", path: "/y/", metahash: M },
    { type: "Symlink", path: "/z" },
  ]);
});

Deno.test("decodeFilelist() reads AlternateStream as File and skips unknown types and malformed items", () => {
  const json =
    `[{"type":"AlternateStream","path":"C:\\\\f:ads","hash":"${H}","size":0},{"type":"Hardlink","path":"/h"},` +
    `null,{"type":"File"},{"type":"File","path":7},{"path":"/notype"},{"type":"File","path":"/ok","metahash":null}]`;
  assertEquals(decodeFilelist(utf8WithBom(json), NAME), [
    { type: "File", path: "C:\\f:ads", hash: H, size: 0 },
    { type: "File", path: "/ok" },
  ]);
});

Deno.test("decodeFilelist() rejects invalid JSON and non-arrays", () => {
  assertThrows(
    () => decodeFilelist(utf8("[{"), NAME),
    IntegrityError,
    `Cannot read the file list of "${NAME}": invalid JSON`,
  );
  assertThrows(
    () => decodeFilelist(utf8(`{"type":"File"}`), NAME),
    IntegrityError,
    `Cannot read the file list of "${NAME}": not an array`,
  );
});

Deno.test('encodeFileset() writes the BOM and {"IsFullBackup":...}', () => {
  assertEquals(toHex(encodeFileset(true)), "efbbbf" + toHex(utf8(`{"IsFullBackup":true}`)));
  assertEquals(encodeFileset(false), utf8WithBom(`{"IsFullBackup":false}`));
});

Deno.test("decodeFileset() reads the flag; a missing or unreadable entry means a full backup", () => {
  assertEquals(decodeFileset(encodeFileset(true)), { isFullBackup: true });
  assertEquals(decodeFileset(encodeFileset(false)), { isFullBackup: false });
  assertEquals(decodeFileset(utf8(`{"IsFullBackup":false}`)), { isFullBackup: false });
  assertEquals(decodeFileset(undefined), { isFullBackup: true });
  assertEquals(decodeFileset(utf8("garbage")), { isFullBackup: true });
  assertEquals(decodeFileset(utf8("{}")), { isFullBackup: true });
});

Deno.test("encodeFilelist() orders any mix of ASCII, BMP and astral paths exactly by their UTF-8 bytes", () => {
  const pieces = ["a", "B", "z", "/", "é", "\u00ff", "\u0100", "\u4e2d", "\uE000", "\uFFFD", "\u{1F600}", "\u{10400}"];
  let seed = 7;
  const next = () => Math.floor((seed = (seed * 1103515245 + 12345) % 2147483648) / 65536) % pieces.length;
  const paths = new Set<string>();
  while (paths.size < 400) {
    let path = "/r/";
    for (let n = 1 + next() % 5; n > 0; n--) path += pieces[next()];
    paths.add(path);
  }
  const entries: DlistEntry[] = [...paths].map((path) => ({ type: "Symlink", path }));
  const decoded = decodeFilelist(encodeFilelist(entries), "test").map((e) => e.path);
  const encoder = new TextEncoder();
  const byBytes = [...paths].sort((a, b) => {
    const x = encoder.encode(a), y = encoder.encode(b);
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
    return x.length - y.length;
  });
  assertEquals(decoded, byBytes);
});
