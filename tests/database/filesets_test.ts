import { insertBlock, insertBlockset } from "../../lib/database/blocks.ts";
import type { Db } from "../../lib/database/connection.ts";
import {
  addFilesetEntry,
  countFilesetEntries,
  deleteFileset,
  FILE_TYPE,
  FILE_TYPE_NAMES,
  filesetEntries,
  findOrInsertFile,
  insertFileset,
  iterateDlistSources,
  iterateFilesetEntries,
  listFilesets,
  NO_BLOCKSET,
} from "../../lib/database/filesets.ts";
import { createVolume } from "../../lib/database/remote_volumes.ts";
import { removeUnreferenced } from "../../lib/database/usage.ts";
import { assertEquals, assertThrows } from "../support/assert.ts";
import { countRows, withDb } from "./db_fixtures.ts";

const META = "qiXpeARtaA74dA2Dfm3lvB4qLcYInb2hASVEtTjVP2U=";

/** A dblock with one data block and blocksets: content (100 bytes), a second content (50 bytes) and metadata. */
function setup(db: Db) {
  const v = createVolume(db, { name: "b", type: "dblock", state: "Uploaded" });
  const b1 = insertBlock(db, "h1", 100, v);
  const b2 = insertBlock(db, "h2", 50, v);
  const bm = insertBlock(db, META, 5, v);
  const content = insertBlockset(db, { hash: "h1", length: 100, blockIds: [b1], blocklistHashes: [] });
  const content2 = insertBlockset(db, { hash: "h2", length: 50, blockIds: [b2], blocklistHashes: [] });
  const meta = insertBlockset(db, { hash: META, length: 5, blockIds: [bm], blocklistHashes: [] });
  return { content, content2, meta };
}

function dlist(db: Db, name: string, state: "Uploaded" | "Temporary" = "Uploaded"): number {
  return createVolume(db, { name, type: "dlist", state });
}

Deno.test("FILE_TYPE numbers File, Folder and Symlink 0, 1, 2", () => {
  assertEquals(FILE_TYPE, { File: 0, Folder: 1, Symlink: 2 });
  assertEquals(FILE_TYPE_NAMES, ["File", "Folder", "Symlink"]);
  assertEquals(NO_BLOCKSET, -1);
});

Deno.test("findOrInsertFile() reuses a row for the same path, type, content and metadata", () => {
  withDb((db) => {
    const { content, content2, meta } = setup(db);
    const a = findOrInsertFile(db, { path: "/a", type: "File", blocksetId: content, metaBlocksetId: meta });
    assertEquals(findOrInsertFile(db, { path: "/a", type: "File", blocksetId: content, metaBlocksetId: meta }), a);
    const changed = findOrInsertFile(db, { path: "/a", type: "File", blocksetId: content2, metaBlocksetId: meta });
    const folder = findOrInsertFile(db, { path: "/a", type: "Folder", blocksetId: NO_BLOCKSET, metaBlocksetId: meta });
    assertEquals(new Set([a, changed, folder]).size, 3);
    assertEquals(countRows(db, "file"), 3);
  });
});

Deno.test("listFilesets() lists versions newest first with their volume, unfinished ones only on request", () => {
  withDb((db) => {
    const v1 = dlist(db, "duplicati-20240101T000000Z.dlist.zip");
    const v2 = dlist(db, "duplicati-20240301T000000Z.dlist.zip", "Temporary");
    const v3 = dlist(db, "duplicati-20240201T000000Z.dlist.zip");
    const f1 = insertFileset(db, { volumeId: v1, timestamp: 1704067200, isFull: true });
    const f2 = insertFileset(db, { volumeId: v2, timestamp: 1709251200, isFull: false });
    const f3 = insertFileset(db, { volumeId: v3, timestamp: 1706745600, isFull: true });
    // An unfinished fileset (its dlist never sealed) shows only when asked for.
    assertEquals(listFilesets(db).map((f) => f.id), [f3, f1]);
    assertEquals(listFilesets(db, { includeUnfinished: true }), [
      {
        id: f2,
        volumeId: v2,
        volumeName: "duplicati-20240301T000000Z.dlist.zip",
        volumeState: "Temporary",
        timestamp: 1709251200,
        isFull: false,
      },
      {
        id: f3,
        volumeId: v3,
        volumeName: "duplicati-20240201T000000Z.dlist.zip",
        volumeState: "Uploaded",
        timestamp: 1706745600,
        isFull: true,
      },
      {
        id: f1,
        volumeId: v1,
        volumeName: "duplicati-20240101T000000Z.dlist.zip",
        volumeState: "Uploaded",
        timestamp: 1704067200,
        isFull: true,
      },
    ]);
    assertThrows(() => insertFileset(db, { volumeId: v1, timestamp: 1704067200, isFull: true }));
  });
});

