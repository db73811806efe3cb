/**
 * ServerUtil's output: text lines as they happen, or with `--json` one object at the end in the shape of Duplicati's
 * ServerUtil, `{Timestamp, UnixTimestamp, Command, Success, ExitCode, Messages[], Exceptions[], ...}` plus the
 * command's own keys (Backups, ServerState, ExportedBackups, ...).
 * @module
 */

/** Where finished lines go. */
export interface OutputSink {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

/** Collects one command's messages, exceptions and result keys. */
export class CommandOutput {
  readonly json: boolean;
  readonly #sink: OutputSink;
  readonly #started: Date;
  readonly #messages: string[] = [];
  readonly #exceptions: string[] = [];
  readonly #extra = new Map<string, unknown>();
  #command: string | null = null;
  #success = false;

  constructor(sink: OutputSink, env: { json: boolean; now?: Date }) {
    this.#sink = sink;
    this.json = env.json;
    this.#started = env.now ?? new Date();
  }

  set command(name: string) {
    this.#command = name;
  }

  /** Marks whether the command did what was asked (false on any error). */
  set success(value: boolean) {
    this.#success = value;
  }
  get success(): boolean {
    return this.#success;
  }

  /** A progress or result line: printed at once, or kept for the JSON object's Messages. */
  message(line: string): void {
    if (this.json) {
      if (line !== "") this.#messages.push(line);
    } else {
      this.#sink.out(line);
    }
  }

  /** An error or warning about a failure: printed to stderr at once, or kept for the JSON object's Exceptions. */
  exception(line: string): void {
    if (line === "") return;
    if (this.json) this.#exceptions.push(line);
    else this.#sink.err(line);
  }

  /** A command-specific key of the JSON object (ignored in text mode). */
  set(key: string, value: unknown): void {
    this.#extra.set(key, value);
  }

  /** Prints the JSON object (only in JSON mode) with the final exit code. */
  finish(exitCode: number): void {
    if (!this.json) return;
    const result: Record<string, unknown> = {
      Timestamp: localIsoString(this.#started),
      UnixTimestamp: Math.floor(this.#started.getTime() / 1000),
      Command: this.#command,
      Success: this.#success,
      ExitCode: exitCode,
      Messages: this.#messages,
      Exceptions: this.#exceptions,
    };
    for (const [key, value] of this.#extra) result[key] = value ?? "";
    this.#sink.out(JSON.stringify(result, null, 2));
  }
}

/** ISO 8601 with the local offset, as .NET's DateTimeOffset "O" format prints it. */
function localIsoString(date: Date): string {
  const offset = -date.getTimezoneOffset();
  const local = new Date(date.getTime() + offset * 60_000).toISOString().slice(0, -1);
  const sign = offset >= 0 ? "+" : "-";
  const abs = Math.abs(offset);
  const hh = String(Math.floor(abs / 60)).padStart(2, "0");
  const mm = String(abs % 60).padStart(2, "0");
  return `${local}${sign}${hh}:${mm}`;
}
