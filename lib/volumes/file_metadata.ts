/**
 * The per-entry metadata blob (format spec §6): UTF-8 BOM + a flat string→string JSON object.
 * Pure: callers pass the facts they collected from the file system.
 * @module
 */
import { fromUtf8, utf8WithBom } from "../core/bytes.ts";

/** .NET ticks (100 ns since 0001-01-01 UTC) at the Unix epoch. */
export const TICKS_AT_EPOCH = 621355968000000000n;

export function msToTicks(ms: number): string {
  return (TICKS_AT_EPOCH + BigInt(Math.round(ms * 10000))).toString();
}

export function ticksToMs(ticks: string): number {
  return Number((BigInt(ticks) - TICKS_AT_EPOCH) / 10000n);
}

export interface EntryFacts {
  readonly kind: "file" | "folder" | "symlink";
  readonly mtimeMs?: number;
  readonly birthtimeMs?: number;
  readonly mode?: number;
  readonly uid?: number;
  readonly gid?: number;
  readonly ownerName?: string;
  readonly groupName?: string;
  readonly symlinkTarget?: string;
}

/** The metadata object, keys in the order Duplicati writes them on Unix. */
export function buildMetadata(facts: EntryFacts): Record<string, string> {
  const meta: Record<string, string> = {};
  if (facts.uid !== undefined && facts.gid !== undefined && facts.mode !== undefined) {
    meta["unix:uid-gid-perm"] = `${facts.uid}-${facts.gid}-${facts.mode & 0o777}`;
    if (facts.ownerName !== undefined) meta["unix:owner-name"] = facts.ownerName;
    if (facts.groupName !== undefined) meta["unix:group-name"] = facts.groupName;
  }
  meta["CoreAttributes"] = facts.kind === "folder" ? "Directory" : facts.kind === "symlink" ? "ReparsePoint" : "Normal";
  if (facts.mtimeMs !== undefined) meta["CoreLastWritetime"] = msToTicks(facts.mtimeMs);
  if (facts.birthtimeMs !== undefined) meta["CoreCreatetime"] = msToTicks(facts.birthtimeMs);
  if (facts.symlinkTarget !== undefined) meta["CoreSymlinkTarget"] = facts.symlinkTarget;
  return meta;
}

export function encodeMetadata(meta: Record<string, string>): Uint8Array {
  return utf8WithBom(JSON.stringify(meta));
}

/** Parses a metadata blob; an unreadable one yields an empty object (Duplicati's behaviour for bad metadata). */
export function decodeMetadata(bytes: Uint8Array): Record<string, string> {
  try {
    const value = JSON.parse(fromUtf8(bytes));
    if (value && typeof value === "object" && !Array.isArray(value)) {
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(value)) if (typeof v === "string") out[k] = v;
      return out;
    }
  } catch {
    // fall through
  }
  return {};
}

/** What a restore applies: modification time, permission bits, ownership, symlink target. */
export interface RestorableMetadata {
  readonly mtimeMs?: number;
  readonly mode?: number;
  readonly uid?: number;
  readonly gid?: number;
  readonly symlinkTarget?: string;
}

export function interpretMetadata(meta: Record<string, string>): RestorableMetadata {
  const out: { mtimeMs?: number; mode?: number; uid?: number; gid?: number; symlinkTarget?: string } = {};
  const ticks = meta["CoreLastWritetime"];
  if (ticks && /^\d+$/.test(ticks)) out.mtimeMs = ticksToMs(ticks);
  const perm = meta["unix:uid-gid-perm"];
  const m = perm ? /^(-?\d+)-(-?\d+)-(\d+)$/.exec(perm) : null;
  if (m) {
    out.uid = Number(m[1]);
    out.gid = Number(m[2]);
    out.mode = Number(m[3]) & 0o7777;
  }
  if (meta["CoreSymlinkTarget"] !== undefined) out.symlinkTarget = meta["CoreSymlinkTarget"];
  return out;
}
