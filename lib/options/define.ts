/**
 * Functions that declare options. Each returns an immutable {@link OptionSpec} whose `parse` follows Duplicati's
 * rules for that kind and throws UserInputError naming the option and the accepted form.
 *
 * Values given without text (`--name` or `--name=`): booleans read them as true; numbers, sizes, timespans,
 * enums and dates fall back to the default (with a warning), as Duplicati's accessors do; strings and paths fall
 * back to the default too, while passwords keep an empty string (an empty passphrase means "no encryption").
 * @module
 */
import type { OptionSpec } from "./option_spec.ts";
import {
  blankWarning,
  commonFields,
  invalidOption,
  isBlank,
  type OptionDefinition,
  rejectedOption,
  withDefaultText,
} from "./_spec_base.ts";

export type { OptionDefinition } from "./_spec_base.ts";
export { datetimeOption, sizeOption, timespanOption, versionListOption } from "./define_measures.ts";
export type { SizeDefinition, TimespanDefinition } from "./define_measures.ts";

const TRUE_WORDS = new Set(["1", "on", "true", "yes"]);
const FALSE_WORDS = new Set(["0", "off", "false", "no"]);

/** Parses a Duplicati boolean: blank is true, `1 on true yes` / `0 off false no`, anything else true. */
export function parseBooleanText(raw: string | undefined): boolean {
  if (isBlank(raw)) return true;
  return !FALSE_WORDS.has(raw.trim().toLowerCase());
}

/** A switch. A bare `--flag` is true; junk values count as true with a warning (Duplicati's behaviour). */
export function booleanOption(definition: OptionDefinition & { readonly default?: boolean }): OptionSpec<boolean> {
  const value = definition.default ?? false;
  const name = definition.name;
  return withDefaultText({
    ...commonFields(definition, "boolean"),
    default: value,
    parse: parseBooleanText,
    warning(raw: string | undefined): string | undefined {
      if (isBlank(raw)) return undefined;
      const word = raw.trim().toLowerCase();
      if (TRUE_WORDS.has(word) || FALSE_WORDS.has(word)) return undefined;
      return `The value "${raw}" supplied to --${name} does not parse into a valid boolean; it is treated as "true"`;
    },
  }, definition.defaultText ?? String(value));
}

/** Definition of a whole-number or decimal option. */
export interface NumberDefinition extends OptionDefinition {
  readonly default: number;
  readonly min?: number;
  readonly max?: number;
}

/** A whole number, optionally limited to `min`..`max`. */
export function integerOption(definition: NumberDefinition): OptionSpec<number> {
  return numberOption(definition, "integer", /^[+-]?\d+$/, "a whole number");
}

/** A decimal number with `.` as the separator, optionally limited to `min`..`max`. */
export function decimalOption(definition: NumberDefinition): OptionSpec<number> {
  return numberOption(definition, "decimal", /^[+-]?(\d+(\.\d*)?|\.\d+)$/, `a number such as "0.5"`);
}

function numberOption(
  definition: NumberDefinition,
  kind: "integer" | "decimal",
  pattern: RegExp,
  expected: string,
): OptionSpec<number> {
  const { name, min, max } = definition;
  const defaultText = definition.defaultText ?? String(definition.default);
  const range = describeRange(min, max);
  return withDefaultText({
    ...commonFields(definition, kind),
    default: definition.default,
    parse(raw: string | undefined): number {
      if (isBlank(raw)) return definition.default;
      const text = raw.trim();
      const value = Number(text);
      if (!pattern.test(text) || !Number.isFinite(value) || (kind === "integer" && !Number.isSafeInteger(value))) {
        throw invalidOption(name, raw, `expected ${expected}${range}`);
      }
      if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
        throw rejectedOption(name, raw, `the value must be${range}`);
      }
      return value;
    },
    warning: (raw: string | undefined) => blankWarning(name, raw, defaultText),
  }, defaultText);
}

function describeRange(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return ` from ${min} to ${max}`;
  if (min !== undefined) return ` of at least ${min}`;
  if (max !== undefined) return ` of at most ${max}`;
  return "";
}

