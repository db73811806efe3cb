/**
 * The exclusions that are not filter rules: files with the hidden, system or temporary attribute
 * (--exclude-files-attributes) and files larger than a size (--skip-files-larger-than), as number and unit.
 * @module
 */
import { useId, useState } from "preact/hooks";
import { joinSize, SIZE_UNITS, sizeProblem, type SizeUnit, splitSize } from "./sources_size.ts";

const ATTRIBUTES: readonly { readonly value: string; readonly label: string; readonly hint: string }[] = [
  { value: "hidden", label: "Exclude hidden files and folders", hint: "names starting with a dot on Linux and macOS" },
  { value: "system", label: "Exclude system files", hint: "Windows system attribute" },
  { value: "temporary", label: "Exclude temporary files", hint: "Windows temporary attribute" },
];

/** The attribute checkboxes and the size limit; `error` is the step's "skipFilesLargerThan" message. */
export function SourcesExclusions(props: {
  attributes: readonly string[];
  maxSize: string;
  error: string | undefined;
  onAttributes: (attributes: string[]) => void;
  onMaxSize: (size: string) => void;
}) {
  const id = useId();
  const split = splitSize(props.maxSize);
  // The unit is remembered while the number is empty (the model then holds "").
  const [unit, setUnit] = useState<SizeUnit>(split?.unit ?? "MB");
  const number = split === undefined ? props.maxSize.replace(/\s*(?:[kmgt]i?b|b)$/i, "") : split.number;
  const shownUnit = split !== undefined && split.number !== "" ? split.unit : unit;
  const problem = sizeProblem(props.maxSize) ?? (props.maxSize === "" ? undefined : props.error);
  const toggle = (value: string, on: boolean) =>
    props.onAttributes(on ? [...props.attributes, value] : props.attributes.filter((a) => a !== value));
  return (
    <div class="exclusions">
      <fieldset class="attribute-set">
        <legend>Leave out files by attribute</legend>
        {ATTRIBUTES.map((a) => (
          <label class="check" key={a.value}>
            <input
              type="checkbox"
              checked={props.attributes.some((x) => x.toLowerCase() === a.value)}
              onChange={(e) => toggle(a.value, e.currentTarget.checked)}
            />
            <span>
              {a.label} <span class="muted small">({a.hint})</span>
            </span>
          </label>
        ))}
      </fieldset>
      <div class="field size-field">
        <label for={`${id}-size`}>Skip files larger than</label>
        <div class="size-row">
          <input
            id={`${id}-size`}
            type="text"
            inputMode="decimal"
            value={number}
            placeholder="no limit"
            aria-describedby={`${id}-size-hint${problem ? ` ${id}-size-error` : ""}`}
            aria-invalid={problem ? true : undefined}
            onInput={(e) => props.onMaxSize(joinSize(e.currentTarget.value, shownUnit))}
          />
          <select
            aria-label="Size unit"
            value={shownUnit}
            onChange={(e) => {
              const next = e.currentTarget.value as SizeUnit;
              setUnit(next);
              props.onMaxSize(joinSize(number, next));
            }}
          >
            {SIZE_UNITS.map((u) => <option key={u} value={u}>{u}</option>)}
          </select>
        </div>
        <div class="hint" id={`${id}-size-hint`}>Leave empty to back up files of any size.</div>
        {problem ? <div class="field-error" id={`${id}-size-error`} role="alert">{problem}</div> : null}
      </div>
    </div>
  );
}
