/**
 * Options that shape what `backup` reads from the source and what it uploads.
 * @module
 */
import { booleanOption, enumOption, flagsOption, sizeOption } from "./define.ts";
import type { OptionSpec } from "./option_spec.ts";

/** .NET FileAttributes names (plus the Windows-only extras) that `--exclude-files-attributes` accepts. */
export const FILE_ATTRIBUTE_NAMES = [
  "ReadOnly",
  "Hidden",
  "System",
  "Directory",
  "Archive",
  "Device",
  "Normal",
  "Temporary",
  "SparseFile",
  "ReparsePoint",
  "Compressed",
  "Offline",
  "NotContentIndexed",
  "Encrypted",
  "IntegrityStream",
  "NoScrubData",
  "Virtual",
  "ExtendedAttributes",
  "RecallOnOpen",
  "Pinned",
  "Unpinned",
  "RecallOnDataAccess",
] as const;
/** One file attribute name. */
export type FileAttributeName = typeof FILE_ATTRIBUTE_NAMES[number];

/** `--symlink-policy`: store links as links, follow them, or skip them. */
export const SYMLINK_POLICY: OptionSpec<"Store" | "Follow" | "Ignore"> = enumOption({
  name: "symlink-policy",
  summary: "How symbolic links are handled: Store keeps the link itself, Follow backs up the target, Ignore skips it",
  values: ["Store", "Follow", "Ignore"] as const,
  default: "Store",
  category: "backup",
});

/** `--hardlink-policy`: which paths of a hard-linked file are stored. */
export const HARDLINK_POLICY: OptionSpec<"First" | "All" | "None"> = enumOption({
  name: "hardlink-policy",
  summary: "How hard links are handled: First stores only the first path seen, All stores every path, " +
    "None skips files with more than one link",
  values: ["First", "All", "None"] as const,
  default: "All",
  category: "backup",
});

/**
 * `--exclude-files-attributes`: skip files and folders carrying any of these attributes (read by the backup's
 * source selection, lib/operations/backup/source_selection.ts; what each means per OS is in file_attributes.ts).
 */
export const EXCLUDE_FILES_ATTRIBUTES: OptionSpec<readonly FileAttributeName[]> = flagsOption({
  name: "exclude-files-attributes",
  summary: "Comma list of file attributes; files and folders with any of them are skipped (for example " +
    'hidden,system,temporary). On Linux and macOS hidden means a name starting with "." and system and ' +
    "temporary never match; on Windows the attributes cannot be read, so only directory, reparsepoint and normal can match",
  values: FILE_ATTRIBUTE_NAMES,
  category: "backup",
});

/** `--skip-files-larger-than`: skip files above this size (folders are unaffected); no unit means megabytes. */
export const SKIP_FILES_LARGER_THAN: OptionSpec<number | undefined> = sizeOption({
  name: "skip-files-larger-than",
  summary: "Skip files larger than this size; they are left out of the new version",
  defaultUnit: "mb",
  category: "backup",
});

/** `--exclude-empty-folders`: do not store folders that end up empty. */
export const EXCLUDE_EMPTY_FOLDERS: OptionSpec<boolean> = booleanOption({
  name: "exclude-empty-folders",
  summary: "Leave out folders that contain no files after filtering",
  category: "backup",
});

/** `--allow-missing-source`: a missing source path is not a warning. */
export const ALLOW_MISSING_SOURCE: OptionSpec<boolean> = booleanOption({
  name: "allow-missing-source",
  summary: "Continue quietly when a source path does not exist",
  category: "backup",
});

/** `--check-filetime-only`: treat a file as unchanged when its modification time is unchanged. */
export const CHECK_FILETIME_ONLY: OptionSpec<boolean> = booleanOption({
  name: "check-filetime-only",
  summary: "Detect changes by modification time only, ignoring size and metadata",
  category: "backup",
});

/** `--disable-filetime-check`: read every file, whatever its modification time. */
export const DISABLE_FILETIME_CHECK: OptionSpec<boolean> = booleanOption({
  name: "disable-filetime-check",
  summary: "Read and hash every file even when its modification time is unchanged",
  category: "backup",
});

/** `--upload-unchanged-backups`: write a new version even when nothing changed. */
export const UPLOAD_UNCHANGED_BACKUPS: OptionSpec<boolean> = booleanOption({
  name: "upload-unchanged-backups",
  summary: "Upload a new version even when no files changed",
  category: "backup",
});

/** `--index-file-policy`: how much each dindex file records. */
export const INDEX_FILE_POLICY: OptionSpec<"None" | "Lookup" | "Full"> = enumOption({
  name: "index-file-policy",
  summary: "Content of the dindex files: None writes none, Lookup lists the blocks of each dblock, " +
    "Full also stores the blocklists (fastest database recreation)",
  values: ["None", "Lookup", "Full"] as const,
  default: "Full",
  category: "backup",
});

/** Every backup option. */
export function backupOptionSpecs(): OptionSpec<unknown>[] {
  return [
    SYMLINK_POLICY,
    HARDLINK_POLICY,
    EXCLUDE_FILES_ATTRIBUTES,
    SKIP_FILES_LARGER_THAN,
    EXCLUDE_EMPTY_FOLDERS,
    ALLOW_MISSING_SOURCE,
    CHECK_FILETIME_ONLY,
    DISABLE_FILETIME_CHECK,
    UPLOAD_UNCHANGED_BACKUPS,
    INDEX_FILE_POLICY,
  ];
}
