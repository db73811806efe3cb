/**
 * Imports one dlist into the database as a fileset: every entry's metadata and content become blocksets over the
 * blocks the indexes registered. A block that no index or dblock provides leaves the blockset short, so the
 * affected file is reported as not restorable instead of being restored wrong.
 * @module
 */
import type { BlockRow } from "../../database/blocks.ts";
import { findBlockset, insertBlockset } from "../../database/blocks.ts";
import type { Db } from "../../database/connection.ts";
import { addFilesetEntry, findOrInsertFile, insertFileset } from "../../database/filesets.ts";
import { createVolume, getVolumeByName, setVolumeState } from "../../database/remote_volumes.ts";
import { stmt } from "../../database/statements.ts";
import { parseBlocklist } from "../../blocks/blocklist.ts";
import { decodeFilelist, decodeFileset, type DlistEntry } from "../../volumes/dlist.ts";
import type { OpenedVolume } from "../../volumes/volume_reader.ts";
import { parseCompactTime, parseRemoteName } from "../../volumes/remote_name.ts";

export interface ImportContext {
  readonly db: Db;
  readonly blocksize: number;
  readonly hashSize: number;
  /** Blocklist key → blob (from dindex list/ entries or fetched dblocks). */
  readonly blocklist: (key: string) => Uint8Array | undefined;
  readonly warn: (message: string) => void;
}

function findBlockRow(db: Db, hash: string, size: number): BlockRow | undefined {
  const r = stmt(db, "SELECT id, hash, size FROM block WHERE hash = ? AND size = ?").get(hash, size);
  return r ? { id: Number(r.id), hash: String(r.hash), size: Number(r.size) } : undefined;
}

/** Block hashes of a stream with its blocklists, or undefined when a blocklist cannot be found. */
function streamHashes(keys: readonly string[], context: ImportContext): string[] | undefined {
  const hashes: string[] = [];
  for (const key of keys) {
    const blob = context.blocklist(key);
    if (!blob) return undefined;
    hashes.push(...parseBlocklist(blob, context.hashSize, `blocklist "${key}"`));
  }
  return hashes;
}

function importBlockset(
  stream: { hash: string; length: number; blocklists?: readonly string[]; single?: { hash: string; size: number } },
  context: ImportContext,
  label: string,
): number {
  const existing = findBlockset(context.db, stream.hash, stream.length);
  if (existing !== undefined) return existing;
  const ids: number[] = [];
  let complete = true;
  if (stream.length > 0) {
    const hashes = stream.blocklists && stream.blocklists.length > 0
      ? streamHashes(stream.blocklists, context)
      : [stream.single?.hash ?? stream.hash];
    if (!hashes) {
      context.warn(`Cannot find a blocklist of "${label}"; it cannot be restored`);
      complete = false;
    } else {
      hashes.forEach((hash, i) => {
        const size = hashes.length === 1
          ? (stream.single?.size ?? stream.length)
          : i < hashes.length - 1
          ? context.blocksize
          : stream.length - context.blocksize * (hashes.length - 1);
        const row = findBlockRow(context.db, hash, size);
        if (row) ids.push(row.id);
        else complete = false;
      });
      if (!complete) context.warn(`Some blocks of "${label}" are missing at the destination; it cannot be restored`);
    }
  }
  return insertBlockset(context.db, {
    hash: stream.hash,
    length: stream.length,
    blockIds: complete ? ids : ids.slice(0, 0),
    blocklistHashes: stream.blocklists ?? [],
  });
}

/** Imports a dlist that has been downloaded and opened; returns the new fileset id. */
export function importDlist(
  volume: OpenedVolume,
  remote: { size: number; hash?: string },
  context: ImportContext,
): number {
  const { db } = context;
  const parsed = parseRemoteName(volume.name);
  const time = parsed?.time ?? parseCompactTime(volume.manifest.created);
  const entries = decodeFilelist(volume.zip.read("filelist.json"), volume.name);
  const { isFullBackup } = decodeFileset(volume.zip.has("fileset") ? volume.zip.read("fileset") : undefined);
  let volumeId = getVolumeByName(db, volume.name)?.id;
  if (volumeId === undefined) {
    volumeId = createVolume(db, { name: volume.name, type: "dlist", state: "Uploaded" });
    setVolumeState(db, volumeId, {
      state: "Uploaded",
      size: remote.size,
      ...(remote.hash ? { hash: remote.hash } : {}),
    });
  }
  const filesetId = insertFileset(db, { volumeId, timestamp: Math.floor(time.getTime() / 1000), isFull: isFullBackup });
  for (const entry of entries) importEntry(entry, filesetId, context);
  return filesetId;
}

function importEntry(entry: DlistEntry, filesetId: number, context: ImportContext): void {
  const metaStream = entry.metahash !== undefined
    ? {
      hash: entry.metahash,
      length: entry.metasize ?? 0,
      ...(entry.metablocklists ? { blocklists: entry.metablocklists } : {}),
      ...(entry.metablockhash ? { single: { hash: entry.metablockhash, size: entry.metasize ?? 0 } } : {}),
    }
    : undefined;
  const metaId = metaStream ? importBlockset(metaStream, context, entry.path) : -1;
  let blocksetId = -1;
  if (entry.type === "File") {
    blocksetId = importBlockset(
      {
        hash: entry.hash ?? "",
        length: entry.size ?? 0,
        ...(entry.blocklists ? { blocklists: entry.blocklists } : {}),
        ...(entry.blockhash ? { single: { hash: entry.blockhash, size: entry.blocksize ?? entry.size ?? 0 } } : {}),
      },
      context,
      entry.path,
    );
  }
  const fileId = findOrInsertFile(context.db, {
    path: entry.path,
    type: entry.type,
    blocksetId,
    metaBlocksetId: metaId,
  });
  addFilesetEntry(context.db, filesetId, fileId, entryMtime(entry));
}

/** The dlist's whole-second time; change detection compares metadata hashes, which carry full precision. */
function entryMtime(entry: DlistEntry): number {
  return entry.time ? parseCompactTime(entry.time).getTime() : 0;
}
