/**
 * One `--name=value` token, as Duplicati's command-line parser reads it (shared by the CLI, the server, the tray
 * and `--parameters-file`).
 * @module
 */

/** A parsed option token; `value` is undefined for a bare `--flag`. */
export interface OptionToken {
  /** Lower-cased, without the leading `--`. A bare `--` gives the empty name. */
  readonly name: string;
  readonly value: string | undefined;
}

/**
 * Parses a token that starts with `--`; returns undefined for anything else (a positional argument).
 * The name ends at the first `=` and is lower-cased; a value wrapped in double quotes loses them
 * (`--Name="a b"` -> name `name`, value `a b`). There is no `--name value` form.
 */
export function parseOptionToken(token: string): OptionToken | undefined {
  if (!token.startsWith("--")) return undefined;
  const equals = token.indexOf("=");
  if (equals < 0) return { name: token.slice(2).toLowerCase(), value: undefined };
  let value = token.slice(equals + 1);
  if (value.length > 1 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
  return { name: token.slice(2, equals).toLowerCase(), value };
}
