/**
 * Definition functions for options with a unit or a structure: sizes, timespans, date/times and version lists.
 * Re-exported by `define.ts`.
 * @module
 */
import type { OptionSpec } from "./option_spec.ts";
import { formatSizeText, parseSize, sizeHasNoSuffix, type SizeUnit } from "./parse_size.ts";
import { parseTimespan } from "./parse_timespan.ts";
import { parseDateTime } from "./parse_datetime.ts";
import { parseVersionList } from "./parse_version_list.ts";
import {
  blankWarning,
  commonFields,
  isBlank,
  type OptionDefinition,
  parseOr,
  rejectedOption,
  withDefaultText,
} from "./_spec_base.ts";

/** Definition of a size option; `min`/`max` are bytes. */
export interface SizeDefinition extends OptionDefinition {
  /** Duplicati spelling such as "50mb"; omit for "not set" (undefined). */
  readonly default?: string;
  /** Unit of a number without a suffix (Duplicati: "mb" for --dblock-size, "kb" for --blocksize). Default "b". */
  readonly defaultUnit?: SizeUnit;
  readonly min?: number;
  readonly max?: number;
  /** Why the maximum exists; appended to the error. */
  readonly maxReason?: string;
}

const SIZE_FORM = `expected a size such as "50mb" (suffixes b, kb, mb, gb, tb)`;

/** A byte count written as `50mb`, `1.5gb`, `4096b`. Returns bytes. */
export function sizeOption(definition: SizeDefinition & { readonly default: string }): OptionSpec<number>;
export function sizeOption(
  definition: SizeDefinition & { readonly default?: undefined },
): OptionSpec<number | undefined>;
export function sizeOption(definition: SizeDefinition): OptionSpec<number | undefined> {
  const { name, min, max, maxReason } = definition;
  const unit = definition.defaultUnit ?? "b";
  const fallback = definition.default === undefined ? undefined : parseSize(definition.default, unit);
  const defaultText = definition.defaultText ?? definition.default;
  return withDefaultText({
    ...commonFields(definition, "size"),
    default: fallback,
    parse(raw: string | undefined): number | undefined {
      if (isBlank(raw)) return fallback;
      const bytes = parseOr(name, raw, SIZE_FORM, (text) => parseSize(text, unit));
      if (min !== undefined && bytes < min) {
        throw rejectedOption(name, raw, `the size must be at least ${formatSizeText(min)}`);
      }
      if (max !== undefined && bytes > max) {
        const why = maxReason === undefined ? "" : ` because ${maxReason}`;
        throw rejectedOption(name, raw, `the size must be at most ${formatSizeText(max)}${why}`);
      }
      return bytes;
    },
    warning(raw: string | undefined): string | undefined {
      if (isBlank(raw)) return blankWarning(name, raw, defaultText);
      if (!sizeHasNoSuffix(raw)) return undefined;
      return `The size "${raw}" supplied to --${name} has no unit and is read as "${raw.trim()}${unit}"; ` +
        `add a unit (b, kb, mb, gb, tb) to be explicit`;
    },
  }, defaultText);
}

/** Definition of a timespan option; `min` is milliseconds. */
export interface TimespanDefinition extends OptionDefinition {
  /** Duplicati spelling such as "10s"; omit for "not set" (undefined). */
  readonly default?: string;
  readonly min?: number;
}

const TIMESPAN_FORM = `expected a timespan such as "10s", "1D" or "2h30m" (units s, m, h, D, W, M, Y; case-sensitive)`;

/** A duration written as `10s`, `1D12h`, `3M`. Returns milliseconds (months 30 days, years 365 days). */
export function timespanOption(definition: TimespanDefinition & { readonly default: string }): OptionSpec<number>;
export function timespanOption(
  definition: TimespanDefinition & { readonly default?: undefined },
): OptionSpec<number | undefined>;
export function timespanOption(definition: TimespanDefinition): OptionSpec<number | undefined> {
  const { name, min } = definition;
  const fallback = definition.default === undefined ? undefined : parseTimespan(definition.default);
  const defaultText = definition.defaultText ?? definition.default;
  return withDefaultText({
    ...commonFields(definition, "timespan"),
    default: fallback,
    parse(raw: string | undefined): number | undefined {
      if (isBlank(raw)) return fallback;
      const ms = parseOr(name, raw, TIMESPAN_FORM, parseTimespan);
      if (min !== undefined && ms < min) {
        throw rejectedOption(name, raw, `the timespan must be at least ${min / 1000}s`);
      }
      return ms;
    },
    warning: (raw: string | undefined) => blankWarning(name, raw, defaultText),
  }, defaultText);
}

const DATETIME_FORM = `expected "now", a relative time such as "2M10D", epoch seconds or an ISO-8601 time`;

/**
 * A point in time (`now`, `2M10D`, `1234567890`, `2009-03-26T08:30:00+01:00`, `20090326T073000Z`), resolved
 * against the clock when the option is parsed. Absent means undefined; help shows `defaultText` (e.g. "now").
 */
export function datetimeOption(definition: OptionDefinition): OptionSpec<Date | undefined> {
  const { name } = definition;
  return withDefaultText({
    ...commonFields(definition, "datetime"),
    default: undefined,
    parse(raw: string | undefined): Date | undefined {
      if (isBlank(raw)) return undefined;
      return parseOr(name, raw, DATETIME_FORM, (text) => parseDateTime(text, new Date()));
    },
    warning: (raw: string | undefined) => blankWarning(name, raw, definition.defaultText),
  }, definition.defaultText);
}

/** A version list such as `0,2-4,7` (kind "string"). Absent or blank means undefined (the consumer's default). */
export function versionListOption(definition: OptionDefinition): OptionSpec<readonly number[] | undefined> {
  const { name } = definition;
  return withDefaultText({
    ...commonFields(definition, "string"),
    default: undefined,
    parse(raw: string | undefined): readonly number[] | undefined {
      if (isBlank(raw)) return undefined;
      return parseOr(name, raw, `expected versions such as "0,2-4,7"`, parseVersionList);
    },
  }, definition.defaultText);
}
