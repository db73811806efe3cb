/**
 * ServerUtil's command line, read the way System.CommandLine reads Duplicati's: the command name, positional
 * arguments, and options given as `--name value` or `--name=value` anywhere on the line. Flags take no value, or an
 * explicit `true`/`false` (`--wait`, `--wait=false`, `--wait false`). `--` ends the options; `-x` counts as `--x`.
 * @module
 */
import { UserInputError } from "../core/errors.ts";
import { booleanOption, parseBooleanText } from "../options/define.ts";
import { type OptionToken, parseOptionToken } from "../options/parse_option_token.ts";

/** An option a command (or the whole program) accepts. */
export interface OptionDef {
  /** Lower-case name without dashes. */
  readonly name: string;
  readonly kind: "flag" | "value";
  /** Placeholder in help, for value options: `--poll-interval=<seconds>`. */
  readonly placeholder?: string;
  readonly description: string;
}

/** The parsed line: command, positional arguments and option values by name. */
export interface ParsedLine {
  readonly command: string | undefined;
  readonly positionals: readonly string[];
  readonly values: ReadonlyMap<string, string>;
  readonly flags: ReadonlyMap<string, boolean>;
}

/** Duplicati's boolean option, used only to tell a boolean word from junk (its `warning` flags junk). */
const FLAG_VALUE = booleanOption({ name: "flag", summary: "A ServerUtil flag" });

/** The option token of `-x` / `--x` / `--x=value` (a single dash counts as two). */
function optionToken(token: string): OptionToken {
  return parseOptionToken(token.startsWith("--") ? token : `-${token}`)!;
}

/**
 * Splits the line into command, positionals and options. `known` maps option names to their definitions; the first
 * positional is the command name. Throws UserInputError for an unknown option, a value option without a value and a
 * flag with a value that is not a boolean.
 */
export function parseLine(
  args: readonly string[],
  known: (command: string | undefined) => ReadonlyMap<string, OptionDef>,
): ParsedLine {
  const command = firstCommand(args, known);
  return readOptions(args, known(command), command);
}

/** Finds the command name: the first token that is neither an option nor a value of a known value option. */
function firstCommand(
  args: readonly string[],
  known: (command: string | undefined) => ReadonlyMap<string, OptionDef>,
): string | undefined {
  const globals = known(undefined);
  for (let i = 0; i < args.length; i++) {
    const token = args[i]!;
    if (token === "--") return args[i + 1];
    if (!token.startsWith("-") || token === "-") return token;
    const option = optionToken(token);
    if (option.value === undefined && globals.get(option.name)?.kind === "value") i++;
  }
  return undefined;
}

function readOptions(
  args: readonly string[],
  defs: ReadonlyMap<string, OptionDef>,
  command: string | undefined,
): ParsedLine {
  const positionals: string[] = [];
  const values = new Map<string, string>();
  const flags = new Map<string, boolean>();
  let endOfOptions = false;
  let commandSeen = false;
  for (let i = 0; i < args.length; i++) {
    const token = args[i]!;
    if (endOfOptions || !token.startsWith("-") || token === "-") {
      if (!commandSeen && token === command) commandSeen = true;
      else positionals.push(token);
      continue;
    }
    if (token === "--") {
      endOfOptions = true;
      continue;
    }
    const { name, value: inline } = optionToken(token);
    const def = defs.get(name);
    if (def === undefined) {
      const where = command === undefined ? "" : ` for command "${command}"`;
      throw new UserInputError(`Cannot parse the command line: unknown option "--${name}"${where}`);
    }
    if (def.kind === "value") {
      let value = inline;
      if (value === undefined) {
        const next = args[i + 1];
        if (next === undefined || (next.startsWith("--") && next.length > 2)) {
          throw new UserInputError(`Cannot parse the command line: option "--${name}" needs a value`);
        }
        value = next;
        i++;
      }
      values.set(name, value);
      continue;
    }
    if (inline !== undefined) {
      if (FLAG_VALUE.warning?.(inline) !== undefined) {
        throw new UserInputError(
          `Cannot parse the command line: option "--${name}" takes true or false, not "${inline}"`,
        );
      }
      flags.set(name, parseBooleanText(inline));
      continue;
    }
    // Only the words true/false are taken from the next token, so `run --wait 1` still runs backup 1.
    const next = args[i + 1]?.toLowerCase();
    const nextWord = next === "true" ? true : next === "false" ? false : undefined;
    if (nextWord !== undefined) i++;
    flags.set(name, nextWord ?? true);
  }
  return { command, positionals, values, flags };
}
