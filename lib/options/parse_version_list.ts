/**
 * Duplicati's `--version` syntax: a comma list of version indexes and ranges, `"0,2-4,7"`. Version 0 is the
 * newest backup.
 * @module
 */
import { InvalidValueError } from "./invalid_value_error.ts";

/** Ranges may not expand to more versions than this (protects against `0-999999999`). */
export const MAX_VERSION_LIST_LENGTH = 100_000;

const INDEX = /^\d+$/;

/**
 * Parses `"0,2-4,7"` into `[0, 2, 3, 4, 7]`. Ranges may be reversed (`4-2`), spaces and empty items are ignored,
 * and repeated versions are listed once, in first-seen order.
 * Throws UserInputError for anything that is not a non-negative integer or a range of them.
 */
export function parseVersionList(text: string): number[] {
  const seen = new Set<number>();
  for (const rawItem of text.split(",")) {
    const item = rawItem.trim();
    if (item === "") continue;
    const bounds = item.split("-").map((part) => part.trim());
    if (bounds.length > 2 || bounds.some((part) => !INDEX.test(part))) {
      throw new InvalidValueError("version list", text, `"${item}" is not a version number or a range such as "2-4"`);
    }
    const [from, to = from] = bounds.map(Number) as [number, number?];
    const low = Math.min(from, to);
    const high = Math.max(from, to);
    if (high - low + seen.size >= MAX_VERSION_LIST_LENGTH) {
      throw new InvalidValueError("version list", text, `it selects more than ${MAX_VERSION_LIST_LENGTH} versions`);
    }
    for (let version = low; version <= high; version++) seen.add(version);
  }
  if (seen.size === 0) throw new InvalidValueError("version list", text, `it names no versions`);
  return [...seen];
}
