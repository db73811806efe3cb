/**
 * Duplicati's command-line syntax: `<command> [positional …] [--option=value …]`, options anywhere.
 * @module
 */
import { parseOptionToken } from "../options/parse_option_token.ts";

/** Arguments that ask for help wherever they appear (compared case-insensitively). */
export const HELP_TOKENS: readonly string[] = ["help", "/help", "--help", "usage", "/usage", "--usage", "/h", "-h"];

/** One `--include`/`--exclude` argument. */
export interface FilterArgument {
  readonly include: boolean;
  readonly expression: string;
}

/** The split-up command line. */
export interface ParsedArgs {
  /** Everything not starting with `--`, in order; the command first. */
  readonly positionals: readonly string[];
  /**
   * Options by lower-cased name (without `--`), quotes stripped, bare flags as undefined. The last occurrence
   * wins, and the map is ordered by last occurrence. `--include`, `--exclude`, `--help` and `--usage` are
   * not in it.
   */
  readonly options: ReadonlyMap<string, string | undefined>;
  /** `--include`/`--exclude` values in command-line order (the evaluation order); empty values are dropped. */
  readonly filters: readonly FilterArgument[];
  /** True when there is no positional argument or any argument is one of {@link HELP_TOKENS}. */
  readonly helpRequested: boolean;
}

/**
 * Parses argv (without the program name).
 *
 * Rules, from Duplicati's CommandLineParser and FilterCollector: a token starting with `--` is an option,
 * split at the first `=`; its name is lower-cased and a value wrapped in double quotes is unquoted; `--flag`
 * has no value. There is no `--name value` form and no end-of-options marker: a bare `--` is an option with an
 * empty name, which option resolution reports as unsupported and ignores. Help tokens other than
 * `--help`/`--usage` stay positionals, so `help <topic>` keeps its topic.
 */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const positionals: string[] = [];
  const options = new Map<string, string | undefined>();
  const filters: FilterArgument[] = [];
  let helpRequested = false;
  for (const token of argv) {
    const isHelp = HELP_TOKENS.includes(token.toLowerCase());
    if (isHelp) helpRequested = true;
    const option = parseOptionToken(token);
    if (option === undefined) {
      positionals.push(token);
      continue;
    }
    if (isHelp) continue;
    if (option.name === "include" || option.name === "exclude") {
      if (option.value !== undefined && option.value !== "") {
        filters.push({ include: option.name === "include", expression: option.value });
      }
      continue;
    }
    options.delete(option.name);
    options.set(option.name, option.value);
  }
  return { positionals, options, filters, helpRequested: helpRequested || positionals.length === 0 };
}
