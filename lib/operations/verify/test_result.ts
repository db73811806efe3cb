/**
 * What `test` reports: per examined remote volume, the problems found (the CLI prints them as Duplicati's
 * `<name>: <n> errors` blocks), plus the files at the destination the database does not know.
 * @module
 */
import type { VolumeType } from "../../volumes/remote_name.ts";

/**
 * How deeply volumes are checked (`--full-remote-verification`):
 * - "True": every picked dlist, dindex and dblock is compared with the local database;
 * - "ListAndIndexes": dlists and dindex files are compared; dblocks only have their size and hash checked;
 * - "IndexesOnly": only dindex files are examined (all of them), and compared with the database;
 * - "False": size and hash of each picked file, and that it decrypts and parses.
 */
export type VerificationStrategy = "True" | "False" | "ListAndIndexes" | "IndexesOnly";

/**
 * Kinds of problem:
 * - Missing: the volume is not at the destination;
 * - SizeMismatch / HashMismatch: the file differs from what was uploaded;
 * - Unreadable: it does not decrypt, is not a zip, or its manifest is bad;
 * - CorruptEntry: an entry fails its CRC, does not parse, or its content does not hash to its name;
 * - MissingEntry / ExtraEntry: the database has something the volume lacks, or the reverse;
 * - ModifiedEntry: an entry differs from what the database records for it.
 */
export type TestErrorKind =
  | "Missing"
  | "SizeMismatch"
  | "HashMismatch"
  | "Unreadable"
  | "CorruptEntry"
  | "MissingEntry"
  | "ExtraEntry"
  | "ModifiedEntry";

/** One problem with one volume. */
export interface TestError {
  readonly kind: TestErrorKind;
  readonly detail: string;
}

/** The outcome for one examined volume; no errors means it checked out. */
export interface VolumeTestResult {
  readonly name: string;
  readonly type: VolumeType;
  readonly errors: readonly TestError[];
}

/** The result of {@link testBackup}. */
export interface TestResult {
  readonly mainOperation: "Test";
  readonly beginTime: Date;
  readonly endTime: Date;
  /** Files at the destination that this database does not know (see {@link TestResult.extraFiles}). */
  readonly warnings: readonly string[];
  /** One line per volume with problems: `<name>: <n> errors`. */
  readonly errors: readonly string[];
  /** Every examined volume (those with problems and those without), dlists first, then dindex, then dblock files. */
  readonly volumes: readonly VolumeTestResult[];
  /** Number of volumes examined (downloaded, or found missing or of the wrong size by the listing). */
  readonly examined: number;
  /**
   * Our-prefix files at the destination that the database does not record (or records as deleted). They are
   * reported, never counted as errors: nothing the database needs is wrong, and nothing deletes them here.
   */
  readonly extraFiles: readonly string[];
}

/** Volumes with at least one problem. */
export function failedVolumes(result: Pick<TestResult, "volumes">): VolumeTestResult[] {
  return result.volumes.filter((v) => v.errors.length > 0);
}

/** The text stored in remote_volume.damage: the first problems, one per line. */
export function damageText(errors: readonly TestError[]): string {
  const shown = errors.slice(0, 10).map((e) => `${e.kind}: ${e.detail}`);
  if (errors.length > shown.length) shown.push(`... and ${errors.length - shown.length} more`);
  return shown.join("\n");
}
