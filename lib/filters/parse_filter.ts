/**
 * One filter expression -> a whole-path matcher. Forms, as in Duplicati's FilterExpression:
 * - `[regex]`: a regular expression that must match the whole path (wrapped in `^(?:…)$` unless it already
 *   starts with `^` and ends with `$`). .NET syntax is translated where that is trivial (see {@link dotNetRegexToJs}).
 * - `{Group,Group}`: built-in filter groups (see filter_groups.ts).
 * - `@text`: the literal path, no wildcards.
 * - anything else: a path or glob (see glob.ts).
 * @module
 */
import { UserInputError } from "../core/errors.ts";
import { expandFilterGroup, type FilterOs } from "./filter_groups.ts";
import { globToRegExpSource, literalToRegExpSource } from "./glob.ts";

/** How expressions are compiled. */
export interface FilterSyntaxOptions {
  readonly caseSensitive: boolean;
  readonly os: FilterOs;
  /** When given, `%VAR%` (and `$VAR`/`${VAR}` outside Windows) are expanded first, as the CLI does. */
  readonly env?: Readonly<Record<string, string>>;
}

/** The form of a filter expression. */
export type FilterExpressionKind = "empty" | "literal" | "glob" | "regex" | "group";

/** A compiled expression; `regex` is undefined only for kind "empty" (blank text or an empty group). */
export interface CompiledFilterExpression {
  readonly kind: FilterExpressionKind;
  readonly regex: RegExp | undefined;
}

/** Compiles one expression. Throws UserInputError for a bad regular expression or an unknown group. */
export function compileFilterExpression(expression: string, options: FilterSyntaxOptions): CompiledFilterExpression {
  const text = options.env === undefined ? expression : expandEnvironmentVariables(expression, options);
  if (text.trim() === "") return { kind: "empty", regex: undefined };
  const flags = options.caseSensitive ? "s" : "si";
  if (text.length >= 2 && text.startsWith("[") && text.endsWith("]")) {
    const { source, flags: extra } = dotNetRegexToJs(text.slice(1, -1));
    const anchored = source.startsWith("^") && source.endsWith("$") ? source : `^(?:${source})$`;
    return { kind: "regex", regex: makeRegExp(expression, anchored, mergeFlags(flags, extra)) };
  }
  if (text.length >= 2 && text.startsWith("{") && text.endsWith("}")) {
    const patterns = expandFilterGroup(text.slice(1, -1), options.os);
    if (patterns.length === 0) return { kind: "empty", regex: undefined };
    const source = patterns.map((pattern) => `(?:${globToRegExpSource(pattern)})`).join("|");
    return { kind: "group", regex: makeRegExp(expression, source, flags) };
  }
  if (text.startsWith("@")) return { kind: "literal", regex: new RegExp(literalToRegExpSource(text.slice(1)), flags) };
  const kind = text.includes("*") || text.includes("?") ? "glob" : "literal";
  return { kind, regex: new RegExp(globToRegExpSource(text), flags) };
}

/** True when `regex` matches all of `path` (Duplicati requires the match to span the whole path). */
export function matchesWholePath(regex: RegExp, path: string): boolean {
  const match = regex.exec(path);
  return match !== null && match.index === 0 && match[0].length === path.length;
}

/**
 * Expands environment variables: `%NAME%` on every OS (case-insensitive names on Windows), and `$NAME` /
 * `${NAME}` outside Windows. Unknown variables are left as written, as .NET does.
 */
export function expandEnvironmentVariables(
  text: string,
  options: { readonly env?: Readonly<Record<string, string>>; readonly os: FilterOs },
): string {
  const env = options.env ?? {};
  const lookup = (name: string): string | undefined => {
    if (Object.hasOwn(env, name)) return env[name];
    if (options.os !== "windows") return undefined;
    const key = Object.keys(env).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
    return key === undefined ? undefined : env[key];
  };
  let result = text.replace(/%([^%\s]+)%/g, (whole, name: string) => lookup(name) ?? whole);
  if (options.os !== "windows") {
    result = result.replace(
      /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
      (whole, braced: string | undefined, bare: string | undefined) => lookup(braced ?? bare ?? "") ?? whole,
    );
  }
  return result;
}

/**
 * Translates the parts of .NET regex syntax that JavaScript spells differently: leading inline options
 * `(?i)`/`(?s)`/`(?m)` become flags, `\A` -> `^`, `\z` -> `$`, `\Z` -> `(?=\n?$)`, `(?'name'…)` -> `(?<name>…)`,
 * atomic groups `(?>…)` -> `(?:…)`, and `(?#comments)` are dropped. Everything else passes through.
 */
export function dotNetRegexToJs(source: string): { source: string; flags: string } {
  let flags = "";
  let rest = source;
  const inline = /^\(\?([imsx]+)\)/.exec(rest);
  if (inline && !inline[1]?.includes("x")) {
    flags = inline[1] ?? "";
    rest = rest.slice(inline[0].length);
  }
  let out = "";
  let inClass = false;
  for (let i = 0; i < rest.length; i++) {
    const char = rest[i] ?? "";
    const next = rest[i + 1] ?? "";
    if (char === "\\") {
      if (!inClass && next === "A") out += "^";
      else if (!inClass && next === "z") out += "$";
      else if (!inClass && next === "Z") out += "(?=\\n?$)";
      else out += char + next;
      i++;
    } else if (inClass) {
      if (char === "]") inClass = false;
      out += char;
    } else if (char === "[") {
      // A "]" right after "[" or "[^" is a literal member, not the end of the class.
      const opening = /^\[\^?\]?/.exec(rest.slice(i))?.[0] ?? "[";
      inClass = true;
      out += opening;
      i += opening.length - 1;
    } else if (rest.startsWith("(?#", i)) {
      const end = rest.indexOf(")", i);
      i = end < 0 ? rest.length : end;
    } else if (rest.startsWith("(?>", i)) {
      out += "(?:";
      i += 2;
    } else if (rest.startsWith("(?'", i)) {
      const end = rest.indexOf("'", i + 3);
      if (end < 0) {
        out += char;
      } else {
        out += `(?<${rest.slice(i + 3, end)}>`;
        i = end;
      }
    } else {
      out += char;
    }
  }
  return { source: out, flags };
}

function mergeFlags(base: string, extra: string): string {
  return [...new Set([...base, ...extra])].join("");
}

function makeRegExp(expression: string, source: string, flags: string): RegExp {
  try {
    return new RegExp(source, flags);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UserInputError(`Cannot parse filter "${expression}": invalid regular expression (${reason})`, {
      cause: error,
    });
  }
}
