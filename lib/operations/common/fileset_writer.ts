/**
 * Writes a dlist volume from a fileset in the local database: manifest, `fileset`, `filelist.json`.
 * @module
 */
import type { Db } from "../../database/connection.ts";
import { type DlistSourceRow, iterateDlistSources } from "../../database/filesets.ts";
import { type DlistEntry, encodeFilelist, encodeFileset } from "../../volumes/dlist.ts";
import { encodeManifest } from "../../volumes/manifest.ts";
import { formatCompactTime } from "../../volumes/remote_name.ts";
import { type SealedVolume, VolumeFileWriter } from "../../volumes/volume_writer.ts";
import type { VolumeSettings } from "../context.ts";

/** The filelist.json record of one database entry. */
function toDlistEntry(row: DlistSourceRow): DlistEntry {
  const meta = metadataFields(row);
  if (row.type !== "File") return { type: row.type, path: row.path, ...meta };
  const entry = {
    type: "File" as const,
    path: row.path,
    hash: row.hash ?? "",
    size: row.size,
    time: formatCompactTime(new Date(Math.floor(row.mtimeMs / 1000) * 1000)),
    ...meta,
  };
  if (row.size === 0) return entry;
  if (row.blocklists.length > 0) return { ...entry, blocklists: row.blocklists };
  const single = row.firstBlock;
  if (single && single.hash !== row.hash) return { ...entry, blockhash: single.hash, blocksize: single.size };
  return entry;
}

function metadataFields(row: DlistSourceRow): Partial<DlistEntry> {
  if (!row.metaHash) return {};
  const fields: { metahash: string; metasize: number; metablocklists?: readonly string[]; metablockhash?: string } = {
    metahash: row.metaHash,
    metasize: row.metaSize,
  };
  if (row.metaBlocklists.length > 0) fields.metablocklists = row.metaBlocklists;
  else {
    const single = row.metaFirstBlock;
    if (single && single.hash !== row.metaHash) fields.metablockhash = single.hash;
  }
  return fields;
}

/** The filelist.json records of a fileset (unordered; {@link encodeFilelist} sorts them). */
export function dlistEntries(db: Db, filesetId: number): DlistEntry[] {
  const entries: DlistEntry[] = [];
  for (const row of iterateDlistSources(db, filesetId)) entries.push(toDlistEntry(row));
  return entries;
}

export async function writeFilesetVolume(
  path: string,
  fileset: { db: Db; filesetId: number; isFull: boolean },
  settings: VolumeSettings,
  now: Date,
): Promise<SealedVolume> {
  const entries = dlistEntries(fileset.db, fileset.filesetId);
  const writer = new VolumeFileWriter({ path, passphrase: settings.passphrase });
  try {
    writer.addText("manifest", encodeManifest(settings, now));
    writer.addText("fileset", encodeFileset(fileset.isFull));
    writer.addText("filelist.json", encodeFilelist(entries));
    return await writer.finish();
  } catch (error) {
    writer.discard();
    throw error;
  }
}
