/**
 * The shape of one CLI command and the I/O it is given (so tests can run commands without a terminal).
 * @module
 */
import type { ProgressSink } from "../operations/progress.ts";
import type { ParsedArgs } from "./args.ts";

export interface CommandIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  /** True when output goes to a terminal (progress is drawn only then). */
  readonly isTty: boolean;
  /** Writes raw text without a newline (progress line). */
  readonly raw: (text: string) => void;
  /** Reads a secret from the terminal without echo; undefined when there is no terminal. */
  readonly readSecret: ((prompt: string) => Promise<string | undefined>) | undefined;
  readonly env: Record<string, string | undefined>;
  readonly cwd: string;
  /** Folder of the executable (or of main.ts under `deno run`): portable mode puts data beside it. */
  readonly executableDir: string;
  readonly signal: AbortSignal;
  /** Also receives every engine progress event (the server folds them into its progress state). */
  readonly progress?: ProgressSink;
  /** Receives each command's result object (the server records statistics from it). */
  readonly report?: (command: string, result: object) => void;
}

export interface Command {
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly usage: string;
  readonly summary: string;
  run(args: ParsedArgs, io: CommandIo): Promise<number>;
}