Deno.test("filesetEntries() returns files with content and metadata, folders without content", () => {
  withDb((db) => {
    const { content, meta } = setup(db);
    const fs = insertFileset(db, { volumeId: dlist(db, "l"), timestamp: 100, isFull: true });
    const file = findOrInsertFile(db, { path: "/d/a", type: "File", blocksetId: content, metaBlocksetId: meta });
    const folder = findOrInsertFile(db, { path: "/d/", type: "Folder", blocksetId: NO_BLOCKSET, metaBlocksetId: meta });
    const link = findOrInsertFile(db, {
      path: "/d/l",
      type: "Symlink",
      blocksetId: NO_BLOCKSET,
      metaBlocksetId: NO_BLOCKSET,
    });
    addFilesetEntry(db, fs, file, 1_700_000_000_123.6);
    addFilesetEntry(db, fs, folder, 5);
    addFilesetEntry(db, fs, link, 6);
    const entries = filesetEntries(db, fs).sort((x, y) => x.path.localeCompare(y.path));
    assertEquals(entries, [
      {
        fileId: folder,
        path: "/d/",
        type: "Folder",
        mtimeMs: 5,
        blocksetId: -1,
        size: 0,
        hash: null,
        metaBlocksetId: meta,
        metaHash: META,
        metaSize: 5,
      },
      {
        fileId: file,
        path: "/d/a",
        type: "File",
        mtimeMs: 1_700_000_000_124,
        blocksetId: content,
        size: 100,
        hash: "h1",
        metaBlocksetId: meta,
        metaHash: META,
        metaSize: 5,
      },
      {
        fileId: link,
        path: "/d/l",
        type: "Symlink",
        mtimeMs: 6,
        blocksetId: -1,
        size: 0,
        hash: null,
        metaBlocksetId: -1,
        metaHash: null,
        metaSize: 0,
      },
    ]);
    assertEquals([...iterateFilesetEntries(db, fs)].sort((x, y) => x.path.localeCompare(y.path)), entries);
  });
});

Deno.test("iterateDlistSources(): blocklists in order, first blocks, metadata lists, over several pages", () => {
  withDb((db) => {
    const { content, meta } = setup(db);
    const v = createVolume(db, { name: "b2", type: "dblock", state: "Uploaded" });
    const blocks = ["p0", "p1", "p2"].map((h) => insertBlock(db, h, 10, v));
    // Three blocks, two blocklists inserted out of order: the lists come back by index.
    const multi = insertBlockset(db, { hash: "whole", length: 30, blockIds: blocks, blocklistHashes: ["L0", "L1"] });
    const bigMeta = insertBlockset(db, { hash: "meta-whole", length: 30, blockIds: blocks, blocklistHashes: ["M0"] });
    // One block whose hash differs from the blockset's (a different file hash algorithm): first block matters.
    const odd = insertBlock(db, "odd-block", 7, v);
    const single = insertBlockset(db, { hash: "odd-file", length: 7, blockIds: [odd], blocklistHashes: [] });
    db.prepare("UPDATE blocklist_hash SET idx = idx + 2 WHERE blockset_id = ?").run(multi);
    db.prepare("UPDATE blocklist_hash SET idx = 3 - idx WHERE blockset_id = ?").run(multi);
    const fs = insertFileset(db, { volumeId: dlist(db, "l"), timestamp: 100, isFull: true });
    const add = (path: string, type: "File" | "Folder", blocksetId: number, metaBlocksetId: number) =>
      addFilesetEntry(db, fs, findOrInsertFile(db, { path, type, blocksetId, metaBlocksetId }), 1000);
    add("/multi", "File", multi, bigMeta);
    add("/single", "File", single, meta);
    add("/plain", "File", content, meta);
    add("/folder/", "Folder", NO_BLOCKSET, meta);
    // Enough more entries for a second and a third page.
    db.exec("BEGIN");
    for (let i = 0; i < 9000; i++) add(`/many/${i}`, "File", content, meta);
    db.exec("COMMIT");
    const rows = [...iterateDlistSources(db, fs)];
    assertEquals(rows.length, 9004);
    assertEquals(new Set(rows.map((r) => r.fileId)).size, 9004);
    assertEquals(rows.map((r) => r.fileId), [...rows.map((r) => r.fileId)].sort((a, b) => a - b));
    const byPath = new Map(rows.map((r) => [r.path, r]));
    const pick = (path: string) => {
      const r = byPath.get(path)!;
      return {
        size: r.size,
        hash: r.hash,
        blocklists: r.blocklists,
        firstBlock: r.firstBlock,
        metaHash: r.metaHash,
        metaBlocklists: r.metaBlocklists,
        metaFirstBlock: r.metaFirstBlock,
      };
    };
    assertEquals(pick("/multi"), {
      size: 30,
      hash: "whole",
      blocklists: ["L1", "L0"],
      firstBlock: { hash: "p0", size: 10 },
      metaHash: "meta-whole",
      metaBlocklists: ["M0"],
      metaFirstBlock: { hash: "p0", size: 10 },
    });
    assertEquals(pick("/single"), {
      size: 7,
      hash: "odd-file",
      blocklists: [],
      firstBlock: { hash: "odd-block", size: 7 },
      metaHash: META,
      metaBlocklists: [],
      metaFirstBlock: { hash: META, size: 5 },
    });
    assertEquals(pick("/folder/"), {
      size: 0,
      hash: null,
      blocklists: [],
      firstBlock: undefined,
      metaHash: META,
      metaBlocklists: [],
      metaFirstBlock: { hash: META, size: 5 },
    });
    assertEquals(pick("/many/8999"), pick("/plain"));
    // The same entries as the plain listing, field for field.
    const plain = new Map(filesetEntries(db, fs).map((r) => [r.path, r]));
    for (const row of rows) {
      const { blocklists: _a, firstBlock: _b, metaBlocklists: _c, metaFirstBlock: _d, ...rest } = row;
      assertEquals(rest, plain.get(row.path));
    }
  });
});

