/**
 * Parses `--retention-policy` values such as `1W:1D,4W:1W,12M:1M`: comma-separated `timeframe:interval` pairs,
 * where a timeframe of `U` is unlimited and an interval of `0s` or `U` keeps every version in its timeframe.
 * Timeframes must be positive and intervals not negative.
 * @module
 */
import { UserInputError } from "../core/errors.ts";
import { parseTimespan } from "./parse_timespan.ts";

/** One `timeframe:interval` pair; `timeframe` undefined means unlimited, `interval` 0 keeps everything. */
export interface RetentionRule {
  readonly timeframe: string | undefined;
  /** Milliseconds between kept versions. */
  readonly interval: number;
}

/** Parses `7D:0s,3M:1D,U:1M`. Throws UserInputError naming the bad part. */
export function parseRetentionPolicy(text: string): RetentionRule[] {
  const rules: RetentionRule[] = [];
  for (const raw of text.split(",").map((p) => p.trim()).filter((p) => p !== "")) {
    const [frame, interval, extra] = raw.split(":").map((p) => p.trim());
    if (frame === undefined || interval === undefined || extra !== undefined || frame === "" || interval === "") {
      throw new UserInputError(
        `Cannot parse retention policy "${text}": "${raw}" is not of the form timeframe:interval, such as "4W:1W"`,
      );
    }
    rules.push({
      timeframe: isUnlimited(frame) ? undefined : checkedTimeframe(text, frame),
      interval: intervalOf(text, interval),
    });
  }
  if (rules.length === 0) throw new UserInputError(`Cannot parse retention policy "${text}": it has no rules`);
  return rules;
}

function isUnlimited(text: string): boolean {
  return text.toUpperCase() === "U";
}

function checkedTimeframe(policy: string, span: string): string {
  if (spanMs(policy, span) <= 0) {
    throw new UserInputError(`Cannot parse retention policy "${policy}": the timeframe "${span}" is not positive`);
  }
  return span;
}

function intervalOf(policy: string, span: string): number {
  if (isUnlimited(span)) return 0;
  const ms = spanMs(policy, span);
  if (ms < 0) throw new UserInputError(`Cannot parse retention policy "${policy}": the interval "${span}" is negative`);
  return ms;
}

function spanMs(policy: string, span: string): number {
  try {
    return parseTimespan(span);
  } catch (error) {
    throw new UserInputError(`Cannot parse retention policy "${policy}": ${(error as Error).message}`);
  }
}
