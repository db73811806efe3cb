/**
 * Which files can no longer be restored: a dblock holding one of their blocks (content, metadata, or a blocklist of
 * either) is missing at the destination, has the wrong size there, or was found damaged by `test`. Worked out from
 * the remote listing and the database alone; nothing is downloaded or changed.
 * @module
 */
import type { RemoteEntry } from "../../backends/backend.ts";
import { type Db, num } from "../../database/connection.ts";
import { FILE_TYPE_NAMES, type FileTypeName, listFilesets } from "../../database/filesets.ts";
import { listVolumes, type VolumeRow } from "../../database/remote_volumes.ts";
import { stmt } from "../../database/statements.ts";
import { compareUtf8 } from "../../volumes/dlist.ts";
import type { OperationContext, VolumeSettings } from "../context.ts";
import { reconcileRemote, throwIfOutdated } from "../common/reconcile.ts";

/** One entry of a version that cannot be restored. */
export interface BrokenEntry {
  readonly fileId: number;
  readonly path: string;
  readonly type: FileTypeName;
  /** Content size in bytes (0 for folders and symlinks). */
  readonly size: number;
}

/** A version with broken entries. */
export interface BrokenVersion {
  /** 0 = newest. */
  readonly version: number;
  readonly filesetId: number;
  readonly time: Date;
  /** Broken entries, by path. */
  readonly entries: readonly BrokenEntry[];
  /** All entries of the version, broken or not. */
  readonly entryCount: number;
}

/** What list-broken-files found. */
export interface BrokenFilesReport {
  /** The dblocks that are missing, the wrong size or damaged. */
  readonly volumes: readonly VolumeRow[];
  /** Versions with broken entries, newest first. */
  readonly versions: readonly BrokenVersion[];
}

/** dblocks the database relies on that are missing or the wrong size in `remote`, or have damage recorded. */
export function brokenBlockVolumes(db: Db, remote: ReadonlyMap<string, RemoteEntry>): VolumeRow[] {
  return listVolumes(db, { type: "dblock", states: ["Uploaded", "Verified"] })
    .filter((v) => v.damage !== null || remote.get(v.name)?.size !== v.size);
}

const BROKEN_ENTRIES = `WITH bad_block AS (
    SELECT id, hash FROM block WHERE volume_id IN (SELECT value FROM json_each(?))
  ), bad_set AS (
    SELECT blockset_id AS id FROM blockset_entry WHERE block_id IN (SELECT id FROM bad_block)
    UNION SELECT blockset_id FROM blocklist_hash WHERE hash IN (SELECT hash FROM bad_block)
  )
  SELECT fe.fileset_id AS fileset_id, f.id AS file_id, f.path AS path, f.type AS type, bs.length AS size
  FROM fileset_entry fe JOIN file f ON f.id = fe.file_id LEFT JOIN blockset bs ON bs.id = f.blockset_id
  WHERE f.blockset_id IN (SELECT id FROM bad_set) OR f.meta_blockset_id IN (SELECT id FROM bad_set)`;

/** The entries of every version that need a block stored in one of `volumeIds`. */
export function brokenEntries(db: Db, volumeIds: readonly number[]): BrokenVersion[] {
  if (volumeIds.length === 0) return [];
  const byFileset = new Map<number, BrokenEntry[]>();
  for (const r of stmt(db, BROKEN_ENTRIES).all(JSON.stringify(volumeIds))) {
    const filesetId = num(r.fileset_id);
    let entries = byFileset.get(filesetId);
    if (!entries) byFileset.set(filesetId, entries = []);
    entries.push({
      fileId: num(r.file_id),
      path: r.path as string,
      type: FILE_TYPE_NAMES[num(r.type)]!,
      size: r.size === null ? 0 : num(r.size),
    });
  }
  const count = stmt(db, "SELECT COUNT(*) AS n FROM fileset_entry WHERE fileset_id = ?");
  const out: BrokenVersion[] = [];
  listFilesets(db).forEach((fileset, version) => {
    const entries = byFileset.get(fileset.id);
    if (!entries) return;
    entries.sort((a, b) => compareUtf8(a.path, b.path));
    out.push({
      version,
      filesetId: fileset.id,
      time: new Date(fileset.timestamp * 1000),
      entries,
      entryCount: num(count.get(fileset.id)!.n),
    });
  });
  return out;
}

/** Lists the destination (changing nothing) and reports the broken volumes and the files that need them. */
export async function listBrokenFiles(
  context: OperationContext,
  input: { readonly settings: VolumeSettings },
): Promise<BrokenFilesReport> {
  const report = await reconcileRemote(context, { settings: input.settings, strict: false, dryRun: true });
  throwIfOutdated(report);
  const volumes = brokenBlockVolumes(context.db, report.remote);
  return { volumes, versions: brokenEntries(context.db, volumes.map((v) => v.id)) };
}
