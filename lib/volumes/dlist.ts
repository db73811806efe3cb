/**
 * dlist contents (format spec §7): the `fileset` entry and `filelist.json` with Duplicati's strict key order.
 * Pure codecs; `volume_writer.ts` puts them in a zip.
 * @module
 */
import { fromUtf8, utf8WithBom } from "../core/bytes.ts";
import { IntegrityError } from "../core/errors.ts";

export type DlistEntryType = "File" | "Folder" | "Symlink";

/** One `filelist.json` record. Optional fields are omitted exactly as Duplicati omits them. */
export interface DlistEntry {
  readonly type: DlistEntryType;
  readonly path: string;
  readonly hash?: string;
  readonly size?: number;
  /** yyyyMMddTHHmmssZ */
  readonly time?: string;
  readonly metahash?: string;
  readonly metasize?: number;
  readonly metablocklists?: readonly string[];
  readonly metablockhash?: string;
  readonly blocklists?: readonly string[];
  readonly blockhash?: string;
  readonly blocksize?: number;
}

const KEY_ORDER = [
  "type",
  "path",
  "hash",
  "size",
  "time",
  "metahash",
  "metasize",
  "metablocklists",
  "metablockhash",
  "blocklists",
  "blockhash",
  "blocksize",
] as const;

/** One entry as compact JSON with the keys in Duplicati's order. */
export function encodeDlistEntry(entry: DlistEntry): string {
  const parts: string[] = [];
  for (const key of KEY_ORDER) {
    const value = entry[key];
    if (value === undefined) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    parts.push(`${JSON.stringify(key)}:${JSON.stringify(value)}`);
  }
  return `{${parts.join(",")}}`;
}

/** The whole `filelist.json`: BOM + compact array. Folders and symlinks first, then files, each sorted by path. */
export function encodeFilelist(entries: readonly DlistEntry[]): Uint8Array {
  // Without surrogates, UTF-16 order (the native string comparison) is code point order, which is UTF-8 byte
  // order; only paths with characters beyond U+FFFF need the slower comparison.
  const keyed = entries.map((entry) => ({
    entry,
    group: entry.type === "File" ? 1 : 0,
    wide: SURROGATE.test(entry.path),
  }));
  keyed.sort((a, b) => {
    if (a.group !== b.group) return a.group - b.group;
    const x = a.entry.path, y = b.entry.path;
    if (a.wide || b.wide) return compareUtf8(x, y);
    return x < y ? -1 : x > y ? 1 : 0;
  });
  return utf8WithBom(`[${keyed.map((k) => encodeDlistEntry(k.entry)).join(",")}]`);
}

const SURROGATE = /[\uD800-\uDFFF]/;

/** Byte-wise UTF-8 order (SQLite's BINARY collation). */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!, y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

/** Parses `filelist.json`; unknown entry types are skipped as Duplicati does. */
export function decodeFilelist(bytes: Uint8Array, volumeName: string): DlistEntry[] {
  let raw: unknown;
  try {
    raw = JSON.parse(fromUtf8(bytes));
  } catch (error) {
    throw new IntegrityError(`Cannot read the file list of "${volumeName}": invalid JSON`, { cause: error });
  }
  if (!Array.isArray(raw)) throw new IntegrityError(`Cannot read the file list of "${volumeName}": not an array`);
  const out: DlistEntry[] = [];
  for (const item of raw as Record<string, unknown>[]) {
    const type = normaliseType(item?.type);
    if (!type || typeof item.path !== "string") continue;
    const entry: Record<string, unknown> = { type, path: item.path };
    for (const key of KEY_ORDER.slice(2)) if (item[key] !== undefined && item[key] !== null) entry[key] = item[key];
    out.push(entry as unknown as DlistEntry);
  }
  return out;
}

function normaliseType(value: unknown): DlistEntryType | undefined {
  if (typeof value !== "string") return undefined;
  const lower = value.toLowerCase();
  if (lower === "file" || lower === "alternatestream") return "File";
  if (lower === "folder") return "Folder";
  if (lower === "symlink") return "Symlink";
  return undefined;
}

/** The `fileset` entry. */
export function encodeFileset(isFullBackup: boolean): Uint8Array {
  return utf8WithBom(`{"IsFullBackup":${isFullBackup}}`);
}

/** Reads the `fileset` entry; a missing entry means a full backup (pre-2019 volumes). */
export function decodeFileset(bytes: Uint8Array | undefined): { isFullBackup: boolean } {
  if (!bytes) return { isFullBackup: true };
  try {
    const value = JSON.parse(fromUtf8(bytes));
    return { isFullBackup: value?.IsFullBackup !== false };
  } catch {
    return { isFullBackup: true };
  }
}
