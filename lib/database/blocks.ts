/**
 * Blocks and blocksets: lookups by (hash, size), inserts, and the reads restore and dindex writing need.
 * @module
 */
import { type Db, num } from "./connection.ts";
import { stmt } from "./statements.ts";

export function findBlock(db: Db, hash: string, size: number): number | undefined {
  const row = stmt(db, "SELECT id FROM block WHERE hash = ? AND size = ?").get(hash, size) as
    | { id: number }
    | undefined;
  return row ? num(row.id) : undefined;
}

export function insertBlock(db: Db, hash: string, size: number, volumeId: number): number {
  return num(
    stmt(db, "INSERT INTO block(hash, size, volume_id) VALUES (?, ?, ?)").run(hash, size, volumeId).lastInsertRowid,
  );
}

export interface BlockRow {
  readonly id: number;
  readonly hash: string;
  readonly size: number;
}

/** Blocks stored in a volume, in insertion order. */
export function blocksInVolume(db: Db, volumeId: number): BlockRow[] {
  return stmt(db, "SELECT id, hash, size FROM block WHERE volume_id = ? ORDER BY id").all(volumeId).map((r) => ({
    id: num(r.id),
    hash: r.hash as string,
    size: num(r.size),
  }));
}

export function deleteBlocksInVolume(db: Db, volumeId: number): void {
  // Blocksets whose blocklist block lived in the volume lose it too, even when their data blocks are elsewhere.
  stmt(
    db,
    `DELETE FROM blockset WHERE id IN (SELECT DISTINCT bl.blockset_id FROM blocklist_hash bl
       JOIN block b ON b.hash = bl.hash WHERE b.volume_id = ?)`,
  ).run(volumeId);
  stmt(
    db,
    `DELETE FROM blockset WHERE id IN (SELECT DISTINCT be.blockset_id FROM blockset_entry be
       JOIN block b ON b.id = be.block_id WHERE b.volume_id = ?)`,
  ).run(volumeId);
  stmt(db, "DELETE FROM block WHERE volume_id = ?").run(volumeId);
}

export function findBlockset(db: Db, hash: string, length: number): number | undefined {
  const row = stmt(db, "SELECT id FROM blockset WHERE hash = ? AND length = ?").get(hash, length) as
    | { id: number }
    | undefined;
  return row ? num(row.id) : undefined;
}

/** Inserts a blockset with its ordered blocks and blocklist keys. */
export function insertBlockset(
  db: Db,
  blockset: { hash: string; length: number; blockIds: readonly number[]; blocklistHashes: readonly string[] },
): number {
  const id = num(
    stmt(db, "INSERT INTO blockset(hash, length) VALUES (?, ?)").run(blockset.hash, blockset.length).lastInsertRowid,
  );
  const entry = stmt(db, "INSERT INTO blockset_entry(blockset_id, idx, block_id) VALUES (?, ?, ?)");
  blockset.blockIds.forEach((blockId, idx) => entry.run(id, idx, blockId));
  const list = stmt(db, "INSERT INTO blocklist_hash(blockset_id, idx, hash) VALUES (?, ?, ?)");
  blockset.blocklistHashes.forEach((hash, idx) => list.run(id, idx, hash));
  return id;
}

export interface BlocksetInfo {
  readonly id: number;
  readonly hash: string;
  readonly length: number;
}

export function getBlockset(db: Db, id: number): BlocksetInfo | undefined {
  const r = stmt(db, "SELECT id, hash, length FROM blockset WHERE id = ?").get(id);
  return r ? { id: num(r.id), hash: r.hash as string, length: num(r.length) } : undefined;
}

export interface PlacedBlock {
  readonly idx: number;
  readonly hash: string;
  readonly size: number;
  readonly volumeId: number;
}

/** The ordered blocks of a blockset with the volumes holding them. */
export function blocksOfBlockset(db: Db, blocksetId: number): PlacedBlock[] {
  return stmt(
    db,
    `SELECT be.idx AS idx, b.hash AS hash, b.size AS size, b.volume_id AS volume_id FROM blockset_entry be
     JOIN block b ON b.id = be.block_id WHERE be.blockset_id = ? ORDER BY be.idx`,
  ).all(blocksetId).map((r) => ({
    idx: num(r.idx),
    hash: r.hash as string,
    size: num(r.size),
    volumeId: num(r.volume_id),
  }));
}

/** One row of {@link forEachBlockOfFileset}. */
export type FilesetBlockVisitor = (blocksetId: number, hash: string, size: number, volumeId: number) => void;

/**
 * Visits the blocks of every content and metadata blockset of a fileset's entries, grouped by blockset and in
 * block order within each: one query instead of two per file (on 30,000 files, 1.3 s of a restore's planning became
 * a fraction of that). Rows are streamed, not collected: a restore of 30,000 files held 23 MB of block objects (and
 * made as much garbage) when they were.
 */
export function forEachBlockOfFileset(db: Db, filesetId: number, visit: FilesetBlockVisitor): void {
  const statement = stmt(
    db,
    `SELECT be.blockset_id AS blockset_id, b.hash AS hash, b.size AS size, b.volume_id AS volume_id
     FROM blockset_entry be JOIN block b ON b.id = be.block_id
     WHERE be.blockset_id IN (
       SELECT f.blockset_id FROM fileset_entry fe JOIN file f ON f.id = fe.file_id WHERE fe.fileset_id = ?1
       UNION SELECT f.meta_blockset_id FROM fileset_entry fe JOIN file f ON f.id = fe.file_id WHERE fe.fileset_id = ?1)
     ORDER BY be.blockset_id, be.idx`,
  );
  for (const row of statement.iterate(filesetId)) {
    visit(num(row.blockset_id), row.hash as string, num(row.size), num(row.volume_id));
  }
}

export function blocklistHashesOf(db: Db, blocksetId: number): string[] {
  return stmt(db, "SELECT hash FROM blocklist_hash WHERE blockset_id = ? ORDER BY idx").all(blocksetId).map((r) =>
    r.hash as string
  );
}

/** Blocklist blobs whose block lives in `volumeId`: key → the block hashes it lists (for dindex list/ entries). */
export function blocklistsInVolume(db: Db, volumeId: number, perList: number): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const rows = stmt(
    db,
    `SELECT DISTINCT bl.hash AS hash, bl.blockset_id AS blockset_id, bl.idx AS idx FROM blocklist_hash bl
     JOIN block b ON b.hash = bl.hash WHERE b.volume_id = ?`,
  ).all(volumeId);
  for (const row of rows) {
    const key = row.hash as string;
    if (out.has(key)) continue;
    const start = num(row.idx) * perList;
    const hashes = stmt(
      db,
      `SELECT b.hash AS hash FROM blockset_entry be JOIN block b ON b.id = be.block_id
       WHERE be.blockset_id = ? AND be.idx >= ? AND be.idx < ? ORDER BY be.idx`,
    ).all(num(row.blockset_id), start, start + perList).map((r) => r.hash as string);
    out.set(key, hashes);
  }
  return out;
}
