/**
 * The "skip files larger than" size: a number and a unit in the form, one Duplicati size text in the model
 * ("100MB", as --skip-files-larger-than takes it; a bare number would mean megabytes there). Only whole numbers:
 * Duplicati's size parser takes no fractions, and the setting must work there too (exported configurations).
 * @module
 */

/** The units the form offers (binary, as Duplicati reads them). */
export const SIZE_UNITS = ["KB", "MB", "GB", "TB"] as const;
export type SizeUnit = typeof SIZE_UNITS[number];

const SIZE = /^\s*(\d+(?:\.\d*)?|\.\d+)\s*([a-z]*)\s*$/i;
const KNOWN = new Map<string, SizeUnit | "B">([
  ["", "MB"],
  ["b", "B"],
  ["kb", "KB"],
  ["kib", "KB"],
  ["mb", "MB"],
  ["mib", "MB"],
  ["gb", "GB"],
  ["gib", "GB"],
  ["tb", "TB"],
  ["tib", "TB"],
]);

/** The number and unit of a size text; undefined when it is not a size. "" reads as no number, megabytes. */
export function splitSize(text: string): { number: string; unit: SizeUnit } | undefined {
  if (text.trim() === "") return { number: "", unit: "MB" };
  const match = SIZE.exec(text);
  const unit = match ? KNOWN.get((match[2] ?? "").toLowerCase()) : undefined;
  if (!match || unit === undefined) return undefined;
  if (unit === "B") {
    const bytes = Number(match[1]);
    return bytes % 1024 === 0 ? { number: String(bytes / 1024), unit: "KB" } : undefined;
  }
  return { number: match[1] ?? "", unit };
}

/** The model text for a number and unit: "" when the number is blank. */
export function joinSize(number: string, unit: SizeUnit): string {
  return number.trim() === "" ? "" : `${number.trim()}${unit}`;
}

/** What is wrong with the size text, or undefined when it is blank or fine. */
export function sizeProblem(text: string): string | undefined {
  if (text.trim() === "") return undefined;
  const match = SIZE.exec(text);
  if (!match || !KNOWN.has((match[2] ?? "").toLowerCase())) {
    return "Enter the size as a number, such as 100, and choose its unit; or leave it empty for no limit.";
  }
  if (!/^\d+$/.test(match[1] ?? "")) {
    return "Enter a whole number (Duplicati reads no fractions here); for less than one unit choose a smaller unit.";
  }
  if (Number(match[1]) <= 0) return "Enter a size larger than 0; or leave it empty for no limit.";
  return undefined;
}
