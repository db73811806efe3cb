/**
 * An ordered list of include/exclude rules, evaluated the way Duplicati evaluates `--include`/`--exclude`.
 * @module
 */
import { currentFilterOs, type FilterOs } from "./filter_groups.ts";
import { compileFilterExpression, matchesWholePath } from "./parse_filter.ts";

/** One `--include` (include true) or `--exclude` rule. */
export interface FilterRule {
  readonly include: boolean;
  readonly expression: string;
}

/** How rules are compiled. */
export interface FilterOptions {
  /** Default: case-sensitive on Linux, case-insensitive on Windows and macOS (as their file systems are). */
  readonly caseSensitive?: boolean;
  /** Which group lists to use; default: the running OS. */
  readonly os?: FilterOs;
  /** Environment for `%VAR%`/`$VAR` expansion; omitted means no expansion (the CLI passes the process env). */
  readonly env?: Record<string, string>;
}

interface CompiledRule {
  readonly rule: FilterRule;
  readonly regex: RegExp;
}

/**
 * Include/exclude rules. Paths are absolute; folders end with the path separator. Instances are immutable and
 * safe to share between concurrent tasks.
 */
export class Filter {
  readonly #compiled: readonly CompiledRule[];
  readonly #onlyIncludes: boolean;
  /** The rules as given, including blank ones that compile to nothing. */
  readonly rules: readonly FilterRule[];

  private constructor(rules: readonly FilterRule[], compiled: readonly CompiledRule[]) {
    this.rules = rules;
    this.#compiled = compiled;
    this.#onlyIncludes = compiled.length > 0 && compiled.every((entry) => entry.rule.include);
  }

  /**
   * Compiles rules in order. Blank expressions and empty groups (`{DefaultIncludes}`, `{None}`) are dropped.
   * Throws UserInputError for a bad regular expression or an unknown group.
   */
  static from(rules: readonly FilterRule[], options: FilterOptions = {}): Filter {
    const os = options.os ?? currentFilterOs();
    const caseSensitive = options.caseSensitive ?? os === "linux";
    const syntax = options.env === undefined ? { caseSensitive, os } : { caseSensitive, os, env: options.env };
    const compiled: CompiledRule[] = [];
    for (const rule of rules) {
      const { regex } = compileFilterExpression(rule.expression, syntax);
      if (regex !== undefined) compiled.push({ rule: { include: rule.include, expression: rule.expression }, regex });
    }
    return new Filter([...rules], compiled);
  }

  /** A filter without rules: everything is included. */
  static none(): Filter {
    return new Filter([], []);
  }

  /** True when no rule compiled to anything; then every path is included. */
  get empty(): boolean {
    return this.#compiled.length === 0;
  }

  /**
   * True when there are rules and all of them are includes. Then a path no rule matches is excluded, and a backup
   * still enters every folder (as Duplicati adds an implicit include of all folders for its walk) but stores only
   * the entries an include matches.
   */
  get includesOnly(): boolean {
    return this.#onlyIncludes;
  }

  /**
   * True when the path is included. First match wins; with no match the path is excluded if the rules are all
   * includes, else included. Folders are evaluated before their contents, so the caller does not descend into
   * an excluded folder.
   */
  matches(path: string): boolean {
    if (this.#compiled.length === 0) return true;
    const rule = this.match(path);
    return rule === undefined ? !this.#onlyIncludes : rule.include;
  }

  /** The first rule matching the path (for test-filters and verbose logs), or undefined. */
  match(path: string): FilterRule | undefined {
    for (const entry of this.#compiled) if (matchesWholePath(entry.regex, path)) return entry.rule;
    return undefined;
  }
}
