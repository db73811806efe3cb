/**
 * usage.ts on a real SQLite database: what is in use is derived from the versions (blockset entries and blocklist
 * keys of files some fileset lists), never counted.
 * @module
 */
import { digestBase64 } from "../../lib/blocks/hash.ts";
import { blocksInVolume, findBlock, insertBlock, insertBlockset } from "../../lib/database/blocks.ts";
import type { Db } from "../../lib/database/connection.ts";
import { transaction } from "../../lib/database/connection.ts";
import {
  addFilesetEntry,
  deleteFileset,
  findOrInsertFile,
  insertFileset,
  NO_BLOCKSET,
} from "../../lib/database/filesets.ts";
import { createVolume } from "../../lib/database/remote_volumes.ts";
import {
  blockCount,
  deleteUnusedBlocks,
  moveBlock,
  removeUnreferenced,
  usedBlocksInVolume,
  volumeUsage,
} from "../../lib/database/usage.ts";
import { assertEquals } from "../support/assert.ts";
import { countRows, withDb } from "./db_fixtures.ts";

/** Base64 SHA-256 of a label, a realistic-looking block key. */
function key(label: string): string {
  return digestBase64("SHA256", new TextEncoder().encode(label));
}

function dblock(db: Db, name: string): number {
  return createVolume(db, { name, type: "dblock", state: "Uploaded" });
}

/** Inserts blocks `label → size` into a volume; returns label → block id. */
function blocks(db: Db, volumeId: number, spec: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [label, size] of Object.entries(spec)) out[label] = insertBlock(db, key(label), size, volumeId);
  return out;
}

/** A blockset over block ids with optional blocklist keys (labels). */
function blockset(db: Db, label: string, blockIds: number[], lists: string[] = []): number {
  return insertBlockset(db, {
    hash: key(`set:${label}`),
    length: blockIds.length * 100,
    blockIds,
    blocklistHashes: lists.map(key),
  });
}

/** A fileset (version) with the given files: path → [content blockset, metadata blockset]. */
function version(db: Db, timestamp: number, files: Record<string, [number, number]>): number {
  const dlist = createVolume(db, { name: `dlist-${timestamp}`, type: "dlist", state: "Uploaded" });
  const fileset = insertFileset(db, { volumeId: dlist, timestamp, isFull: true });
  for (const [path, [content, meta]] of Object.entries(files)) {
    const type = content === NO_BLOCKSET ? "Folder" : "File";
    const fileId = findOrInsertFile(db, { path, type, blocksetId: content, metaBlocksetId: meta });
    addFilesetEntry(db, fileset, fileId, 1000);
  }
  return fileset;
}

function usage(db: Db): Record<number, [number, number, number, number]> {
  const out: Record<number, [number, number, number, number]> = {};
  for (const [id, u] of volumeUsage(db)) {
    assertEquals(u.volumeId, id);
    out[id] = [u.blocks, u.usedBlocks, u.totalBytes, u.usedBytes];
  }
  return out;
}

