/**
 * Options that pick versions and shape `restore`, `list`, `find` and `compare`.
 * @module
 */
import { booleanOption, datetimeOption, stringOption, versionListOption } from "./define.ts";
import type { OptionSpec } from "./option_spec.ts";

/** `--version`: version indexes such as `0,2-4,7` (0 is the newest); undefined means the command's default. */
export const VERSION: OptionSpec<readonly number[] | undefined> = versionListOption({
  name: "version",
  summary: `Versions to work on, as a comma list of indexes and ranges such as "0,2-4"; 0 is the newest`,
  category: "restore",
});

/** `--time`: pick the version current at this time; undefined means now. */
export const TIME: OptionSpec<Date | undefined> = datetimeOption({
  name: "time",
  summary: "Pick the newest version made at or before this time (absolute, or relative such as 2D)",
  defaultText: "now",
  category: "restore",
});

/** `--all-versions`: search every version, not only the newest. */
export const ALL_VERSIONS: OptionSpec<boolean> = booleanOption({
  name: "all-versions",
  summary: "Search all versions instead of only the newest",
  category: "restore",
});

/** `--restore-path`: restore into this folder instead of the original location. */
export const RESTORE_PATH: OptionSpec<string | undefined> = stringOption({
  name: "restore-path",
  summary: "Restore into this folder instead of the original location",
  category: "restore",
});

/** `--overwrite`: replace existing files; otherwise restored copies get a timestamped name. */
export const OVERWRITE: OptionSpec<boolean> = booleanOption({
  name: "overwrite",
  summary: "Overwrite existing files; otherwise a restored file that already exists gets a timestamp suffix",
  category: "restore",
});

/** `--restore-permissions`: also restore permissions and ownership. */
export const RESTORE_PERMISSIONS: OptionSpec<boolean> = booleanOption({
  name: "restore-permissions",
  summary: "Restore permissions too (off by default because they may lock you out of the restored files)",
  category: "restore",
});

/** `--skip-metadata`: neither store nor restore timestamps and attributes. */
export const SKIP_METADATA: OptionSpec<boolean> = booleanOption({
  name: "skip-metadata",
  summary: "Do not store or restore metadata such as timestamps and attributes",
  category: "restore",
});

/** `--no-local-db`: work from the remote files alone, ignoring any local database. */
export const NO_LOCAL_DB: OptionSpec<boolean> = booleanOption({
  name: "no-local-db",
  summary: "Ignore the local database and read the remote files directly (list and restore)",
  category: "restore",
});

/** Every restore/list option. */
export function restoreOptionSpecs(): OptionSpec<unknown>[] {
  return [VERSION, TIME, ALL_VERSIONS, RESTORE_PATH, OVERWRITE, RESTORE_PERMISSIONS, SKIP_METADATA, NO_LOCAL_DB];
}
