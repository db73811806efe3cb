/**
 * Positional path arguments of list, find and restore, rewritten as Duplicati does: a bare name becomes
 * "*" + "/name", `@text` matches text literally, and (restore only) a trailing separator adds `*` (the folder's
 * contents). Combined with `--include`/`--exclude`.
 * @module
 */
import { Filter } from "../filters/filter.ts";

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The filter expression for one positional argument. */
export function patternExpression(arg: string, options: { forRestore: boolean }): string {
  if (arg.startsWith("@")) return `[${escapeRegex(arg.slice(1))}]`;
  if (arg.startsWith("[") || arg.startsWith("{")) return arg;
  const hasSeparator = arg.includes("/") || arg.includes("\\");
  const hasWildcard = arg.includes("*") || arg.includes("?");
  let expression = !hasSeparator && !hasWildcard ? `*/${arg}` : arg;
  if (options.forRestore && (expression.endsWith("/") || expression.endsWith("\\"))) expression += "*";
  return expression;
}

/** A predicate over stored paths: matches a positional pattern (if any) and passes the option filters. */
export function pathMatcher(
  patterns: readonly string[],
  filter: Filter,
  options: { forRestore: boolean },
): (path: string) => boolean {
  const wanted = patterns.filter((p) => p !== "*");
  const positional = wanted.length === 0
    ? undefined
    : Filter.from(wanted.map((p) => ({ include: true, expression: patternExpression(p, options) })));
  return (path) => (positional ? positional.matches(path) : true) && filter.matches(path);
}
