/**
 * Log sinks for the CLI: messages at or above `--console-log-level` to the console, and at or above
 * `--log-file-log-level` appended to `--log-file`.
 * @module
 */
import { errorMessage } from "../core/errors.ts";
import { levelRank, type LogEntry, type Logger, type LogLevel } from "../core/log.ts";

export function consoleLogger(level: LogLevel, write: (line: string) => void): Logger {
  const min = levelRank(level);
  return {
    log(entry: LogEntry) {
      if (levelRank(entry.level) < min) return;
      const text = entry.error === undefined ? entry.message : `${entry.message} => ${errorMessage(entry.error)}`;
      write(entry.level === "DryRun" ? `[Dryrun]: ${text}` : text);
    },
  };
}

export function fileLogger(path: string, level: LogLevel): Logger & { close(): void } {
  const min = levelRank(level);
  const file = Deno.openSync(path, { append: true, create: true, write: true });
  const encoder = new TextEncoder();
  return {
    log(entry: LogEntry) {
      if (levelRank(entry.level) < min) return;
      const text = entry.error === undefined ? entry.message : `${entry.message} => ${errorMessage(entry.error)}`;
      file.writeSync(encoder.encode(`${entry.time.toISOString()} [${entry.level}-${entry.tag}]: ${text}\n`));
    },
    close: () => file.close(),
  };
}
