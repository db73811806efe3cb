/**
 * `--parameters-file`: a text file with one `--name=value` per line, read the way Duplicati's CLI reads it.
 * Special keys: `--source` (repeatable), `--target`, `--prepend-filter`, `--append-filter`, `--replace-filter`
 * (lists of `+include`/`-exclude` items separated by the OS path separator).
 * @module
 */
import { UserInputError } from "../core/errors.ts";
import { parseOptionToken } from "./parse_option_token.ts";

/** The names under which the CLI accepts the parameters file. */
export const PARAMETERS_FILE_NAMES: readonly string[] = ["parameters-file", "parameter-file", "parameterfile"];

/** An include or exclude expression (the same shape as lib/filters' FilterRule). */
export interface FilterRuleText {
  readonly include: boolean;
  readonly expression: string;
}

/** The content of a parameters file. */
export interface ParametersFile {
  /** Ordinary options in file order (lower-cased names, quotes stripped, undefined for bare flags). */
  readonly options: [string, string | undefined][];
  /** `--source` values in order. */
  readonly sources: string[];
  /** The last `--target` value. */
  readonly target?: string;
  /** The file's `--include`/`--exclude` lines in order. */
  readonly filters: FilterRuleText[];
  readonly prependFilters: FilterRuleText[];
  readonly appendFilters: FilterRuleText[];
  /** Present when the file has `--replace-filter`: these become the whole filter. */
  readonly replaceFilters?: FilterRuleText[];
  /** Non-empty lines that do not start with `--` (Duplicati ignores them). */
  readonly ignoredLines: string[];
}

/** Reads a parameters file. `pathSeparator` splits the filter lists (default: `;` on Windows, else `:`). */
export function parseParametersFile(text: string, options: { readonly pathSeparator?: string } = {}): ParametersFile {
  const separator = options.pathSeparator ?? (Deno.build.os === "windows" ? ";" : ":");
  const result: {
    -readonly [K in keyof ParametersFile]: ParametersFile[K];
  } = { options: [], sources: [], filters: [], prependFilters: [], appendFilters: [], ignoredLines: [] };
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/).map((line) => line.trim()).filter((line) => line);
  for (const line of lines) {
    const token = parseOptionToken(line);
    if (token === undefined) {
      result.ignoredLines.push(line);
      continue;
    }
    const { name, value } = token;
    if ((name === "include" || name === "exclude") && value) {
      result.filters.push({ include: name === "include", expression: value });
    } else if (name === "source") {
      if (value) result.sources.push(value);
    } else if (name === "target") {
      if (value) result.target = value;
    } else if (name === "prepend-filter") {
      result.prependFilters = parseFilterList(value ?? "", separator);
    } else if (name === "append-filter") {
      result.appendFilters = parseFilterList(value ?? "", separator);
    } else if (name === "replace-filter") {
      if (value?.trim()) result.replaceFilters = parseFilterList(value, separator);
    } else {
      result.options.push([name, value]);
    }
  }
  return result;
}

/**
 * Parses a `+*.txt:-[.*\.xyz]:+*` list. Items without a leading `+` or `-` are skipped, as in Duplicati.
 * @param separator the OS path separator (`:` Linux/macOS, `;` Windows)
 */
export function parseFilterList(text: string, separator: string): FilterRuleText[] {
  const rules: FilterRuleText[] = [];
  for (const item of text.split(separator)) {
    if (item.startsWith("+")) rules.push({ include: true, expression: item.slice(1) });
    else if (item.startsWith("-")) rules.push({ include: false, expression: item.slice(1) });
  }
  return rules.filter((rule) => rule.expression !== "");
}

/** The parts of a command line a parameters file changes. */
export interface CommandLineParts {
  readonly positionals: readonly string[];
  readonly options: ReadonlyMap<string, string | undefined>;
  readonly filters: readonly FilterRuleText[];
}

/** The merged command line, plus notes worth logging at Verbose level. */
export interface MergedCommandLine extends CommandLineParts {
  readonly notes: readonly string[];
}

/**
 * Merges a parameters file into a command line as Duplicati's CLI does: file options override command-line
 * options; the file's filters replace the command line's (having both is a UserInputError); prepend/append/replace
 * lists apply after that; `--target` replaces the storage URL (or is added when missing; ignored by
 * `test-filters`); `--source` values are appended for `backup` and `test-filters` only. The parameters-file
 * option itself is removed.
 */
export function applyParametersFile(file: ParametersFile, commandLine: CommandLineParts): MergedCommandLine {
  if (file.filters.length > 0 && commandLine.filters.length > 0) {
    throw new UserInputError(
      "Cannot combine --include/--exclude on the command line with a parameters file that defines filters; " +
        "put all filters in the parameters file",
    );
  }
  let filters = file.filters.length > 0 ? [...file.filters] : [...commandLine.filters];
  filters = [...file.prependFilters, ...filters, ...file.appendFilters];
  if (file.replaceFilters !== undefined) filters = [...file.replaceFilters];

  const options = new Map(commandLine.options);
  for (const name of PARAMETERS_FILE_NAMES) options.delete(name);
  for (const [name, value] of file.options) {
    options.delete(name);
    options.set(name, value);
  }

  const notes: string[] = [];
  const positionals = [...commandLine.positionals];
  const command = (positionals[0] ?? "").toLowerCase();
  const takesSources = command === "backup" || command === "test-filters" || command === "test-filter";
  if (file.target !== undefined) {
    if (command === "test-filters" || command === "test-filter") {
      notes.push("The --target from the parameters file is not used by test-filters");
    } else if (positionals.length <= 1) positionals.push(file.target);
    else positionals[1] = file.target;
  }
  if (takesSources) positionals.push(...file.sources);
  else if (file.sources.length > 0) notes.push(`The --source values from the parameters file are only used by backup`);
  return { positionals, options, filters, notes };
}
