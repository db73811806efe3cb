/**
 * The shape of one serverutil command, the context it runs in and the I/O the program is given.
 * @module
 */
import type { OptionDef } from "./args.ts";
import type { ApiClient } from "./client.ts";
import type { ConnectionSettings } from "./connect.ts";
import type { CommandOutput } from "./output.ts";

/** The program's I/O; tests pass fakes. */
export interface ServerUtilIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly env: Record<string, string | undefined>;
  readonly cwd: string;
  /** Folder of the executable (portable mode keeps the data folder beside it). */
  readonly executableDir: string;
  /** Reads a secret without echo; absent when there is no terminal. */
  readonly readSecret?: (prompt: string) => Promise<string | undefined>;
  /** Replaces the global fetch (tests). */
  readonly fetch?: typeof fetch;
  /** Waits between `run --wait` polls; defaults to a timer. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Option values of the parsed line. */
export interface CommandOptions {
  value(name: string): string | undefined;
  flag(name: string): boolean | undefined;
}

/** What a command gets to run. */
export interface CommandContext {
  /** Positional arguments after the command name. */
  readonly args: readonly string[];
  readonly options: CommandOptions;
  readonly output: CommandOutput;
  readonly io: ServerUtilIo;
  readonly settings: ConnectionSettings;
  /** Signs in (§5.2) and returns the API client; `rememberMe` stores a 30-day login (the login command). */
  connect(env?: { rememberMe?: boolean }): Promise<ApiClient>;
}

/** One serverutil command. */
export interface ServerUtilCommand {
  readonly name: string;
  readonly summary: string;
  /** Argument part of the usage line, e.g. "<backup> [--wait]". */
  readonly usage: string;
  /** Lines that describe the positional arguments. */
  readonly argumentHelp?: readonly string[];
  readonly options: readonly OptionDef[];
  readonly minArgs: number;
  readonly maxArgs: number;
  /** Runs the command; returns the exit code. Throws UserInputError for user-facing failures (exit 2). */
  run(context: CommandContext): Promise<number>;
}