/** Definition of an enum option. */
export interface EnumDefinition<V extends string> extends OptionDefinition {
  readonly values: readonly V[];
  readonly default: V;
}

/** One of a fixed set of values, matched case-insensitively; parsing returns the canonical spelling. */
export function enumOption<V extends string>(definition: EnumDefinition<V>): OptionSpec<V> {
  const { name, values } = definition;
  if (!values.includes(definition.default)) throw new TypeError(`Default of --${name} is not one of its values`);
  const defaultText = definition.defaultText ?? definition.default;
  return withDefaultText({
    ...commonFields(definition, "enum"),
    default: definition.default,
    values: [...values],
    parse(raw: string | undefined): V {
      if (isBlank(raw)) return definition.default;
      const found = findValue(values, raw);
      if (found === undefined) throw invalidOption(name, raw, `expected one of ${values.join(", ")}`);
      return found;
    },
    warning: (raw: string | undefined) => blankWarning(name, raw, defaultText),
  }, defaultText);
}

/** Definition of a flags option (a comma list of enum values). */
export interface FlagsDefinition<V extends string> extends OptionDefinition {
  readonly values: readonly V[];
}

/**
 * A comma list of values from a fixed set (Duplicati's "Flags" type, e.g. `--exclude-files-attributes`).
 * Its kind is "string"; `values` lists the choices. Parsing returns canonical spellings without repeats.
 */
export function flagsOption<V extends string>(definition: FlagsDefinition<V>): OptionSpec<readonly V[]> {
  const { name, values } = definition;
  const spec = {
    ...commonFields(definition, "string"),
    default: [] as readonly V[],
    values: [...values],
    parse(raw: string | undefined): readonly V[] {
      if (isBlank(raw)) return [];
      const result: V[] = [];
      for (const item of raw.split(",")) {
        if (item.trim() === "") continue;
        const found = findValue(values, item);
        if (found === undefined) {
          throw invalidOption(name, raw, `"${item.trim()}" is not one of ${values.join(", ")}`);
        }
        if (!result.includes(found)) result.push(found);
      }
      return result;
    },
  };
  return withDefaultText(spec, definition.defaultText);
}

function findValue<V extends string>(values: readonly V[], raw: string): V | undefined {
  const wanted = raw.trim().toLowerCase();
  return values.find((value) => value.toLowerCase() === wanted);
}

/** Definition of a string or path option. `check` returns a problem description for a value it refuses. */
export interface TextDefinition<D extends string | undefined> extends OptionDefinition {
  readonly default?: D;
  readonly check?: (value: string) => string | undefined;
}

/** Free text. Blank values give the default. */
export function stringOption(definition: TextDefinition<string> & { readonly default: string }): OptionSpec<string>;
export function stringOption(definition: TextDefinition<undefined>): OptionSpec<string | undefined>;
export function stringOption(definition: TextDefinition<string | undefined>): OptionSpec<string | undefined> {
  return textOption(definition, "string", true);
}

/** A file or folder path. Blank values give the default. */
export function pathOption(definition: TextDefinition<string> & { readonly default: string }): OptionSpec<string>;
export function pathOption(definition: TextDefinition<undefined>): OptionSpec<string | undefined>;
export function pathOption(definition: TextDefinition<string | undefined>): OptionSpec<string | undefined> {
  return textOption(definition, "path", true);
}

/** A secret. Help never shows its value; an empty value stays an empty string. */
export function passwordOption(definition: TextDefinition<undefined>): OptionSpec<string | undefined> {
  return textOption(definition, "password", false);
}

function textOption(
  definition: TextDefinition<string | undefined>,
  kind: "string" | "path" | "password",
  blankIsDefault: boolean,
): OptionSpec<string | undefined> {
  const { name, check } = definition;
  return withDefaultText({
    ...commonFields(definition, kind),
    default: definition.default,
    parse(raw: string | undefined): string | undefined {
      if (raw === undefined || (blankIsDefault && raw === "")) return definition.default;
      const problem = check?.(raw);
      if (problem !== undefined) throw rejectedOption(name, kind === "password" ? "***" : raw, problem);
      return raw;
    },
  }, definition.defaultText ?? definition.default);
}
