/**
 * The metadata blob of a source entry (format spec §6), built from lstat facts without reading the file.
 * Its hash is part of change detection: a changed mtime, mode or owner changes it.
 * @module
 */
import { createHash } from "node:crypto";
import { buildMetadata, encodeMetadata } from "../../volumes/file_metadata.ts";
import type { SourceEntry } from "./enumerate.ts";
import { groupName, userName } from "./user_names.ts";

export interface MetadataBlob {
  readonly bytes: Uint8Array;
  readonly hash: string;
}

export function entryMetadata(entry: SourceEntry, skip: boolean): MetadataBlob {
  const bytes = skip ? encodeMetadata({}) : encodeMetadata(buildMetadata(factsOf(entry)));
  return { bytes, hash: createHash("sha256").update(bytes).digest("base64") };
}

function factsOf(entry: SourceEntry): Parameters<typeof buildMetadata>[0] {
  const info = entry.info;
  const facts: {
    kind: SourceEntry["kind"];
    mtimeMs?: number;
    birthtimeMs?: number;
    mode?: number;
    uid?: number;
    gid?: number;
    ownerName?: string;
    groupName?: string;
    symlinkTarget?: string;
  } = { kind: entry.kind };
  if (info.mtime) facts.mtimeMs = info.mtime.getTime();
  if (info.birthtime) facts.birthtimeMs = info.birthtime.getTime();
  if (info.mode !== null && info.uid !== null && info.gid !== null) {
    facts.mode = info.mode;
    facts.uid = info.uid;
    facts.gid = info.gid;
    const owner = userName(info.uid), group = groupName(info.gid);
    if (owner !== undefined) facts.ownerName = owner;
    if (group !== undefined) facts.groupName = group;
  }
  if (entry.symlinkTarget !== undefined) facts.symlinkTarget = entry.symlinkTarget;
  return facts;
}