Deno.test("removeUnreferenced() deletes files no version lists and blocksets no file uses; blocks stay", () => {
  withDb((db) => {
    const v = dblock(db, "b1");
    const b = blocks(db, v, { a: 100, b: 200, c: 300, m1: 10, m2: 20 });
    const kept = blockset(db, "kept", [b.a!, b.b!], ["list-kept"]);
    const gone = blockset(db, "gone", [b.c!, b.a!], ["list-gone"]);
    const metaKept = blockset(db, "m1", [b.m1!]);
    const metaGone = blockset(db, "m2", [b.m2!]);
    const orphan = blockset(db, "orphan", [b.c!]);
    version(db, 1, { "/x": [kept, metaKept], "/folder/": [NO_BLOCKSET, metaKept] });
    const v2 = version(db, 2, { "/x": [kept, metaKept], "/y": [gone, metaGone] });
    assertEquals(transaction(db, () => removeUnreferenced(db)), { files: 0, blocksets: 1 }, "only the orphan goes");
    const remaining = () => db.prepare("SELECT id FROM blockset ORDER BY id").all().map((r) => Number(r.id));
    assertEquals(remaining(), [kept, gone, metaKept, metaGone]);
    assertEquals(remaining().includes(orphan), false);
    deleteFileset(db, v2);
    assertEquals(transaction(db, () => removeUnreferenced(db)), { files: 1, blocksets: 2 });
    assertEquals(remaining(), [kept, metaKept]);
    assertEquals(
      db.prepare("SELECT path FROM file ORDER BY path").all().map((r) => r.path),
      ["/folder/", "/x"],
    );
    // Entries and blocklist keys of the removed blocksets went with them.
    const entrySets = db.prepare("SELECT DISTINCT blockset_id AS id FROM blockset_entry ORDER BY 1").all();
    assertEquals(entrySets.map((r) => Number(r.id)), [kept, metaKept]);
    assertEquals(db.prepare("SELECT hash FROM blocklist_hash").all().map((r) => r.hash), [key("list-kept")]);
    assertEquals(countRows(db, "block"), 5, "blocks are compact's business");
    assertEquals(countRows(db, "fileset_entry"), 2);
    // Nothing more to remove: a second call changes nothing.
    assertEquals(transaction(db, () => removeUnreferenced(db)), { files: 0, blocksets: 0 });
  });
});

Deno.test("removeUnreferenced() keeps a blockset used only as metadata, and everything when no version is gone", () => {
  withDb((db) => {
    const v = dblock(db, "b1");
    const b = blocks(db, v, { a: 1, m: 2 });
    const content = blockset(db, "c", [b.a!]);
    const meta = blockset(db, "m", [b.m!]);
    version(db, 1, { "/f": [content, meta], "/d/": [NO_BLOCKSET, meta] });
    assertEquals(removeUnreferenced(db), { files: 0, blocksets: 0 });
    assertEquals([countRows(db, "file"), countRows(db, "blockset"), countRows(db, "blockset_entry")], [2, 2, 2]);
  });
});

Deno.test("volumeUsage() sums used and unused blocks per volume; a repeated block counts once", () => {
  withDb((db) => {
    const v1 = dblock(db, "b1"), v2 = dblock(db, "b2"), empty = dblock(db, "b3");
    const b1 = blocks(db, v1, { a: 100, b: 200, unused: 400 });
    const b2 = blocks(db, v2, { c: 1000, d: 7 });
    const meta = blockset(db, "m", [b2.d!]);
    // Block a appears twice in one file and once more in another.
    const file1 = blockset(db, "f1", [b1.a!, b1.b!, b1.a!]);
    const file2 = blockset(db, "f2", [b1.a!, b2.c!]);
    version(db, 1, { "/1": [file1, meta], "/2": [file2, meta] });
    assertEquals(usage(db), {
      [v1]: [3, 2, 700, 300],
      [v2]: [2, 2, 1007, 1007],
    });
    assertEquals(volumeUsage(db).has(empty), false, "a dblock without block rows does not appear");
  });
});

Deno.test("volumeUsage() counts a block holding a blocklist of a used blockset as used", () => {
  withDb((db) => {
    const data = dblock(db, "data"), lists = dblock(db, "lists");
    const b = blocks(db, data, { x: 1024, y: 1024 });
    // The blocklist blocks live in another volume; one belongs to a blockset no version uses any more.
    const l = blocks(db, lists, { "list-used": 64, "list-unused": 64, plain: 5 });
    const used = blockset(db, "used", [b.x!, b.y!], ["list-used"]);
    const meta = blockset(db, "meta", [l.plain!]);
    version(db, 1, { "/big": [used, meta] });
    assertEquals(usage(db), { [data]: [2, 2, 2048, 2048], [lists]: [3, 2, 133, 69] });
    // Once the version goes and the references are cleaned up, nothing is used.
    db.exec("DELETE FROM fileset");
    removeUnreferenced(db);
    assertEquals(usage(db), { [data]: [2, 0, 2048, 0], [lists]: [3, 0, 133, 0] });
  });
});

