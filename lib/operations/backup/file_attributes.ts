/**
 * The .NET `FileAttributes` an entry has, as Duplicati sees them through `File.GetAttributes`, for
 * `--exclude-files-attributes`. On Linux and macOS .NET derives them from the path and `stat`:
 * - Hidden: the name starts with "." (macOS's `UF_HIDDEN` flag is not visible through Deno, so only dot-names count);
 * - ReadOnly: readable but not writable for the caller, judged from the mode bits as .NET does (owner bits when the
 *   caller owns the entry, group bits for the owning group, else other bits; Deno exposes only the primary group);
 * - Directory for folders, ReparsePoint for symbolic links, and Normal when none of these apply.
 * System, Temporary, Archive, Offline, SparseFile and the other Windows-only attributes never occur there.
 * On Windows Deno exposes no file attributes at all, so only Directory, ReparsePoint and Normal are known and the
 * Windows attributes (Hidden, System, Temporary, ReadOnly, ...) never match.
 * @module
 */
import type { FileAttributeName } from "../../options/backup_options.ts";

/** The caller's OS and identity; `uid`/`gid` are the real ids, or null where unknown (Windows, no permission). */
export interface AttributePlatform {
  readonly os: typeof Deno.build.os;
  readonly uid: number | null;
  readonly gid: number | null;
}

/** One entry to describe; `info` is what the walk uses (the target's when a link is followed). */
export interface AttributeCandidate {
  /** Absolute path; folders may end with the separator. */
  readonly path: string;
  readonly info: Deno.FileInfo;
  readonly folder: boolean;
  /** The path itself is a symbolic link. */
  readonly link: boolean;
}

/** The running process's platform; ids need `--allow-sys=uid,gid` and are null without it. */
export function currentAttributePlatform(): AttributePlatform {
  return { os: Deno.build.os, uid: safeId(() => Deno.uid()), gid: safeId(() => Deno.gid()) };
}

/** The attributes .NET would report for the entry on `platform`. */
export function fileAttributes(entry: AttributeCandidate, platform: AttributePlatform): Set<FileAttributeName> {
  const result = new Set<FileAttributeName>();
  const windows = platform.os === "windows";
  if (!windows && isReadOnly(entry.info, platform)) result.add("ReadOnly");
  if (entry.link) result.add("ReparsePoint");
  if (entry.folder) result.add("Directory");
  if (!windows && baseName(entry.path).startsWith(".")) result.add("Hidden");
  if (result.size === 0) result.add("Normal");
  return result;
}

function isReadOnly(info: Deno.FileInfo, platform: AttributePlatform): boolean {
  if (info.mode === null) return false;
  const mode = info.mode;
  const readOnly = (shift: number) => (mode & (0o4 << shift)) !== 0 && (mode & (0o2 << shift)) === 0;
  const user = readOnly(6), group = readOnly(3), other = readOnly(0);
  if (user === group && group === other) return user;
  if (platform.uid === null || info.uid === platform.uid) return user;
  if (group === other) return group;
  return info.gid !== null && info.gid === platform.gid ? group : other;
}

/** The last name of a Unix path (a trailing "/" of a folder ignored). */
function baseName(path: string): string {
  const trimmed = path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
  return trimmed.slice(trimmed.lastIndexOf("/") + 1);
}

function safeId(read: () => number | null): number | null {
  try {
    return read();
  } catch {
    return null;
  }
}
