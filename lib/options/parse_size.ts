/**
 * Duplicati's size syntax: a number and an optional binary suffix (`b`, `kb`/`kib`, `mb`/`mib`, `gb`/`gib`,
 * `tb`/`tib`; every one ×1024, case-insensitive). Unlike Duplicati we also accept decimals (`1.5mb`).
 * @module
 */
import { InvalidValueError } from "./invalid_value_error.ts";

/** Units a size without a suffix may default to. */
export type SizeUnit = "b" | "kb" | "mb";

const FACTORS: ReadonlyMap<string, number> = new Map([
  ["b", 1],
  ["kb", 1024],
  ["kib", 1024],
  ["mb", 1024 ** 2],
  ["mib", 1024 ** 2],
  ["gb", 1024 ** 3],
  ["gib", 1024 ** 3],
  ["tb", 1024 ** 4],
  ["tib", 1024 ** 4],
]);

const SIZE_PATTERN = /^(\d+(?:\.\d*)?|\.\d+)\s*([a-z]*)$/i;

/**
 * Parses `"50mb"`, `"1.5 GiB"` or `"4096"` into bytes. A missing suffix means `defaultUnit` (bytes unless
 * given). Fractions of a byte are dropped.
 * Throws UserInputError for negative numbers, unknown suffixes and anything else.
 */
export function parseSize(text: string, defaultUnit: SizeUnit = "b"): number {
  const trimmed = text.trim();
  if (trimmed.startsWith("-")) throw new InvalidValueError("size", text, `sizes cannot be negative`);
  const match = SIZE_PATTERN.exec(trimmed.startsWith("+") ? trimmed.slice(1) : trimmed);
  if (!match) {
    throw new InvalidValueError("size", text, `expected a number with an optional suffix such as "50mb"`);
  }
  const [, number = "", suffix = ""] = match;
  const unit = suffix === "" ? defaultUnit : suffix.toLowerCase();
  const factor = FACTORS.get(unit);
  if (factor === undefined) {
    throw new InvalidValueError("size", text, `unknown suffix "${suffix}" (use b, kb, mb, gb or tb)`);
  }
  const bytes = Math.floor(Number(number) * factor);
  if (!Number.isSafeInteger(bytes)) throw new InvalidValueError("size", text, `the value is too large`);
  return bytes;
}

/** True when the text ends in a digit, that is, it relies on the default unit (Duplicati warns about it). */
export function sizeHasNoSuffix(text: string): boolean {
  return /\d$/.test(text.trim());
}

/** The largest exact binary unit for a byte count, for messages and help: 2147483648 -> "2gb", 1536 -> "1536b". */
export function formatSizeText(bytes: number): string {
  const units: readonly [string, number][] = [["tb", 1024 ** 4], ["gb", 1024 ** 3], ["mb", 1024 ** 2], ["kb", 1024]];
  for (const [unit, factor] of units) {
    if (bytes !== 0 && bytes % factor === 0) return `${bytes / factor}${unit}`;
  }
  return `${bytes}b`;
}
