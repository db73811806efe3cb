/**
 * Type checks of option values by the option's Type from /systeminfo (Boolean, Integer, Size, Timespan, Decimal,
 * Enumeration, Flags; other types are free text), the value an option starts with when the user adds it, and
 * the option search. Pure functions.
 * @module
 */
import type { OptionDto } from "./step_context.ts";
import { decimalProblem, integerProblem, sizeProblem, timespanProblem } from "./value_checks.ts";

/** What is wrong with `value` for `option`; undefined when it is fine. */
export function optionValueProblem(option: OptionDto, value: string): string | undefined {
  switch (option.Type) {
    case "Boolean":
      return /^(true|false)$/i.test(value.trim()) ? undefined : "Must be true or false.";
    case "Integer":
      return integerProblem(value);
    case "Size":
      return sizeProblem(value);
    case "Timespan":
      return timespanProblem(value);
    case "Decimal":
      return decimalProblem(value);
    case "Enumeration": {
      const values = option.ValidValues ?? [];
      if (values.length === 0 || values.some((v) => v.toLowerCase() === value.trim().toLowerCase())) return undefined;
      return `Choose one of: ${values.join(", ")}.`;
    }
    case "Flags": {
      const values = (option.ValidValues ?? []).map((v) => v.toLowerCase());
      const parts = value.split(",").map((p) => p.trim()).filter((p) => p !== "");
      const bad = parts.filter((p) => !values.includes(p.toLowerCase()));
      return bad.length === 0 ? undefined : `Unknown value ${bad.map((b) => `"${b}"`).join(", ")}.`;
    }
    default:
      return undefined;
  }
}

/** The value a newly added option starts with: the opposite of a boolean's default, else the default. */
export function initialOptionValue(option: OptionDto): string {
  if (option.Type === "Boolean") return /^true$/i.test(option.DefaultValue) ? "false" : "true";
  if (option.Type === "Enumeration" && option.DefaultValue === "") return option.ValidValues?.[0] ?? "";
  return option.DefaultValue;
}

/** Options whose name, alias or description contains every word of `query` (case-insensitive). */
export function searchOptions(options: readonly OptionDto[], query: string): OptionDto[] {
  const words = query.toLowerCase().split(/\s+/).map((w) => w.replace(/^-+/, "")).filter((w) => w !== "");
  if (words.length === 0) return [...options];
  return options.filter((option) => {
    const text = [option.Name, ...(option.Aliases ?? []), option.ShortDescription, option.Category].join(" ")
      .toLowerCase();
    return words.every((w) => text.includes(w));
  });
}
