/**
 * One option's value, edited with the control its type calls for (a yes/no choice, a number, a list of accepted
 * values, a size, a timespan, a masked secret or text) and checked with the same size and timespan parsers the
 * server uses, so a typo is caught before saving.
 * @module
 */
import { parseSize } from "../../../../lib/options/parse_size.ts";
import { parseTimespan } from "../../../../lib/options/parse_timespan.ts";
import type { OptionDto } from "../../../../lib/server/routes/system_info.ts";

/** An option of the catalogue, with the module it belongs to ("" for the engine's own). */
export interface CatalogueOption extends OptionDto {
  readonly Module: string;
}

/** What is wrong with `value` for `option`; undefined when it is fine. */
export function optionValueProblem(option: OptionDto, value: string): string | undefined {
  const text = value.trim();
  if (text === "") {
    return option.Type === "String" || option.Type === "Path" ? undefined : "Enter a value.";
  }
  try {
    switch (option.Type) {
      case "Boolean":
        return /^(true|false)$/i.test(text) ? undefined : 'Choose "true" or "false".';
      case "Integer":
        return /^[+-]?\d+$/.test(text) ? undefined : "Enter a whole number, such as 5.";
      case "Decimal":
        return Number.isFinite(Number(text)) ? undefined : "Enter a number, such as 1.5.";
      case "Size":
        parseSize(text);
        return undefined;
      case "Timespan":
        parseTimespan(text);
        return undefined;
      case "Enumeration":
        return matchesValue(option, text) ? undefined : `Choose one of: ${(option.ValidValues ?? []).join(", ")}.`;
      case "Flags": {
        const wrong = text.split(",").map((part) => part.trim()).filter((part) => !matchesValue(option, part));
        return wrong.length === 0
          ? undefined
          : `Unknown value ${wrong.map((w) => `"${w}"`).join(", ")}; use any of: ${
            (option.ValidValues ?? []).join(", ")
          }.`;
      }
      default:
        return undefined;
    }
  } catch (error) {
    return error instanceof Error ? `${error.message}.` : String(error);
  }
}

/** How to type a value of this option, for the hint under the input. */
export function optionValueHint(option: OptionDto): string {
  switch (option.Type) {
    case "Size":
      return 'A size with a unit: "50mb", "1gb", "512kb".';
    case "Timespan":
      return 'A timespan: "30s", "10m", "2h", "1D", "1W", "1M" (units are case-sensitive).';
    case "Flags":
      return `One or more of ${(option.ValidValues ?? []).join(", ")}, separated by commas.`;
    case "Path":
      return "A path on the server's machine.";
    default:
      return "";
  }
}

/** The first value to show when the option is picked: its default, or "true" for a switch without one. */
export function initialOptionValue(option: OptionDto): string {
  if (option.Type === "Boolean") return "true";
  if (option.Type === "Password") return "";
  if (option.Type === "Enumeration" && option.DefaultValue === "") return option.ValidValues?.[0] ?? "";
  return option.DefaultValue;
}

/** The input for an option's value; `id` and `describedBy` come from the surrounding Field. */
export function OptionValueInput(props: {
  option: OptionDto;
  id: string;
  describedBy: string | undefined;
  value: string;
  onChange: (value: string) => void;
}) {
  const { option, id, describedBy, value, onChange } = props;
  const common = { id, "aria-describedby": describedBy };
  switch (option.Type) {
    case "Boolean":
      return (
        <select {...common} value={value.toLowerCase()} onChange={(e) => onChange(e.currentTarget.value)}>
          <option value="true">true (on)</option>
          <option value="false">false (off)</option>
        </select>
      );
    case "Enumeration":
      return (
        <select {...common} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
          {(option.ValidValues ?? []).map((v) => <option key={v} value={v}>{v}</option>)}
        </select>
      );
    case "Integer":
    case "Decimal":
      return (
        <input
          {...common}
          type="text"
          inputMode={option.Type === "Integer" ? "numeric" : "decimal"}
          autoComplete="off"
          value={value}
          onInput={(e) => onChange(e.currentTarget.value)}
        />
      );
    case "Password":
      return (
        <input
          {...common}
          type="password"
          autoComplete="new-password"
          value={value}
          onInput={(e) => onChange(e.currentTarget.value)}
        />
      );
    default:
      return (
        <input
          {...common}
          type="text"
          autoComplete="off"
          spellcheck={false}
          value={value}
          onInput={(e) => onChange(e.currentTarget.value)}
        />
      );
  }
}

function matchesValue(option: OptionDto, text: string): boolean {
  return (option.ValidValues ?? []).some((v) => v.toLowerCase() === text.toLowerCase());
}
