/**
 * Writes a dlist volume from a fileset in the local database: manifest, `fileset`, `filelist.json`.
 * @module
 */
import { blocklistHashesOf, blocksOfBlockset } from "../../database/blocks.ts";
import type { Db } from "../../database/connection.ts";
import { filesetEntries, type FilesetEntryRow } from "../../database/filesets.ts";
import { type DlistEntry, encodeFilelist, encodeFileset } from "../../volumes/dlist.ts";
import { encodeManifest } from "../../volumes/manifest.ts";
import { formatCompactTime } from "../../volumes/remote_name.ts";
import { type SealedVolume, VolumeFileWriter } from "../../volumes/volume_writer.ts";
import type { VolumeSettings } from "../context.ts";

/** The filelist.json record of one database entry. */
export function toDlistEntry(db: Db, row: FilesetEntryRow): DlistEntry {
  const meta = metadataFields(db, row);
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
  const blocklists = blocklistHashesOf(db, row.blocksetId);
  if (blocklists.length > 0) return { ...entry, blocklists };
  const blocks = blocksOfBlockset(db, row.blocksetId);
  const single = blocks[0];
  if (single && single.hash !== row.hash) return { ...entry, blockhash: single.hash, blocksize: single.size };
  return entry;
}

function metadataFields(db: Db, row: FilesetEntryRow): Partial<DlistEntry> {
  if (!row.metaHash) return {};
  const fields: { metahash: string; metasize: number; metablocklists?: string[]; metablockhash?: string } = {
    metahash: row.metaHash,
    metasize: row.metaSize,
  };
  const lists = blocklistHashesOf(db, row.metaBlocksetId);
  if (lists.length > 0) fields.metablocklists = lists;
  else {
    const single = blocksOfBlockset(db, row.metaBlocksetId)[0];
    if (single && single.hash !== row.metaHash) fields.metablockhash = single.hash;
  }
  return fields;
}

export async function writeFilesetVolume(
  path: string,
  fileset: { db: Db; filesetId: number; isFull: boolean },
  settings: VolumeSettings,
  now: Date,
): Promise<SealedVolume> {
  const entries = filesetEntries(fileset.db, fileset.filesetId).map((row) => toDlistEntry(fileset.db, row));
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
