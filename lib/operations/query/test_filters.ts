/**
 * `test-filters`: walks the sources exactly as a backup would (same enumeration, filter and symlink policy) and
 * counts the files it would examine, reporting each included file and each path the filters exclude.
 * @module
 */
import { UserInputError } from "../../core/errors.ts";
import type { LogWriter } from "../../core/log.ts";
import type { Filter, FilterRule } from "../../filters/filter.ts";
import { checkSources, enumerateSources } from "../backup/enumerate.ts";

/** What the walk found. */
export interface FilterTestResult {
  /** Files a backup would examine (folders, and symlinks stored as links, are not counted). */
  readonly fileCount: number;
  readonly fileSize: number;
}

/** One decision of the walk: a file included, or a path (file or folder) the filters excluded. */
export type FilterTestEvent =
  | { readonly kind: "included"; readonly path: string; readonly size: number }
  | { readonly kind: "excluded"; readonly path: string; readonly rule: FilterRule | undefined };

const TAG = "TestFilters";

/**
 * Walks `sources` (absolute paths); `report` sees every decision as it is made. Unreadable entries and skipped
 * missing sources are logged as warnings. Throws UserInputError for a missing source unless `allowMissingSource`.
 */
export function testFilters(
  sources: readonly string[],
  options: {
    readonly filter: Filter;
    readonly log: LogWriter;
    readonly report?: (event: FilterTestEvent) => void;
    readonly symlinkPolicy?: "Store" | "Follow" | "Ignore";
    readonly allowMissingSource?: boolean;
  },
): FilterTestResult {
  const { filter, log } = options;
  const report = options.report ?? (() => {});
  const found = checkSources(sources, { allowMissingSource: true, warn: () => {} });
  const missing = sources.filter((source) => !found.includes(source));
  if (missing.length > 0 && !options.allowMissingSource) {
    throw new UserInputError(`Cannot test filters on "${missing[0]}": the source path does not exist`);
  }
  for (const source of missing) log.warn(TAG, `The source path "${source}" does not exist and is skipped`);
  const include = (path: string) => {
    if (filter.matches(path)) return true;
    report({ kind: "excluded", path, rule: filter.match(path) });
    return false;
  };
  let fileCount = 0, fileSize = 0;
  const walk = enumerateSources(found, {
    include,
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
