/**
 * A small local database with three versions for the query tests, built with the database functions the
 * backup uses.
 *
 * Volumes: dblocks B1 and B2 with dindexes I1 → B1 and I2 → B2; one dlist per version.
 * Versions (0 = newest):
 * - 2 (t=1000 s): /r/ (meta MR1), /r/a.txt (A1 = 3 bytes), /r/big.bin (BIG), /r/old.txt (A1)
 * - 1 (t=2000 s): /r/ (MR2), /r/a.txt (A2 = 6 bytes), /r/big.bin, /r/new.txt (NEW = 3 bytes)
 * - 0 (t=3000 s): as 1, but /r/a.txt has new metadata (MF2), plus /r/link (symlink) and /r/sub/ (meta MR1)
 * BIG (1124 bytes) has both data blocks in B1 and its blocklist block in B2. Files use metadata MF (in B1)
 * unless stated. Blocks in B1: A1, BIG's data, MR1, MF. In B2: A2, NEW, BIG's blocklist, MR2, MF2, ML.
 * @module
 */
import { insertBlock, insertBlockset } from "../../../lib/database/blocks.ts";
import type { Db } from "../../../lib/database/connection.ts";
import { addFilesetEntry, type FileTypeName, findOrInsertFile, insertFileset } from "../../../lib/database/filesets.ts";
import { createVolume, linkIndex } from "../../../lib/database/remote_volumes.ts";

export const B1 = "duplicati-b1111.dblock.zip";
export const B2 = "duplicati-b2222.dblock.zip";
export const I1 = "duplicati-i1111.dindex.zip";
export const I2 = "duplicati-i2222.dindex.zip";
export const L = [
  "duplicati-19700101T005000Z.dlist.zip",
  "duplicati-19700101T003320Z.dlist.zip",
  "duplicati-19700101T001640Z.dlist.zip",
];

/** Fills `db` as described in the module doc. */
export function buildFixture(db: Db): void {
  const volume = (name: string, type: "dblock" | "dindex" | "dlist") => {
    const id = createVolume(db, { name, type, state: "Uploaded" });
    db.prepare("UPDATE remote_volume SET size = ? WHERE id = ?").run(1000 + id, id);
    return id;
  };
  const b1 = volume(B1, "dblock"), b2 = volume(B2, "dblock");
  linkIndex(db, volume(I1, "dindex"), b1);
  linkIndex(db, volume(I2, "dindex"), b2);
  const block = (hash: string, size: number, vol: number) => insertBlock(db, hash, size, vol);
  const set = (hash: string, length: number, blocks: number[], blocklists: string[] = []) =>
    insertBlockset(db, { hash, length, blockIds: blocks, blocklistHashes: blocklists });
  const A1 = set("A1", 3, [block("c-a1", 3, b1)]);
  const A2 = set("A2", 6, [block("c-a2", 6, b2)]);
  const NEW = set("NEW", 3, [block("c-new", 3, b2)]);
  block("c-bl", 64, b2);
  const BIG = set("BIG", 1124, [block("c-big1", 1024, b1), block("c-big2", 100, b1)], ["c-bl"]);
  const MR1 = set("MR1", 10, [block("m-root1", 10, b1)]);
  const MR2 = set("MR2", 11, [block("m-root2", 11, b2)]);
  const MF = set("MF", 12, [block("m-file", 12, b1)]);
  const MF2 = set("MF2", 13, [block("m-file2", 13, b2)]);
  const ML = set("ML", 14, [block("m-link", 14, b2)]);
  const version = (dlist: string, timestamp: number, entries: [string, FileTypeName, number, number][]) => {
    const filesetId = insertFileset(db, { volumeId: volume(dlist, "dlist"), timestamp, isFull: true });
    for (const [path, type, blocksetId, metaBlocksetId] of entries) {
      addFilesetEntry(db, filesetId, findOrInsertFile(db, { path, type, blocksetId, metaBlocksetId }), 0);
    }
  };
  version(L[2]!, 1000, [
    ["/r/", "Folder", -1, MR1],
    ["/r/a.txt", "File", A1, MF],
    ["/r/big.bin", "File", BIG, MF],
    ["/r/old.txt", "File", A1, MF],
  ]);
  const v1: [string, FileTypeName, number, number][] = [
    ["/r/", "Folder", -1, MR2],
    ["/r/a.txt", "File", A2, MF],
    ["/r/big.bin", "File", BIG, MF],
    ["/r/new.txt", "File", NEW, MF],
  ];
  version(L[1]!, 2000, v1);
  version(L[0]!, 3000, [
    ...v1.filter(([path]) => path !== "/r/a.txt"),
    ["/r/a.txt", "File", A2, MF2],
    ["/r/link", "Symlink", -1, ML],
    ["/r/sub/", "Folder", -1, MR1],
  ]);
}