Deno.test("usedBlocksInVolume() lists the used blocks in storage order and flags blocklists", () => {
  withDb((db) => {
    const v1 = dblock(db, "b1"), v2 = dblock(db, "b2");
    const b = blocks(db, v1, { first: 10, unused: 20, list: 64, third: 30 });
    const other = blocks(db, v2, { elsewhere: 40 });
    const set = blockset(db, "s", [b.third!, b.first!, other.elsewhere!], ["list"]);
    const meta = blockset(db, "meta", [other.elsewhere!]);
    version(db, 1, { "/f": [set, meta] });
    assertEquals(usedBlocksInVolume(db, v1), [
      { hash: key("first"), size: 10, isBlocklist: false },
      { hash: key("list"), size: 64, isBlocklist: true },
      { hash: key("third"), size: 30, isBlocklist: false },
    ]);
    assertEquals(usedBlocksInVolume(db, v2), [{ hash: key("elsewhere"), size: 40, isBlocklist: false }]);
    assertEquals(usedBlocksInVolume(db, 999), []);
  });
});

Deno.test("usedBlocksInVolume() flags a block that is both data and a blocklist once", () => {
  withDb((db) => {
    const v = dblock(db, "b1");
    const b = blocks(db, v, { both: 64, data: 8 });
    // A file whose content is exactly another file's blocklist blob.
    const big = blockset(db, "big", [b.data!, b.data!], ["both"]);
    const copy = blockset(db, "copy", [b.both!]);
    version(db, 1, { "/big": [big, copy], "/copy": [copy, copy] });
    assertEquals(usedBlocksInVolume(db, v), [
      { hash: key("both"), size: 64, isBlocklist: true },
      { hash: key("data"), size: 8, isBlocklist: false },
    ]);
  });
});

Deno.test("deleteUnusedBlocks() deletes only the unused block rows of that volume", () => {
  withDb((db) => {
    const v1 = dblock(db, "b1"), v2 = dblock(db, "b2");
    const b = blocks(db, v1, { used: 10, list: 64, gone1: 20, gone2: 30 });
    blocks(db, v2, { "unused-elsewhere": 40 });
    const set = blockset(db, "s", [b.used!], ["list"]);
    version(db, 1, { "/f": [set, set] });
    assertEquals(deleteUnusedBlocks(db, v1), 2);
    assertEquals(blocksInVolume(db, v1).map((r) => r.hash), [key("used"), key("list")]);
    assertEquals(blockCount(db, v1), 2);
    assertEquals(blockCount(db, v2), 1, "other volumes are left alone");
    assertEquals(deleteUnusedBlocks(db, v1), 0);
    assertEquals(deleteUnusedBlocks(db, v2), 1);
    assertEquals(blockCount(db, v2), 0);
    assertEquals(usage(db), { [v1]: [2, 2, 74, 74] });
  });
});

Deno.test("moveBlock() points exactly the (hash, size) block at another volume", () => {
  withDb((db) => {
    const from = dblock(db, "old"), to = dblock(db, "new");
    const b = blocks(db, from, { a: 10, b: 20 });
    const sameHash = insertBlock(db, key("a"), 11, from);
    const set = blockset(db, "s", [b.a!, b.b!, sameHash]);
    version(db, 1, { "/f": [set, set] });
    moveBlock(db, { hash: key("a"), size: 10, volumeId: to });
    assertEquals(blocksInVolume(db, to), [{ id: b.a!, hash: key("a"), size: 10 }]);
    assertEquals(blocksInVolume(db, from).map((r) => [r.hash, r.size]), [[key("b"), 20], [key("a"), 11]]);
    assertEquals(findBlock(db, key("a"), 10), b.a, "the row keeps its id, so blocksets still point at it");
    assertEquals(usage(db), { [from]: [2, 2, 31, 31], [to]: [1, 1, 10, 10] });
    // Moving a block that does not exist changes nothing.
    moveBlock(db, { hash: key("missing"), size: 10, volumeId: to });
    assertEquals([blockCount(db, from), blockCount(db, to)], [2, 1]);
  });
});
