/**
 * `test-filters`: walks the sources exactly as a backup would (same enumeration, source selection and symlink
 * policy) and counts the files it would store, reporting each included file and each path left out. Unlike
 * Duplicati, which counts files over `--skip-files-larger-than` and only logs them, those are not counted here:
 * the count is what a backup stores.
 * @module
 */
import { UserInputError } from "../../core/errors.ts";
import type { LogWriter } from "../../core/log.ts";
import { checkSources, enumerateSources } from "../backup/enumerate.ts";
import type { SourceExclusion, SourceSelection } from "../backup/source_selection.ts";

/** What the walk found. */
export interface FilterTestResult {
  /** Files a backup would examine (folders, and symlinks stored as links, are not counted). */
  readonly fileCount: number;
  readonly fileSize: number;
}

/** One decision of the walk: a file included, or a path (file or folder) left out and why. */
export type FilterTestEvent =
  | { readonly kind: "included"; readonly path: string; readonly size: number }
  | { readonly kind: "excluded"; readonly path: string; readonly exclusion: SourceExclusion };

const TAG = "TestFilters";

/**
 * Walks `sources` (absolute paths); `report` sees every decision as it is made. Unreadable entries and skipped
 * missing sources are logged as warnings. Throws UserInputError for a missing source unless `allowMissingSource`.
 */
export function testFilters(
  sources: readonly string[],
  options: {
    readonly selection: SourceSelection;
    readonly log: LogWriter;
    readonly report?: (event: FilterTestEvent) => void;
    readonly symlinkPolicy?: "Store" | "Follow" | "Ignore";
    readonly allowMissingSource?: boolean;
  },
): FilterTestResult {
  const { log } = options;
  const report = options.report ?? (() => {});
  const found = checkSources(sources, { allowMissingSource: true, warn: () => {} });
  const missing = sources.filter((source) => !found.includes(source));
  if (missing.length > 0 && !options.allowMissingSource) {
    throw new UserInputError(`Cannot test filters on "${missing[0]}": the source path does not exist`);
  }
  for (const source of missing) log.warn(TAG, `The source path "${source}" does not exist and is skipped`);
  let fileCount = 0, fileSize = 0;
  const walk = enumerateSources(found, {
    selection: options.selection,
    excluded: (exclusion) => report({ kind: "excluded", path: exclusion.path, exclusion }),
    warn: (message, error) => log.warn(TAG, message, error),
    ...(options.symlinkPolicy ? { symlinkPolicy: options.symlinkPolicy } : {}),
  });
  for (const entry of walk) {
    if (entry.kind !== "file") continue;
    fileCount++;
    fileSize += entry.info.size;
    report({ kind: "included", path: entry.path, size: entry.info.size });
  }
  return { fileCount, fileSize };
}
