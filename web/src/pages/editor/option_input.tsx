/**
 * One option's input, chosen by its Type from /systeminfo: a checkbox for Boolean, a select for Enumeration,
 * checkboxes for Flags, a password field for Password, and a text field (checked as the user types) otherwise.
 * @module
 */
import type { OptionDto } from "./step_context.ts";

/** The input for `option` with `value`; `id` and `describedBy` tie it to its label, hint and error. */
export function OptionInput(props: {
  option: OptionDto;
  value: string;
  onChange: (value: string) => void;
  id: string;
  describedBy: string | undefined;
  invalid: boolean;
  /** Accessible name when there is no visible <label for>. */
  label?: string;
}) {
  const { option, value, onChange, id, describedBy } = props;
  const common = {
    id,
    "aria-describedby": describedBy,
    "aria-invalid": props.invalid ? true : undefined,
    "aria-label": props.label,
  };
  switch (option.Type) {
    case "Boolean":
      return (
        <label class="check">
          <input
            {...common}
            type="checkbox"
            checked={/^true$/i.test(value.trim())}
            onChange={(e) => onChange(e.currentTarget.checked ? "true" : "false")}
          />
          {/^true$/i.test(value.trim()) ? "On" : "Off"}
        </label>
      );
    case "Enumeration": {
      const values = option.ValidValues ?? [];
      const known = values.some((v) => v.toLowerCase() === value.toLowerCase());
      return (
        <select
          {...common}
          value={known ? values.find((v) => v.toLowerCase() === value.toLowerCase()) : value}
          onChange={(e) => onChange(e.currentTarget.value)}
        >
          {known ? null : <option value={value}>{value === "" ? "(choose)" : value}</option>}
          {values.map((v) => <option key={v} value={v}>{v}</option>)}
        </select>
      );
    }
    case "Flags": {
      const parts = value.split(",").map((p) => p.trim()).filter((p) => p !== "");
      const has = (v: string) => parts.some((p) => p.toLowerCase() === v.toLowerCase());
      const toggle = (v: string, on: boolean) => {
        const rest = parts.filter((p) => p.toLowerCase() !== v.toLowerCase());
        onChange((on ? [...rest, v] : rest).join(","));
      };
      return (
        <fieldset class="flags" aria-describedby={describedBy} id={id}>
          <legend class="visually-hidden">{props.label ?? option.Name}</legend>
          {(option.ValidValues ?? []).map((v) => (
            <label key={v} class="check">
              <input type="checkbox" checked={has(v)} onChange={(e) => toggle(v, e.currentTarget.checked)} />
              {v}
            </label>
          ))}
        </fieldset>
      );
    }
    default:
      return (
        <input
          {...common}
          type={option.Type === "Password" ? "password" : "text"}
          value={value}
          spellcheck={false}
          autoComplete={option.Type === "Password" ? "new-password" : "off"}
          placeholder={placeholderOf(option)}
          onInput={(e) => onChange(e.currentTarget.value)}
        />
      );
  }
}

function placeholderOf(option: OptionDto): string {
  switch (option.Type) {
    case "Size":
      return "e.g. 100MB";
    case "Timespan":
      return "e.g. 30s, 5m, 2h, 1D";
    case "Integer":
      return "a whole number";
    default:
      return option.DefaultValue;
  }
}
