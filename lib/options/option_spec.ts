/**
 * The shape of one option (declared once, beside the code that reads it) and the typed read access the engine
 * gets after resolution. Nobody outside `resolve.ts` sees the raw string map.
 * @module
 */

/** How an option's value is written; drives parsing, help text and the web UI's editors. */
export type OptionKind =
  | "boolean"
  | "integer"
  | "size"
  | "timespan"
  | "string"
  | "path"
  | "enum"
  | "password"
  | "datetime"
  | "decimal";

/** One option, with Duplicati's spelling, its default and its parser. */
export interface OptionSpec<T> {
  /** Duplicati spelling, lower-case, without the leading `--`: `"dblock-size"`. */
  readonly name: string;
  readonly kind: OptionKind;
  /** Value `get()` returns when the option is absent (or given without a value, except for booleans). */
  readonly default: T;
  /** How help shows the default, for example `"50mb"`. */
  readonly defaultText?: string;
  readonly aliases?: readonly string[];
  readonly summary: string;
  /** Accepted values for enums and flag lists (case-insensitive on input; parsing returns these spellings). */
  readonly values?: readonly string[];
  /** Set when the option is deprecated: what to use instead. */
  readonly deprecated?: string;
  /** Help grouping: "core", "backup", "restore", "logging", "backend", "cli", ... */
  readonly category?: string;
  /**
   * Parses a raw command-line value; `undefined` is a bare `--flag`.
   * Throws UserInputError naming the option and the accepted form.
   */
  parse(raw: string | undefined): T;
  /**
   * Optional: a warning for a value that parses but is suspicious (a junk boolean, a size without a unit).
   * Returns undefined when the value is fine. Never throws.
   */
  warning?(raw: string | undefined): string | undefined;
}

/** Typed read access to resolved options. */
export interface Options {
  /** The parsed value, or the spec's default when the option is absent. */
  get<T>(spec: OptionSpec<T>): T;
  /** True when the option (or one of its aliases) was supplied, even as a bare flag. */
  isSet(spec: OptionSpec<unknown>): boolean;
  /** The raw string; only for backends that take unregistered query options. Avoid elsewhere. */
  raw(name: string): string | undefined;
}
