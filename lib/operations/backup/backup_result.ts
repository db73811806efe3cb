/**
 * What a backup reports (the CLI prints it as Duplicati's summary; `--full-result` prints every field).
 * @module
 */

export interface BackupResult {
  readonly mainOperation: "Backup";
  readonly beginTime: Date;
  readonly endTime: Date;
  readonly warnings: readonly string[];
  readonly errors: readonly string[];
  readonly examinedFiles: number;
  /** Files whose contents were read (unchanged files are not). */
  readonly openedFiles: number;
  readonly addedFiles: number;
  readonly modifiedFiles: number;
  readonly deletedFiles: number;
  readonly addedFolders: number;
  readonly deletedFolders: number;
  readonly sizeOfExaminedFiles: number;
  readonly sizeOfOpenedFiles: number;
  readonly uploadedFiles: number;
  readonly uploadedBytes: number;
  readonly newBlocks: number;
  /** Time of the new version, or undefined when none was written (no changes, or dry run). */
  readonly filesetTime: Date | undefined;
  readonly dryRun: boolean;
}
