/**
 * Options of `delete` (and of `backup`, which applies the same retention afterwards) and `compact`.
 * @module
 */
import { booleanOption, integerOption, sizeOption, stringOption } from "./define.ts";
import type { OptionSpec } from "./option_spec.ts";
import { parseRetentionPolicy } from "./parse_retention_policy.ts";
import { isTimespan } from "./parse_timespan.ts";

/** `--keep-versions`: keep this many full versions (0 = not used, -1 = keep all). */
export const KEEP_VERSIONS: OptionSpec<number> = integerOption({
  name: "keep-versions",
  summary: "Keep this many of the newest full versions and delete older ones (0 = not used)",
  default: 0,
  min: -1,
  category: "retention",
});

/** `--keep-time`: delete versions older than this span (timespan text, applied on the calendar). */
export const KEEP_TIME: OptionSpec<string | undefined> = stringOption({
  name: "keep-time",
  summary: `Delete versions older than this timespan, such as "30D" or "1Y"`,
  category: "retention",
  check: (value) =>
    isTimespan(value.trim()) ? undefined : `expected a timespan such as "30D" or "6M" (units s, m, h, D, W, M, Y)`,
});

/** `--retention-policy`: thin out versions by age. */
export const RETENTION_POLICY: OptionSpec<string | undefined> = stringOption({
  name: "retention-policy",
  summary: `Thin out versions by age: comma list of timeframe:interval, such as "1W:1D,4W:1W,12M:1M" ` +
    `(within a week keep one version a day, and so on; U = unlimited timeframe)`,
  category: "retention",
  check(value) {
    try {
      parseRetentionPolicy(value);
      return undefined;
    } catch (error) {
      return (error as Error).message;
    }
  },
});

/** `--allow-full-removal`: let a deletion remove every version. */
export const ALLOW_FULL_REMOVAL: OptionSpec<boolean> = booleanOption({
  name: "allow-full-removal",
  summary: "Allow a deletion to remove the last remaining version",
  category: "retention",
});

/** `--no-auto-compact`: do not compact after delete and purge. */
export const NO_AUTO_COMPACT: OptionSpec<boolean> = booleanOption({
  name: "no-auto-compact",
  summary: "Do not compact the remote volumes after versions or files were deleted",
  category: "retention",
});

/** `--threshold`: percentage of wasted space in a volume that makes compact rewrite it. */
export const THRESHOLD: OptionSpec<number> = integerOption({
  name: "threshold",
  summary: "Percentage of unused data in a remote volume (or in all of them) that makes compact reclaim it",
  default: 25,
  min: 0,
  max: 100,
  category: "retention",
});

/** `--small-file-size`: volumes below this size count as small (default 20% of the dblock size). */
export const SMALL_FILE_SIZE: OptionSpec<number | undefined> = sizeOption({
  name: "small-file-size",
  summary: "Remote volumes smaller than this count as small; compact merges them when there are too many",
  defaultText: "20% of --dblock-size",
  defaultUnit: "mb",
  category: "retention",
});

/** `--small-file-max-count`: compact merges small volumes when there are more than this many. */
export const SMALL_FILE_MAX_COUNT: OptionSpec<number> = integerOption({
  name: "small-file-max-count",
  summary: "When there are more small remote volumes than this, compact merges them",
  default: 20,
  min: 0,
  category: "retention",
});

/** Every retention and compact option. */
export function retentionOptionSpecs(): OptionSpec<unknown>[] {
  return [
    KEEP_VERSIONS,
    KEEP_TIME,
    RETENTION_POLICY,
    ALLOW_FULL_REMOVAL,
    NO_AUTO_COMPACT,
    THRESHOLD,
    SMALL_FILE_SIZE,
    SMALL_FILE_MAX_COUNT,
  ] as OptionSpec<unknown>[];
}
