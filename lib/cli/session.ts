/**
 * The CLI's composition root: resolves options, the data folder, the local database, the backend and the volume
 * settings for one command, and tears them down afterwards. Errors in the command line itself are raised as
 * {@link CommandLineError} (exit 200); everything later is an operation error.
 * @module
 */
import { tmpdir } from "node:os";
import { builtinBackends } from "../backends/builtin.ts";
import { openBackend } from "../backends/open_backend.ts";
import { parseTargetUrl, type TargetUrl } from "../backends/target_url.ts";
import { UserInputError } from "../core/errors.ts";
import { type Logger, LogWriter, teeLogger } from "../core/log.ts";
import { resolveDataFolder } from "../data_folder/data_folder.ts";
import { Filter } from "../filters/filter.ts";
import * as opt from "../options/common_options.ts";
import {
  CONSOLE_LOG_LEVEL,
  LOG_FILE,
  LOG_FILE_LOG_LEVEL,
  LOG_LEVEL,
  QUIET_CONSOLE,
} from "../options/logging_options.ts";
import type { Options } from "../options/option_spec.ts";
import { resolveOptions } from "../options/resolve.ts";
import type { OperationContext, VolumeSettings } from "../operations/context.ts";
import type { ProgressSink } from "../operations/progress.ts";
import { validatePrefix } from "../volumes/remote_name.ts";
import type { ParsedArgs } from "./args.ts";
import { cliRegistry } from "./cli_options.ts";
import type { CommandIo } from "./command.ts";
import { consoleLogger, fileLogger } from "./console_logger.ts";

/** A mistake in the command line: exit code 200. */
export class CommandLineError extends UserInputError {
  override readonly code = "command-line";
}

/** Runs `parse` and reports its UserInputErrors as command-line errors. */
export function commandLine<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof UserInputError && !(error instanceof CommandLineError)) {
      throw new CommandLineError(error.message, { cause: error });
    }
    throw error;
  }
}

export interface CliBasics {
  readonly options: Options;
  readonly log: LogWriter;
  readonly warnings: readonly string[];
  readonly filter: Filter;
  readonly dataFolder: string;
  readonly close: () => void;
}

/** Options, logging, filters and the data folder; no I/O on the destination yet. */
export function openBasics(args: ParsedArgs, io: CommandIo): CliBasics {
  const { options, warnings } = commandLine(() => resolveOptions(args.options, cliRegistry()));
  const filter = commandLine(() =>
    Filter.from(args.filters, {
      env: Object.fromEntries(Object.entries(io.env).filter(([, v]) => v !== undefined)) as Record<string, string>,
    })
  );
  const consoleLevel = options.isSet(CONSOLE_LOG_LEVEL) || !options.isSet(LOG_LEVEL)
    ? options.get(CONSOLE_LOG_LEVEL)
    : options.get(LOG_LEVEL);
  const loggers: Logger[] = [];
  if (!options.get(QUIET_CONSOLE)) loggers.push(consoleLogger(consoleLevel, io.out));
  const logFile = options.get(LOG_FILE);
  let file: ReturnType<typeof fileLogger> | undefined;
  if (logFile) {
    const level = options.isSet(LOG_FILE_LOG_LEVEL) || !options.isSet(LOG_LEVEL)
      ? options.get(LOG_FILE_LOG_LEVEL)
      : options.get(LOG_LEVEL);
    file = commandLine(() => {
      try {
        return fileLogger(logFile, level);
      } catch (error) {
        throw new UserInputError(`Cannot open log file "${logFile}": ${(error as Error).message}`);
      }
    });
    loggers.push(file);
  }
  const log = new LogWriter(teeLogger(...loggers));
  for (const warning of warnings) log.warn("Options", warning);
  const dataFolder = resolveDataFolder({
    ...(options.isSet(opt.SERVER_DATAFOLDER) ? { serverDataFolder: options.get(opt.SERVER_DATAFOLDER)! } : {}),
    ...(options.isSet(opt.PORTABLE_MODE) ? { portableMode: options.get(opt.PORTABLE_MODE) } : {}),
    env: io.env,
    os: Deno.build.os === "windows" ? "windows" : Deno.build.os === "darwin" ? "darwin" : "linux",
    executableDir: io.executableDir,
    probeFile: "dbconfig.json",
    cwd: io.cwd,
  });
  return { options, log, warnings, filter, dataFolder, close: () => file?.close() };
}

/** Parses the storage URL positional. */
export function targetUrl(text: string | undefined, io: CommandIo): TargetUrl {
  if (!text) throw new CommandLineError("Cannot run the command: the storage URL is missing");
  const url = commandLine(() => parseTargetUrl(text, { cwd: io.cwd }));
  const backends = builtinBackends();
  const known = backends.lookup(url.scheme) ??
    (url.scheme.endsWith("s") ? backends.lookup(url.scheme.slice(0, -1)) : undefined);
  if (!known) {
    const schemes = backends.all().map((f) => f.scheme).join(", ");
    throw new CommandLineError(
      `Cannot use storage URL "${text}": the scheme "${url.scheme}" is not supported (supported: ${schemes})`,
    );
  }
  return url;
}

/** The volume settings from options; `passphrase` already resolved. */
export function volumeSettings(options: Options, passphrase: string | undefined): VolumeSettings {
  return commandLine(() => {
    const prefix = options.get(opt.PREFIX);
    validatePrefix(prefix);
    const blocksize = options.get(opt.BLOCKSIZE);
    const dblockSize = options.get(opt.DBLOCK_SIZE);
    if (dblockSize < blocksize * 2) {
      throw new UserInputError(
        `Cannot use --dblock-size=${dblockSize}: it must be at least twice --blocksize (${blocksize})`,
      );
    }
    const compressors = options.get(opt.CONCURRENCY_COMPRESSORS) || Math.max(1, navigator.hardwareConcurrency || 1);
    return {
      prefix,
      passphrase,
      blocksize,
      blockHash: options.get(opt.BLOCK_HASH_ALGORITHM),
      fileHash: options.get(opt.FILE_HASH_ALGORITHM),
      dblockSize,
      codec: { method: options.get(opt.ZIP_COMPRESSION_METHOD), level: options.get(opt.ZIP_COMPRESSION_LEVEL) },
      tempDir: options.get(opt.TEMPDIR) ?? tmpdir(),
      uploadConcurrency: options.get(opt.ASYNCHRONOUS_UPLOAD_LIMIT) || 4,
      compressors,
      useWorkers: compressors > 1,
    };
  });
}

/** Opens the destination with the wrappers (retry, dry run) and builds an operation context. */
export async function openContext(
  env: { url: TargetUrl; basics: CliBasics; io: CommandIo; db: OperationContext["db"]; progress: ProgressSink },
): Promise<OperationContext & { closeBackend(): Promise<void> }> {
  const backend = await openBackend(env.url, {
    options: env.basics.options,
    signal: env.io.signal,
    log: { log: (e) => env.basics.log.write(e.level, e.tag, e.message, e.error) },
    dryRun: env.basics.options.get(opt.DRY_RUN),
  });
  return {
    backend,
    db: env.db,
    log: env.basics.log,
    progress: env.progress,
    signal: env.io.signal,
    now: () => new Date(),
    closeBackend: () => backend.close(),
  };
}
