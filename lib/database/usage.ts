/**
 * What is still referenced, derived from the versions rather than kept as counters (pain point 1: counts that are
 * maintained incrementally drift; derived ones cannot). A block is in use when a blockset of a file in some version
 * lists it, or when it holds a blocklist of such a blockset.
 * @module
 */
import { type Db, num } from "./connection.ts";
import { stmt } from "./statements.ts";

/** Counts of rows {@link removeUnreferenced} deleted. */
export interface CleanupCounts {
  readonly files: number;
  readonly blocksets: number;
}

/**
 * Deletes file rows no version lists and blocksets no file uses (their entries and blocklist keys cascade).
 * Blocks are left alone: unused blocks are wasted space that compact reclaims. Call inside a transaction.
 */
export function removeUnreferenced(db: Db): CleanupCounts {
  const files = num(stmt(db, "DELETE FROM file WHERE id NOT IN (SELECT file_id FROM fileset_entry)").run().changes);
  const blocksets = num(
    stmt(
      db,
      `DELETE FROM blockset WHERE id NOT IN (SELECT blockset_id FROM file)
         AND id NOT IN (SELECT meta_blockset_id FROM file)`,
    ).run().changes,
  );
  return { files, blocksets };
}

/** How much of one dblock volume is still in use. Sizes are the blocks' plain sizes. */
export interface VolumeUsage {
  readonly volumeId: number;
  readonly blocks: number;
  readonly usedBlocks: number;
  readonly totalBytes: number;
  readonly usedBytes: number;
}

const USED_BLOCKS = `SELECT block_id AS id FROM blockset_entry
  UNION SELECT b.id FROM blocklist_hash bl JOIN block b ON b.hash = bl.hash`;

/** Usage of every dblock that holds blocks, by volume id. A dblock with no block rows does not appear. */
export function volumeUsage(db: Db): Map<number, VolumeUsage> {
  const out = new Map<number, VolumeUsage>();
  const rows = stmt(
    db,
    `WITH used AS (${USED_BLOCKS})
     SELECT b.volume_id AS volume_id, COUNT(*) AS blocks, COUNT(u.id) AS used_blocks, SUM(b.size) AS total,
       COALESCE(SUM(CASE WHEN u.id IS NULL THEN 0 ELSE b.size END), 0) AS used
     FROM block b LEFT JOIN used u ON u.id = b.id GROUP BY b.volume_id`,
  ).all();
  for (const r of rows) {
    const volumeId = num(r.volume_id);
    out.set(volumeId, {
      volumeId,
      blocks: num(r.blocks),
      usedBlocks: num(r.used_blocks),
      totalBytes: num(r.total),
      usedBytes: num(r.used),
    });
  }
  return out;
}

/** A block still in use, with what compact needs to move it. */
export interface UsedBlock {
  readonly hash: string;
  readonly size: number;
  /** True when the block holds a blocklist (it goes into the dindex's list/ folder too). */
  readonly isBlocklist: boolean;
}

/** The blocks of `volumeId` that are still in use, in storage order. */
export function usedBlocksInVolume(db: Db, volumeId: number): UsedBlock[] {
  return stmt(
    db,
    `SELECT b.hash AS hash, b.size AS size,
       EXISTS (SELECT 1 FROM blocklist_hash bl WHERE bl.hash = b.hash) AS is_list
     FROM block b WHERE b.volume_id = ? AND (
       EXISTS (SELECT 1 FROM blockset_entry be WHERE be.block_id = b.id)
       OR EXISTS (SELECT 1 FROM blocklist_hash bl WHERE bl.hash = b.hash))
     ORDER BY b.id`,
  ).all(volumeId).map((r) => ({ hash: r.hash as string, size: num(r.size), isBlocklist: num(r.is_list) !== 0 }));
}

/** Deletes the block rows of `volumeId` that nothing uses; returns how many. */
export function deleteUnusedBlocks(db: Db, volumeId: number): number {
  return num(
    stmt(
      db,
      `DELETE FROM block WHERE volume_id = ? AND id NOT IN (SELECT block_id FROM blockset_entry)
         AND hash NOT IN (SELECT hash FROM blocklist_hash)`,
    ).run(volumeId).changes,
  );
}

/** Points the block (hash, size) at another volume (compact moved it). */
export function moveBlock(db: Db, block: { hash: string; size: number; volumeId: number }): void {
  stmt(db, "UPDATE block SET volume_id = ? WHERE hash = ? AND size = ?").run(block.volumeId, block.hash, block.size);
}

/** Number of block rows in a volume. */
export function blockCount(db: Db, volumeId: number): number {
  return num(stmt(db, "SELECT COUNT(*) AS n FROM block WHERE volume_id = ?").get(volumeId)!.n);
}
