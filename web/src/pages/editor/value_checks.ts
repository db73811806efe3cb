/**
 * Checks of typed values for the wizard (sizes, timespans, whole numbers, retention policies), using the engine's
 * own parsers so the wizard accepts exactly what a backup run accepts. Each check returns a sentence saying what is
 * wrong, or undefined when the value is fine; `describe*` turn valid values into words.
 * @module
 */
import { UserInputError } from "../../../../lib/core/errors.ts";
import { InvalidValueError } from "../../../../lib/options/invalid_value_error.ts";
import { parseRetentionPolicy } from "../../../../lib/options/parse_retention_policy.ts";
import { parseSize } from "../../../../lib/options/parse_size.ts";
import { parseTimespanParts, type TimespanUnit } from "../../../../lib/options/parse_timespan.ts";

function detail(error: unknown): string {
  if (error instanceof InvalidValueError) return error.detail;
  if (error instanceof UserInputError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

/** A size such as "50MB" or "1.5 GB"; `min` and `max` in bytes; a bare number is in `defaultUnit`. */
export function sizeProblem(
  text: string,
  options: { min?: number; max?: number; defaultUnit?: "b" | "kb" | "mb" } = {},
): string | undefined {
  if (text.trim() === "") return "Enter a size, such as 50MB.";
  let bytes: number;
  try {
    bytes = parseSize(text, options.defaultUnit ?? "b");
  } catch (error) {
    return `"${text}" is not a size: ${detail(error)}.`;
  }
  if (options.min !== undefined && bytes < options.min) return `Must be at least ${sizeWords(options.min)}.`;
  if (options.max !== undefined && bytes > options.max) return `Must be at most ${sizeWords(options.max)}.`;
  return undefined;
}

function sizeWords(bytes: number): string {
  for (const [unit, factor] of [["GB", 1024 ** 3], ["MB", 1024 ** 2], ["KB", 1024]] as const) {
    if (bytes >= factor && bytes % factor === 0) return `${bytes / factor} ${unit}`;
  }
  return `${bytes} bytes`;
}

/** A Duplicati timespan ("1D", "2h30m", "6M"); `positive` requires a span longer than zero. */
export function timespanProblem(text: string, options: { positive?: boolean } = {}): string | undefined {
  if (text.trim() === "") return "Enter a time span, such as 7D (7 days), 4W (4 weeks) or 6M (6 months).";
  let parts: ReturnType<typeof parseTimespanParts>;
  try {
    parts = parseTimespanParts(text);
  } catch (error) {
    return `"${text}" is not a time span: ${detail(error)}.`;
  }
  if (options.positive && !parts.some((p) => p.amount > 0)) return "Must be longer than zero.";
  if (options.positive && parts.some((p) => p.amount < 0)) return "Use only positive amounts here.";
  return undefined;
}

const UNIT_WORDS: Readonly<Record<TimespanUnit, [string, string]>> = {
  s: ["second", "seconds"],
  m: ["minute", "minutes"],
  h: ["hour", "hours"],
  D: ["day", "days"],
  W: ["week", "weeks"],
  M: ["month", "months"],
  Y: ["year", "years"],
};

/** "1D" → "1 day", "2h30m" → "2 hours 30 minutes"; "" for text that is not a timespan. */
export function describeTimespan(text: string): string {
  try {
    return parseTimespanParts(text)
      .map(({ amount, unit }) => `${amount} ${UNIT_WORDS[unit][Math.abs(amount) === 1 ? 0 : 1]}`)
      .join(" ");
  } catch {
    return "";
  }
}

/** A whole number, optionally with bounds. */
export function integerProblem(text: string, options: { min?: number; max?: number } = {}): string | undefined {
  const trimmed = text.trim();
  if (trimmed === "") return "Enter a whole number.";
  if (!/^[+-]?\d+$/.test(trimmed)) return `"${text}" is not a whole number.`;
  const value = Number(trimmed);
  if (options.min !== undefined && value < options.min) return `Must be ${options.min} or more.`;
  if (options.max !== undefined && value > options.max) return `Must be ${options.max} or less.`;
  return undefined;
}

/** A decimal number such as 0.1. */
export function decimalProblem(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === "") return "Enter a number.";
  return /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(trimmed) ? undefined : `"${text}" is not a number (use . for decimals).`;
}

/** A --retention-policy value such as "1W:1D,4W:1W,12M:1M". */
export function retentionPolicyProblem(text: string): string | undefined {
  if (text.trim() === "") return "Enter a policy, such as 1W:1D,4W:1W,12M:1M.";
  try {
    parseRetentionPolicy(text);
    return undefined;
  } catch (error) {
    return detail(error).replace(/^Cannot parse retention policy "[^"]*": /, "") + ".";
  }
}

/** A retention policy in words: "for 1 week: one version every 1 day; for 4 weeks: …". */
export function describeRetentionPolicy(text: string): string[] {
  if (retentionPolicyProblem(text) !== undefined) return [];
  return text.split(",").map((p) => p.trim()).filter(Boolean).map((pair) => {
    const [frame = "", interval = ""] = pair.split(":").map((p) => p.trim());
    const within = frame.toUpperCase() === "U" ? "After that, forever" : `Within ${describeTimespan(frame)}`;
    const keep = interval.toUpperCase() === "U" || /^0[smhDWMY]?$/.test(interval)
      ? "keep every version"
      : `keep one version every ${describeTimespan(interval)}`;
    return `${within}: ${keep}.`;
  });
}