Deno.test("addFilesetEntry() replaces the entry of the same file in the same fileset", () => {
  withDb((db) => {
    const { content, meta } = setup(db);
    const fs = insertFileset(db, { volumeId: dlist(db, "l"), timestamp: 100, isFull: true });
    const file = findOrInsertFile(db, { path: "/a", type: "File", blocksetId: content, metaBlocksetId: meta });
    addFilesetEntry(db, fs, file, 1);
    addFilesetEntry(db, fs, file, 2);
    assertEquals(filesetEntries(db, fs).map((e) => e.mtimeMs), [2]);
  });
});

Deno.test("countFilesetEntries() counts files only and sums their sizes", () => {
  withDb((db) => {
    const { content, content2, meta } = setup(db);
    const fs = insertFileset(db, { volumeId: dlist(db, "l"), timestamp: 100, isFull: true });
    const other = insertFileset(db, { volumeId: dlist(db, "m"), timestamp: 200, isFull: true });
    addFilesetEntry(
      db,
      fs,
      findOrInsertFile(db, { path: "/a", type: "File", blocksetId: content, metaBlocksetId: meta }),
      0,
    );
    addFilesetEntry(
      db,
      fs,
      findOrInsertFile(db, { path: "/b", type: "File", blocksetId: content2, metaBlocksetId: meta }),
      0,
    );
    addFilesetEntry(
      db,
      fs,
      findOrInsertFile(db, { path: "/", type: "Folder", blocksetId: NO_BLOCKSET, metaBlocksetId: meta }),
      0,
    );
    addFilesetEntry(
      db,
      other,
      findOrInsertFile(db, { path: "/c", type: "File", blocksetId: content, metaBlocksetId: meta }),
      0,
    );
    assertEquals(countFilesetEntries(db, fs), { files: 2, size: 150 });
    assertEquals(countFilesetEntries(db, other), { files: 1, size: 100 });
    assertEquals(countFilesetEntries(db, 999), { files: 0, size: 0 });
  });
});

Deno.test("deleteFileset() removes the fileset and its entries but keeps file rows", () => {
  withDb((db) => {
    const { content, meta } = setup(db);
    const fs = insertFileset(db, { volumeId: dlist(db, "l"), timestamp: 100, isFull: true });
    addFilesetEntry(
      db,
      fs,
      findOrInsertFile(db, { path: "/a", type: "File", blocksetId: content, metaBlocksetId: meta }),
      0,
    );
    deleteFileset(db, fs);
    assertEquals(listFilesets(db), []);
    assertEquals(countRows(db, "fileset_entry"), 0);
    assertEquals(countRows(db, "file"), 1);
  });
});

Deno.test("removeUnreferenced() after a discarded run: file rows no version lists go (also those whose blockset is gone); a listed one stays", () => {
  withDb((db) => {
    const { content, meta } = setup(db);
    const fs = insertFileset(db, { volumeId: dlist(db, "l"), timestamp: 100, isFull: true });
    const file = (path: string, type: "File" | "Folder", blocksetId: number, metaBlocksetId: number) =>
      findOrInsertFile(db, { path, type, blocksetId, metaBlocksetId });
    const referencedBroken = file("/ref-broken", "File", 4242, meta);
    addFilesetEntry(db, fs, referencedBroken, 0);
    file("/lost-content", "File", 4242, meta);
    file("/lost-meta", "File", content, 4343);
    file("/folder-lost-meta", "Folder", NO_BLOCKSET, 4343);
    file("/intact", "File", content, meta);
    file("/folder/", "Folder", NO_BLOCKSET, meta);
    assertEquals(removeUnreferenced(db), { files: 5, blocksets: 2 });
    const left = db.prepare("SELECT id FROM file ORDER BY id").all().map((r) => Number(r.id));
    assertEquals(left, [referencedBroken]);
    // The metadata blockset the listed file uses stays; both content blocksets (nothing uses them) go.
    assertEquals(db.prepare("SELECT id FROM blockset ORDER BY id").all().map((r) => Number(r.id)), [meta]);
  });
});
