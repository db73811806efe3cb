/**
 * Private helpers shared by the option definition functions: common fields, name checks and error wording.
 * @module
 */
import { UserInputError } from "../core/errors.ts";
import { InvalidValueError } from "./invalid_value_error.ts";
import type { OptionKind, OptionSpec } from "./option_spec.ts";

/** Fields every option definition takes. */
export interface OptionDefinition {
  /** Duplicati spelling, lower-case, without `--`. */
  readonly name: string;
  readonly summary: string;
  readonly aliases?: readonly string[];
  /** What to use instead; marks the option deprecated. */
  readonly deprecated?: string;
  readonly category?: string;
  /** Overrides how help shows the default. */
  readonly defaultText?: string;
}

type CommonFields = Pick<OptionSpec<unknown>, "name" | "kind" | "summary" | "aliases" | "deprecated" | "category">;

const NAME = /^[a-z0-9][a-z0-9._-]*$/;

/** The fields shared by every spec; throws TypeError for a malformed name (a programming error). */
export function commonFields(definition: OptionDefinition, kind: OptionKind): CommonFields {
  for (const name of [definition.name, ...(definition.aliases ?? [])]) {
    if (!NAME.test(name)) throw new TypeError(`Option name "${name}" must be lower-case without leading dashes`);
  }
  const fields: {
    name: string;
    kind: OptionKind;
    summary: string;
    aliases?: readonly string[];
    deprecated?: string;
    category?: string;
  } = { name: definition.name, kind, summary: definition.summary };
  if (definition.aliases && definition.aliases.length > 0) fields.aliases = [...definition.aliases];
  if (definition.deprecated !== undefined) fields.deprecated = definition.deprecated;
  if (definition.category !== undefined) fields.category = definition.category;
  return fields;
}

/** Adds `defaultText` when there is one. */
export function withDefaultText<S extends object>(spec: S, text: string | undefined): S & { defaultText?: string } {
  return text === undefined ? spec : { ...spec, defaultText: text };
}

/** True for a bare flag or an empty value. */
export function isBlank(raw: string | undefined): raw is undefined | "" {
  return raw === undefined || raw.trim() === "";
}

/** `Cannot parse --name="raw": detail` as a UserInputError; reuses a parser's own detail when it has one. */
export function invalidOption(name: string, raw: string, fallbackDetail: string, cause?: unknown): UserInputError {
  const detail = cause instanceof InvalidValueError ? cause.detail : fallbackDetail;
  return new UserInputError(`Cannot parse --${name}="${raw}": ${detail}`, cause === undefined ? undefined : { cause });
}

/** `Cannot use --name="raw": reason` for values that parse but are out of range. */
export function rejectedOption(name: string, raw: string, reason: string): UserInputError {
  return new UserInputError(`Cannot use --${name}="${raw}": ${reason}`);
}

/** The warning for a non-boolean option given without a value. */
export function blankWarning(
  name: string,
  raw: string | undefined,
  defaultText: string | undefined,
): string | undefined {
  if (!isBlank(raw)) return undefined;
  const fallback = defaultText === undefined ? "it is ignored" : `the default "${defaultText}" is used`;
  return `The option --${name} was given without a value; ${fallback}`;
}

/** Runs `parse`, turning any failure into {@link invalidOption}. */
export function parseOr<T>(name: string, raw: string, detail: string, parse: (text: string) => T): T {
  try {
    return parse(raw);
  } catch (error) {
    throw invalidOption(name, raw, detail, error);
  }
}
