/**
 * `restore <storage-URL> [<path or pattern>...]`: restores files of one version, to their original place or to
 * `--restore-path`; works without a local database.
 * @module
 */
import { tmpdir } from "node:os";
import { isAbsolute, resolve } from "node:path";
import { restore } from "../../operations/restore/restore.ts";
import { CONCURRENCY_COMPRESSORS, FULL_RESULT, TEMPDIR } from "../../options/common_options.ts";
import {
  ALL_VERSIONS,
  OVERWRITE,
  RESTORE_PATH,
  RESTORE_PERMISSIONS,
  SKIP_METADATA,
  TIME,
  VERSION,
} from "../../options/restore_options.ts";
import type { Options } from "../../options/option_spec.ts";
import type { VersionSelector } from "../../operations/common/select_version.ts";
import type { ParsedArgs } from "../args.ts";
import type { Command, CommandIo } from "../command.ts";
import { EXIT } from "../exit_codes.ts";
import { formatDuration, formatFullResult, formatLocalTime, formatSize } from "../output.ts";
import { pathMatcher } from "../path_patterns.ts";
import { progressLine } from "../progress_line.ts";
import { openReadSession } from "../read_session.ts";
import { CommandLineError, openBasics, targetUrl } from "../session.ts";

export const restoreCommand: Command = {
  name: "restore",
  usage: "restore <storage-URL> [<filename or pattern> ...] [<options>]",
  summary: "Restores files from a backup version (the newest unless --version or --time is given)",
  run: runRestore,
};

export function versionSelector(options: Options): VersionSelector {
  const selector: { versions?: readonly number[]; time?: Date; all?: boolean } = {};
  const versions = options.get(VERSION);
  if (versions) selector.versions = versions;
  const time = options.get(TIME);
  if (time) selector.time = time;
  if (options.get(ALL_VERSIONS)) selector.all = true;
  return selector;
}

async function runRestore(args: ParsedArgs, io: CommandIo): Promise<number> {
  const [, urlText, ...patterns] = args.positionals;
  if (!urlText) throw new CommandLineError("Cannot restore: give the storage URL");
  const basics = openBasics(args, io);
  try {
    const { options } = basics;
    const url = targetUrl(urlText, io);
    const restorePathText = options.get(RESTORE_PATH);
    const restorePath = restorePathText
      ? (isAbsolute(restorePathText) ? restorePathText : resolve(io.cwd, restorePathText))
      : undefined;
    const selector = versionSelector(options);
    if (selector.all) {
      throw new CommandLineError("Cannot restore with --all-versions: choose one version with --version or --time");
    }
    const progress = progressLine(io);
    io.out(`Restore started at ${formatLocalTime(new Date())}`);
    const session = await openReadSession({ basics, url, io, progress, selector, needBlocks: true });
    try {
      const result = await restore(session.context, {
        selector: session.selector,
        match: pathMatcher(patterns, basics.filter, { forRestore: true }),
        ...(restorePath ? { restorePath } : {}),
        overwrite: options.get(OVERWRITE),
        restorePermissions: options.get(RESTORE_PERMISSIONS),
        skipMetadata: options.get(SKIP_METADATA),
        passphrase: session.passphrase,
        downloads: 1,
        tempDir: options.get(TEMPDIR) ?? tmpdir(),
        // One worker per core decrypts, decompresses and writes volumes (the same knob as backup's compressors).
        workers: options.get(CONCURRENCY_COMPRESSORS) || Math.max(1, navigator.hardwareConcurrency || 1),
      });
      progress.done();
      if (options.get(FULL_RESULT)) { for (const line of formatFullResult(result)) io.out(line); }
      for (const error of result.errors) io.err(error);
      io.out(
        `Restored ${result.restoredFiles} (${formatSize(result.restoredBytes)}) files to ${
          restorePath ?? "original location"
        }`,
      );
      if (result.unchangedFiles > 0) {
        io.out(`  ${result.unchangedFiles} files already had the right content and were left as they were`);
      }
      if (result.failedFiles.length > 0) io.out(`  ${result.failedFiles.length} files could not be restored`);
      io.out(
        `Duration of restore: ${formatDuration(result.endTime.getTime() - result.beginTime.getTime()).slice(0, 8)}`,
      );
      if (result.errors.length > 0) return EXIT.errors;
      return result.warnings.length > 0 ? EXIT.warnings : EXIT.ok;
    } finally {
      progress.done();
      await session.close();
    }
  } finally {
    basics.close();
  }
}
