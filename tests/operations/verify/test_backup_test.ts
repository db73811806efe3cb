import { createHash } from "node:crypto";
import { WrongPassphraseError } from "../../../lib/core/errors.ts";
import { indexesOf, setVolumeState } from "../../../lib/database/remote_volumes.ts";
import { writeIndexVolume } from "../../../lib/operations/common/index_writer.ts";
import { testBackup, type TestInput } from "../../../lib/operations/verify/test_backup.ts";
import { failedVolumes, type TestResult } from "../../../lib/operations/verify/test_result.ts";
import { entryNameToBase64 } from "../../../lib/core/bytes.ts";
import { decodeVolumeIndex, LIST_PREFIX, VOL_PREFIX } from "../../../lib/volumes/dindex.ts";
import { openVolume } from "../../../lib/volumes/volume_reader.ts";
import { ZipReader } from "../../../lib/volumes/zip/zip_reader.ts";
import { assert, assertEquals, assertRejects } from "../../support/assert.ts";
import { type VerifyFixture, withBackup } from "./verify_fixture.ts";

const FAKE_HASH = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

function run(f: VerifyFixture, input: Partial<TestInput> & { at?: number } = {}): Promise<TestResult> {
  const { at, ...rest } = input;
  const context = at === undefined ? f.context : { ...f.context, now: () => new Date(at) };
  return testBackup(context, { prefix: "duplicati", passphrase: f.settings.passphrase, samples: "all", ...rest });
}

/** Volume name → its problems, for volumes with problems. */
function problems(result: TestResult): Record<string, string[]> {
  return Object.fromEntries(failedVolumes(result).map((v) => [v.name, v.errors.map((e) => `${e.kind}: ${e.detail}`)]));
}

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("base64");
}

for (const strategy of ["False", "True", "ListAndIndexes"] as const) {
  Deno.test(`testBackup() examines every volume of a clean backup with "all" and records it (${strategy})`, async () => {
    await withBackup({}, async (f) => {
      const result = await run(f, { strategy, at: 5_000 });
      const expected = [...f.rows("dlist"), ...f.rows("dindex"), ...f.rows("dblock")].map((r) => r.name);
      assert(f.rows("dblock").length >= 3, "the fixture makes several dblocks");
      assertEquals(result.examined, f.backend.files.size);
      assertEquals(result.volumes.map((v) => v.name), expected);
      assertEquals(problems(result), {});
      assertEquals(result.extraFiles, []);
      for (const [name, state] of f.testState()) assertEquals(state, { verifiedAt: 5_000, damage: null }, name);
    });
  });
}

Deno.test("testBackup() with IndexesOnly examines every dindex file and nothing else", async () => {
  await withBackup({}, async (f) => {
    const result = await run(f, { strategy: "IndexesOnly", samples: 1 });
    assertEquals(result.volumes.map((v) => v.name), f.rows("dindex").map((r) => r.name));
    assertEquals(problems(result), {});
  });
});

Deno.test("testBackup() tests the least recently verified volumes first and rolls over", async () => {
  await withBackup({}, async (f) => {
    const [dindex1, dindex2] = f.rows("dindex");
    const [dblock1, dblock2] = f.rows("dblock");
    const [dlist] = f.rows("dlist");
    const first = await run(f, { samples: 1, at: 1_000 });
    assertEquals(first.volumes.map((v) => v.name), [dlist!.name, dindex1!.name, dblock1!.name]);
    const second = await run(f, { samples: 1, at: 2_000 });
    assertEquals(second.volumes.map((v) => v.name), [dlist!.name, dindex2!.name, dblock2!.name]);
    const state = f.testState();
    assertEquals(state.get(dindex1!.name)!.verifiedAt, 1_000);
    assertEquals(state.get(dblock1!.name)!.verifiedAt, 1_000);
    assertEquals(state.get(dlist!.name)!.verifiedAt, 2_000);
    assertEquals(state.get(dblock2!.name)!.verifiedAt, 2_000);
    assertEquals(
      f.rows("dblock").slice(2).map((r) => state.get(r.name)!.verifiedAt),
      f.rows("dblock").slice(2).map(() => 0),
    );
    const two = await run(f, { samples: 2, at: 3_000 });
    assertEquals(two.examined, 1 + 2 + 2);
  });
});

