/**
 * remote_volume rows and their state moves. A volume is recorded before its upload starts (Uploading, with the
 * hash and size it must have) and moved to Uploaded afterwards, so a crash between the two is recognisable.
 * @module
 */
import type { VolumeType } from "../volumes/remote_name.ts";
import { type Db, num } from "./connection.ts";
import { stmt } from "./statements.ts";

export type VolumeState = "Temporary" | "Uploading" | "Uploaded" | "Verified" | "Deleting" | "Deleted";

export interface VolumeRow {
  readonly id: number;
  readonly name: string;
  readonly type: VolumeType;
  readonly state: VolumeState;
  readonly size: number;
  readonly hash: string | null;
  /** Unix ms of the last successful `test` of this volume; 0 when never tested. */
  readonly verifiedAt: number;
  /** What the last `test` found wrong; null when nothing. */
  readonly damage: string | null;
}

export function createVolume(db: Db, volume: { name: string; type: VolumeType; state: VolumeState }): number {
  const result = stmt(db, "INSERT INTO remote_volume(name, type, state, created_at) VALUES (?, ?, ?, ?)")
    .run(volume.name, volume.type, volume.state, Date.now());
  return num(result.lastInsertRowid);
}

export function setVolumeState(
  db: Db,
  id: number,
  update: { state: VolumeState; size?: number; hash?: string },
): void {
  if (update.size !== undefined || update.hash !== undefined) {
    stmt(db, "UPDATE remote_volume SET state = ?, size = ?, hash = ? WHERE id = ?")
      .run(update.state, update.size ?? -1, update.hash ?? null, id);
  } else {
    stmt(db, "UPDATE remote_volume SET state = ? WHERE id = ?").run(update.state, id);
  }
}

const COLUMNS = "id, name, type, state, size, hash, verified_at, damage";

function toRow(row: Record<string, unknown>): VolumeRow {
  return {
    id: num(row.id),
    name: row.name as string,
    type: row.type as VolumeType,
    state: row.state as VolumeState,
    size: num(row.size),
    hash: (row.hash as string | null) ?? null,
    verifiedAt: num(row.verified_at),
    damage: (row.damage as string | null) ?? null,
  };
}

export function getVolume(db: Db, id: number): VolumeRow | undefined {
  const row = stmt(db, `SELECT ${COLUMNS} FROM remote_volume WHERE id = ?`).get(id);
  return row ? toRow(row) : undefined;
}

export function getVolumeByName(db: Db, name: string): VolumeRow | undefined {
  const row = stmt(db, `SELECT ${COLUMNS} FROM remote_volume WHERE name = ?`).get(name);
  return row ? toRow(row) : undefined;
}

export function listVolumes(db: Db, filter?: { states?: readonly VolumeState[]; type?: VolumeType }): VolumeRow[] {
  const rows = stmt(db, `SELECT ${COLUMNS} FROM remote_volume ORDER BY id`).all().map(toRow);
  return rows.filter((r) =>
    (!filter?.states || filter.states.includes(r.state)) && (!filter?.type || r.type === filter.type)
  );
}

export function deleteVolumeRow(db: Db, id: number): void {
  stmt(db, "DELETE FROM index_link WHERE index_volume_id = ? OR block_volume_id = ?").run(id, id);
  stmt(db, "DELETE FROM remote_volume WHERE id = ?").run(id);
}

export function linkIndex(db: Db, indexVolumeId: number, blockVolumeId: number): void {
  stmt(db, "INSERT OR IGNORE INTO index_link(index_volume_id, block_volume_id) VALUES (?, ?)").run(
    indexVolumeId,
    blockVolumeId,
  );
}

/** dindex volumes that describe the given dblock. */
export function indexesOf(db: Db, blockVolumeId: number): VolumeRow[] {
  return stmt(
    db,
    `SELECT ${COLUMNS.split(", ").map((c) => "v." + c).join(", ")} FROM index_link l
     JOIN remote_volume v ON v.id = l.index_volume_id WHERE l.block_volume_id = ?`,
  ).all(blockVolumeId).map(toRow);
}

/** dblock volumes a dindex describes. */
export function blocksOfIndex(db: Db, indexVolumeId: number): VolumeRow[] {
  return stmt(
    db,
    `SELECT ${COLUMNS.split(", ").map((c) => "v." + c).join(", ")} FROM index_link l
     JOIN remote_volume v ON v.id = l.block_volume_id WHERE l.index_volume_id = ?`,
  ).all(indexVolumeId).map(toRow);
}

/** Records the outcome of testing a volume: `damage` null means it checked out (and sets verified_at to `at`). */
export function recordVolumeTest(db: Db, id: number, outcome: { at: number; damage: string | null }): void {
  if (outcome.damage === null) {
    stmt(db, "UPDATE remote_volume SET verified_at = ?, damage = NULL WHERE id = ?").run(outcome.at, id);
  } else {
    stmt(db, "UPDATE remote_volume SET damage = ? WHERE id = ?").run(outcome.damage, id);
  }
}

/** Forgets what `test` found wrong with a volume (it was written again). */
export function clearVolumeDamage(db: Db, id: number): void {
  stmt(db, "UPDATE remote_volume SET damage = NULL WHERE id = ?").run(id);
}
