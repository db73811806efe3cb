/**
 * Duplicati's CLI exit codes (surface spec §1.4), by name.
 * @module
 */
export const EXIT = {
  /** Success. */
  ok: 0,
  /** Backup succeeded but uploaded nothing (no changes). */
  noChanges: 1,
  /** Completed with warnings. */
  warnings: 2,
  /** Completed with errors (backup; restore with files that could not be restored; test found errors). */
  errors: 3,
  /** Backup uploaded some data but did not finish. */
  partial: 50,
  /** Fatal error (wrong passphrase, damaged backup, unexpected failure). */
  fatal: 100,
  /** Invalid command line. */
  badCommandLine: 200,
} as const;

export const RETURN_CODES_HELP = `Return codes:
  0    Success
  1    Backup finished, but there were no changes, so nothing was uploaded
  2    Finished with warnings
  3    Finished with errors (backup errors; restore could not restore some files; test found errors)
  50   Backup uploaded some data but did not finish (interrupted)
  100  Error: the operation failed (wrong passphrase, damaged or missing remote data, unexpected failure)
  200  Invalid command line (unknown command, wrong arguments, bad option value, malformed URL)`;
