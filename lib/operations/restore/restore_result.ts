/**
 * What a restore reports.
 * @module
 */

export interface RestoreResult {
  readonly mainOperation: "Restore";
  readonly beginTime: Date;
  readonly endTime: Date;
  readonly warnings: readonly string[];
  readonly errors: readonly string[];
  readonly restoredFiles: number;
  readonly restoredBytes: number;
  readonly restoredFolders: number;
  readonly restoredSymlinks: number;
  /** Files already present with the right content: not written again. */
  readonly unchangedFiles: number;
  readonly failedFiles: readonly string[];
  /** Unix seconds of the restored version. */
  readonly version: number;
}