Deno.test("testBackup() reports listing problems and unknown files without downloading", async () => {
  await withBackup({ passphrase: undefined }, async (f) => {
    const [gone, cut] = f.rows("dblock");
    f.backend.files.delete(gone!.name);
    f.backend.files.set(cut!.name, f.backend.files.get(cut!.name)!.subarray(0, 100));
    f.backend.files.set("duplicati-b0123.dblock.zip", new Uint8Array(10));
    f.backend.files.set("duplicati-verification.json", new Uint8Array(10));
    f.backend.files.set("other-b0123.dblock.zip", new Uint8Array(10));
    const result = await run(f, { at: 7_000 });
    assertEquals(problems(result), {
      [gone!.name]: [`Missing: "${gone!.name}" is not at the destination`],
      [cut!.name]: [`SizeMismatch: the destination has 100 bytes, but ${cut!.size} were uploaded`],
    });
    assertEquals(result.examined, f.rows().length);
    assertEquals(result.extraFiles, ["duplicati-b0123.dblock.zip"]);
    assertEquals(result.warnings.length, 1);
    assertEquals(f.testState().get(gone!.name)!.damage, `Missing: "${gone!.name}" is not at the destination`);
    assertEquals(f.testState().get(gone!.name)!.verifiedAt, 0);
  });
});

Deno.test("testBackup() with full verification finds a dblock holding fewer blocks than the database says", async () => {
  await withBackup({}, async (f) => {
    const dblock = f.rows("dblock")[1]!;
    const [dindex] = indexesOf(f.context.db, dblock.id);
    f.context.db.prepare("INSERT INTO block(hash, size, volume_id) VALUES (?, ?, ?)").run(FAKE_HASH, 1024, dblock.id);
    assertEquals(problems(await run(f, { strategy: "False" })), {});
    assertEquals(problems(await run(f, { strategy: "True" })), {
      [dindex!.name]: [`MissingEntry: ${VOL_PREFIX}${dblock.name}: block "${FAKE_HASH}" (1024 bytes) is missing`],
      [dblock.name]: [`MissingEntry: ${dblock.name}: block "${FAKE_HASH}" (1024 bytes) is missing`],
    });
  });
});

Deno.test("testBackup() with full verification finds a dindex that lists a wrong block", async () => {
  await withBackup({}, async (f) => {
    const dindex = f.rows("dindex")[0]!;
    const opened = await openVolume(dindex.name, f.backend.files.get(dindex.name)!, { passphrase: "verify secret" });
    const volEntry = opened.zip.entries.find((e) => e.name.startsWith(VOL_PREFIX))!;
    const index = decodeVolumeIndex(opened.zip.read(volEntry), volEntry.name);
    const replaced = index.blocks[0]!;
    const blocklists = new Map(
      opened.zip.entries.filter((e) => e.name.startsWith(LIST_PREFIX)).map((e) => [
        entryNameToBase64(e.name.slice(LIST_PREFIX.length)),
        opened.zip.read(e),
      ]),
    );
    // A dindex written wrongly from the start: its recorded hash and size are those of the wrong file.
    const sealed = await writeIndexVolume(
      `${f.dir}/bad.dindex`,
      {
        blockVolumeName: volEntry.name.slice(VOL_PREFIX.length),
        blockVolumeHash: index.volumehash!,
        blockVolumeSize: index.volumesize!,
        blocks: [{ hash: FAKE_HASH, size: replaced.size }, ...index.blocks.slice(1)],
        blocklists,
      },
      f.settings,
      new Date(),
    );
    f.backend.files.set(dindex.name, Deno.readFileSync(sealed.path));
    setVolumeState(f.context.db, dindex.id, { state: dindex.state, size: sealed.size, hash: sealed.hash });
    assertEquals(problems(await run(f, { strategy: "False" })), {});
    const expected = {
      [dindex.name]: [
        `ExtraEntry: ${volEntry.name}: block "${FAKE_HASH}" (${replaced.size} bytes) is not in the database`,
        `MissingEntry: ${volEntry.name}: block "${replaced.hash}" (${replaced.size} bytes) is missing`,
      ],
    };
    assertEquals(problems(await run(f, { strategy: "True" })), expected);
    assertEquals(problems(await run(f, { strategy: "ListAndIndexes" })), expected);
    assertEquals(problems(await run(f, { strategy: "IndexesOnly" })), expected);
  });
});

