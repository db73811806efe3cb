/**
 * dindex contents (format spec §8): `vol/<dblock name>` JSON (no BOM) and `list/<blocklist key>` blobs.
 * @module
 */
import { fromUtf8, utf8 } from "../core/bytes.ts";
import { IntegrityError } from "../core/errors.ts";

export interface IndexedBlock {
  readonly hash: string;
  readonly size: number;
}

export interface VolumeIndex {
  readonly blocks: readonly IndexedBlock[];
  readonly volumehash?: string;
  readonly volumesize?: number;
}

export function encodeVolumeIndex(index: VolumeIndex): Uint8Array {
  const blocks = index.blocks.map((b) => `{"hash":${JSON.stringify(b.hash)},"size":${b.size}}`).join(",");
  let json = `{"blocks":[${blocks}]`;
  if (index.volumehash !== undefined) json += `,"volumehash":${JSON.stringify(index.volumehash)}`;
  if (index.volumesize !== undefined) json += `,"volumesize":${index.volumesize}`;
  return utf8(json + "}");
}

export function decodeVolumeIndex(bytes: Uint8Array, label: string): VolumeIndex {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(fromUtf8(bytes));
  } catch (error) {
    throw new IntegrityError(`Cannot read index entry "${label}": invalid JSON`, { cause: error });
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new IntegrityError(`Cannot read index entry "${label}": it is not a JSON object`);
  }
  const blocks = Array.isArray(raw.blocks) ? raw.blocks : [];
  const out: IndexedBlock[] = [];
  for (const b of blocks as Record<string, unknown>[]) {
    if (typeof b?.hash === "string" && typeof b.size === "number") out.push({ hash: b.hash, size: b.size });
  }
  const index: { blocks: IndexedBlock[]; volumehash?: string; volumesize?: number } = { blocks: out };
  if (typeof raw.volumehash === "string") index.volumehash = raw.volumehash;
  if (typeof raw.volumesize === "number") index.volumesize = raw.volumesize;
  return index;
}

export const VOL_PREFIX = "vol/";
export const LIST_PREFIX = "list/";
