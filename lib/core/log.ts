/**
 * Logging without a global logger: operations receive a {@link Logger}; front ends decide where lines go.
 * Levels and their order follow Duplicati's `--console-log-level` names.
 * @module
 */

export const LOG_LEVELS = [
  "ExplicitOnly",
  "Profiling",
  "Verbose",
  "Retry",
  "Information",
  "DryRun",
  "Warning",
  "Error",
] as const;
export type LogLevel = typeof LOG_LEVELS[number];

export interface LogEntry {
  readonly level: LogLevel;
  readonly tag: string;
  readonly message: string;
  readonly error?: unknown;
  readonly time: Date;
}

/** Receives log entries. Implementations must not throw. */
export interface Logger {
  log(entry: LogEntry): void;
}

export const nullLogger: Logger = { log() {} };

/** Numeric rank of a level; higher is more severe. */
export function levelRank(level: LogLevel): number {
  return LOG_LEVELS.indexOf(level);
}

/** Parses a level name case-insensitively; undefined when unknown. */
export function parseLogLevel(text: string): LogLevel | undefined {
  const lower = text.trim().toLowerCase();
  return LOG_LEVELS.find((level) => level.toLowerCase() === lower);
}

/** Small convenience wrapper so call sites read `log.warn(tag, message)`. */
export class LogWriter {
  constructor(private readonly sink: Logger) {}
  write(level: LogLevel, tag: string, message: string, error?: unknown): void {
    this.sink.log(
      error === undefined
        ? { level, tag, message, time: new Date() }
        : { level, tag, message, error, time: new Date() },
    );
  }
  verbose(tag: string, message: string): void {
    this.write("Verbose", tag, message);
  }
  info(tag: string, message: string): void {
    this.write("Information", tag, message);
  }
  warn(tag: string, message: string, error?: unknown): void {
    this.write("Warning", tag, message, error);
  }
  error(tag: string, message: string, error?: unknown): void {
    this.write("Error", tag, message, error);
  }
}

/** Fans one entry out to several loggers. */
export function teeLogger(...loggers: Logger[]): Logger {
  return { log: (entry) => loggers.forEach((l) => l.log(entry)) };
}
