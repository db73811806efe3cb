/**
 * The source selection of `backup` and `test-filters` from the command line: the `--include`/`--exclude` rules,
 * `--exclude-files-attributes` and `--skip-files-larger-than`.
 * @module
 */
import type { SourceSelection } from "../operations/backup/source_selection.ts";
import { EXCLUDE_FILES_ATTRIBUTES, SKIP_FILES_LARGER_THAN } from "../options/backup_options.ts";
import type { CliBasics } from "./session.ts";

/** What a backup of these arguments takes from its sources. */
export function sourceSelection(basics: Pick<CliBasics, "filter" | "options">): SourceSelection {
  const maxFileSize = basics.options.get(SKIP_FILES_LARGER_THAN);
  return {
    filter: basics.filter,
    excludeAttributes: basics.options.get(EXCLUDE_FILES_ATTRIBUTES),
    ...(maxFileSize === undefined ? {} : { maxFileSize }),
  };
}