Deno.test("testBackup() with full verification compares a dlist's entries with the database's version", async () => {
  await withBackup({}, async (f) => {
    const db = f.context.db;
    const path = (name: string) =>
      (db.prepare("SELECT path FROM file WHERE path LIKE ?").get(`%/${name}`) as { path: string }).path;
    db.prepare(
      "UPDATE fileset_entry SET mtime_ms = mtime_ms + 7000 WHERE file_id IN (SELECT id FROM file WHERE path = ?)",
    )
      .run(path("note.txt"));
    db.prepare("DELETE FROM fileset_entry WHERE file_id IN (SELECT id FROM file WHERE path = ?)").run(path("mid.bin"));
    assertEquals(problems(await run(f, { strategy: "False" })), {});
    const result = await run(f, { strategy: "True" });
    const [dlist] = f.rows("dlist");
    const found = problems(result)[dlist!.name]!;
    assertEquals(found.length, 2);
    assertEquals(found[0], `ExtraEntry: "${path("mid.bin")}" is not in the version the database records`);
    assert(found[1]!.startsWith(`ModifiedEntry: "${path("note.txt")}": time is "`), found[1]);
    assertEquals(Object.keys(problems(result)), [dlist!.name]);
  });
});

Deno.test("testBackup() with full verification finds a block whose content does not match its name", async () => {
  await withBackup({ passphrase: undefined }, async (f) => {
    const dblock = f.rows("dblock")[0]!;
    const bytes = f.backend.files.get(dblock.name)!.slice();
    const zip = new ZipReader(bytes);
    const entry = zip.entries.find((e) => e.name !== "manifest" && e.method === 0)!;
    const raw = zip.rawData(entry);
    bytes[raw.byteOffset + Math.floor(raw.length / 2)]! ^= 0x01;
    f.backend.files.set(dblock.name, bytes);
    // The file as uploaded was already wrong (a writer bug): its recorded hash matches the damaged bytes.
    setVolumeState(f.context.db, dblock.id, { state: dblock.state, size: bytes.length, hash: sha256(bytes) });
    assertEquals(problems(await run(f, { strategy: "False" })), {});
    const found = problems(await run(f, { strategy: "True" }));
    // Its dindex still names the hash the dblock had before: that disagreement is reported too.
    const [dindex] = indexesOf(f.context.db, dblock.id);
    assertEquals(found[dindex!.name], [
      `ModifiedEntry: ${VOL_PREFIX}${dblock.name}: volume hash "${dblock.hash}", but the database has "${
        sha256(bytes)
      }"`,
    ]);
    assertEquals(Object.keys(found).sort(), [dblock.name, dindex!.name].sort());
    assertEquals(found[dblock.name]!.length, 1);
    assert(found[dblock.name]![0]!.startsWith(`CorruptEntry: ${entry.name}: `), found[dblock.name]![0]);
  });
});

Deno.test("testBackup() refuses a wrong passphrase for intact files and records nothing", async () => {
  await withBackup({}, async (f) => {
    f.backend.files.delete(f.rows("dblock")[0]!.name);
    const before = f.testState();
    await assertRejects(() => run(f, { passphrase: "wrong" }), WrongPassphraseError, "which is intact");
    assertEquals(f.testState(), before);
  });
});

Deno.test("testBackup() takes a run where nothing decrypts and no hash is known for a wrong passphrase", async () => {
  await withBackup({}, async (f) => {
    f.context.db.exec("UPDATE remote_volume SET hash = NULL");
    const before = f.testState();
    await assertRejects(() => run(f, { passphrase: "wrong", samples: 1 }), WrongPassphraseError, "none of");
    assertEquals(f.testState(), before);
  });
});

Deno.test("testBackup() reports a damaged volume without a recorded hash and captures the others' hashes", async () => {
  await withBackup({}, async (f) => {
    const hashes = new Map(f.rows().map((r) => [r.name, r.hash]));
    f.context.db.exec("UPDATE remote_volume SET hash = NULL");
    const [dlist] = f.rows("dlist");
    const bytes = f.backend.files.get(dlist!.name)!.slice();
    bytes[bytes.length - 40]! ^= 0x10;
    f.backend.files.set(dlist!.name, bytes);
    const result = await run(f);
    assertEquals(Object.keys(problems(result)), [dlist!.name]);
    assertEquals(result.volumes.find((v) => v.name === dlist!.name)!.errors[0]!.kind, "Unreadable");
    for (const row of f.rows()) {
      assertEquals(row.hash, row.name === dlist!.name ? null : hashes.get(row.name), row.name);
    }
  });
});

Deno.test("testBackup() with record false leaves the database as it was", async () => {
  await withBackup({}, async (f) => {
    f.backend.files.delete(f.rows("dindex")[0]!.name);
    const before = f.testState();
    const result = await run(f, { record: false });
    assertEquals(failedVolumes(result).length, 1);
    assertEquals(f.testState(), before);
  });
});
