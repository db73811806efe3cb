/**
 * `affected`: what depends on given remote volumes, from the local database. A dblock affects every path whose
 * content or metadata has a block (or a blocklist block) in it; a dindex affects what its dblocks affect; a dlist
 * affects its own version.
 * @module
 */
import { UserInputError } from "../../core/errors.ts";
import { type Db, num } from "../../database/connection.ts";
import { listFilesets } from "../../database/filesets.ts";
import { blocksOfIndex, getVolumeByName } from "../../database/remote_volumes.ts";
import { stmt } from "../../database/statements.ts";
import { compareUtf8 } from "../../volumes/dlist.ts";
import type { VolumeType } from "../../volumes/remote_name.ts";

/** A version that depends on a volume, with the paths in it that do. */
export interface AffectedVersion {
  readonly version: number;
  readonly time: Date;
  /** Sorted (UTF-8 byte order). */
  readonly paths: readonly string[];
}

/** A log message that names the volume. */
export interface RelatedLogMessage {
  readonly time: Date;
  readonly message: string;
}

/** Everything that depends on one named volume. */
export interface AffectedVolume {
  readonly name: string;
  readonly type: VolumeType;
  /** Recorded size in bytes; -1 when unknown. */
  readonly size: number;
  /** For a dindex: the dblocks it describes. Empty otherwise. */
  readonly dblocks: readonly string[];
  /** Newest first. */
  readonly versions: readonly AffectedVersion[];
  /** Distinct paths over all versions. */
  readonly pathCount: number;
  readonly logMessages: readonly RelatedLogMessage[];
}

const AFFECTED_ENTRIES_SQL = `
  WITH vol(id) AS (SELECT value FROM json_each(?)),
  bs(id) AS (
    SELECT be.blockset_id FROM blockset_entry be JOIN block b ON b.id = be.block_id
      WHERE b.volume_id IN (SELECT id FROM vol)
    UNION
    SELECT bl.blockset_id FROM blocklist_hash bl JOIN block b ON b.hash = bl.hash
      WHERE b.volume_id IN (SELECT id FROM vol)
  )
  SELECT DISTINCT fe.fileset_id AS fileset_id, f.path AS path FROM file f
    JOIN fileset_entry fe ON fe.file_id = f.id
  WHERE f.blockset_id IN (SELECT id FROM bs) OR f.meta_blockset_id IN (SELECT id FROM bs)`;

const FILESET_PATHS_SQL = `SELECT DISTINCT fs.id AS fileset_id, f.path AS path FROM fileset fs
  JOIN fileset_entry fe ON fe.fileset_id = fs.id JOIN file f ON f.id = fe.file_id WHERE fs.volume_id = ?`;

/**
 * Reports, for each name in order, the versions and paths that depend on that volume.
 * Throws UserInputError when a name is not a volume the local database knows.
 */
export function listAffected(db: Db, names: readonly string[]): AffectedVolume[] {
  const volumes = names.map((name) => {
    const volume = getVolumeByName(db, name);
    if (!volume) throw new UserInputError(`Cannot find remote volume "${name}" in the local database`);
    return volume;
  });
  const versionOf = new Map(listFilesets(db).map((f, version) => [f.id, { version, timestamp: f.timestamp }]));
  return volumes.map((volume) => {
    let dblocks: string[] = [];
    let rows: Record<string, unknown>[];
    if (volume.type === "dlist") {
      rows = stmt(db, FILESET_PATHS_SQL).all(volume.id);
    } else {
      const blockVolumes = volume.type === "dindex" ? blocksOfIndex(db, volume.id) : [volume];
      dblocks = volume.type === "dindex" ? blockVolumes.map((v) => v.name).sort(compareUtf8) : [];
      rows = stmt(db, AFFECTED_ENTRIES_SQL).all(JSON.stringify(blockVolumes.map((v) => v.id)));
    }
    const byFileset = new Map<number, string[]>();
    for (const row of rows) {
      const id = num(row.fileset_id);
      let paths = byFileset.get(id);
      if (!paths) byFileset.set(id, paths = []);
      paths.push(row.path as string);
    }
    const versions: AffectedVersion[] = [];
    const distinct = new Set<string>();
    for (const [id, paths] of byFileset) {
      const known = versionOf.get(id);
      if (!known) continue;
      paths.sort(compareUtf8);
      paths.forEach((p) => distinct.add(p));
      versions.push({ version: known.version, time: new Date(known.timestamp * 1000), paths });
    }
    versions.sort((a, b) => a.version - b.version);
    return {
      name: volume.name,
      type: volume.type,
      size: volume.size,
      dblocks,
      versions,
      pathCount: distinct.size,
      logMessages: relatedLogMessages(db, volume.name),
    };
  });
}

function relatedLogMessages(db: Db, name: string): RelatedLogMessage[] {
  return stmt(db, "SELECT at, message FROM log WHERE instr(message, ?) > 0 ORDER BY at, id").all(name).map((r) => ({
    time: new Date(num(r.at)),
    message: r.message as string,
  }));
}
