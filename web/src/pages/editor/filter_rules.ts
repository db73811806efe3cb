/**
 * Filter rules as the editor shows them (a kind and a value) and as Duplicati stores them (one expression): a glob
 * is written as it is, a regular expression in [brackets], filter groups in {braces}, and an exact path as the path
 * itself (with a leading "@" only when it holds a wildcard character, which the engine then takes literally).
 * Checking uses the engine's own expression compiler, so the editor accepts exactly what a backup accepts.
 * @module
 */
import { compileFilterExpression } from "../../../../lib/filters/parse_filter.ts";
import type { FilterRule } from "./model.ts";

/** What the value of a rule is. */
export type RuleKind = "glob" | "regex" | "group" | "exact";

/** The kinds in the order the editor offers them, with their labels. */
export const RULE_KINDS: readonly { readonly kind: RuleKind; readonly label: string }[] = [
  { kind: "glob", label: "Glob (* and ?)" },
  { kind: "regex", label: "Regular expression" },
  { kind: "group", label: "Filter group" },
  { kind: "exact", label: "Exact path" },
];

/** The kind an expression was written in. */
export function ruleKind(expression: string): RuleKind {
  if (isWrapped(expression, "[", "]")) return "regex";
  if (isWrapped(expression, "{", "}")) return "group";
  if (expression.startsWith("@")) return "exact";
  return /[*?]/.test(expression) || expression === "" ? "glob" : "exact";
}

/** The value of `expression` read as `kind`; undefined when the expression is not written as that kind. */
export function ruleValue(kind: RuleKind, expression: string): string | undefined {
  if (expression === "") return "";
  if (kind === "regex") return isWrapped(expression, "[", "]") ? expression.slice(1, -1) : undefined;
  if (kind === "group") return isWrapped(expression, "{", "}") ? expression.slice(1, -1) : undefined;
  const value = kind === "exact" && expression.startsWith("@") ? expression.slice(1) : expression;
  return encodeRule(kind, value) === expression ? value : undefined;
}

/** The expression for a value of a kind ("" stays "": an empty rule, which validation reports). */
export function encodeRule(kind: RuleKind, value: string): string {
  if (value === "") return "";
  if (kind === "regex") return `[${value}]`;
  if (kind === "group") return `{${value}}`;
  if (kind === "exact") return /[*?]/.test(value) || value.startsWith("@") ? `@${value}` : value;
  return value;
}

/** The exact-path exclude rule that leaves `path` out (what unchecking a covered tree entry adds). */
export function excludePathRule(path: string): FilterRule {
  return { include: false, expression: encodeRule("exact", path) };
}

/** The path an exact-path exclude rule leaves out, or undefined for any other rule. */
export function excludedPath(rule: FilterRule): string | undefined {
  if (rule.include || rule.expression === "" || ruleKind(rule.expression) !== "exact") return undefined;
  return ruleValue("exact", rule.expression);
}

/** What is wrong with rule `index` (0-based; messages count from 1), or undefined when it is fine. */
export function ruleProblem(rule: FilterRule, index: number): string | undefined {
  const n = index + 1;
  const expression = rule.expression;
  if (expression.trim() === "" || expression === "[]" || expression === "{}" || expression === "@") {
    return `Rule ${n} has no pattern: enter one or remove the rule.`;
  }
  try {
    compileFilterExpression(expression, { caseSensitive: true, os: "linux" });
  } catch (error) {
    const kind = ruleKind(expression);
    const detail = error instanceof Error ? error.message : String(error);
    if (kind === "regex") {
      const reason = /invalid regular expression \((.*)\)$/.exec(detail)?.[1] ?? detail;
      // V8 says "Invalid regular expression: /<source>/<flags>: <what>"; the source is the engine's anchored form.
      const what = /^Invalid regular expression: \/.*\/[a-z]*: (.+)$/s.exec(reason)?.[1] ?? reason;
      return `Rule ${n}: the regular expression is not valid (${what}).`;
    }
    if (kind === "group") {
      const name = /filter group "([^"]*)"/.exec(detail)?.[1] ?? expression.slice(1, -1);
      return `Rule ${n}: there is no filter group "${name}"; choose one from the list.`;
    }
    return `Rule ${n}: ${detail}`;
  }
  return undefined;
}

/** The rules the server can take right now (blank ones left out), or undefined while any rule has a problem. */
export function usableRules(rules: readonly FilterRule[]): FilterRule[] | undefined {
  const kept = rules.filter((rule) => rule.expression.trim() !== "");
  return kept.some((rule, i) => ruleProblem(rule, i) !== undefined) ? undefined : kept;
}

function isWrapped(text: string, open: string, close: string): boolean {
  return text.length >= 2 && text.startsWith(open) && text.endsWith(close);
}
