/**
 * `purge <storage-URL> [<paths>]` (remove files from versions, then compact), `list-broken-files <storage-URL>`
 * (files that need a missing or damaged dblock) and `purge-broken-files <storage-URL>` (remove them and forget
 * those dblocks). All need the local database.
 * @module
 */
import { Filter } from "../../filters/filter.ts";
import { type BrokenVersion, listBrokenFiles } from "../../operations/purge/broken_files.ts";
import { purgeBrokenFiles } from "../../operations/purge/purge_broken_files.ts";
import { purgeFiles } from "../../operations/purge/purge_files.ts";
import { DRY_RUN, FULL_RESULT } from "../../options/common_options.ts";
import type { ParsedArgs } from "../args.ts";
import type { Command, CommandIo } from "../command.ts";
import { EXIT } from "../exit_codes.ts";
import { formatLocalTime, formatSize } from "../output.ts";
import { pathMatcher } from "../path_patterns.ts";
import { autoCompact, compactThresholds, printCompact } from "../retention_args.ts";
import { CommandLineError } from "../session.ts";
import { openWriteSession } from "../write_session.ts";
import { versionSelector } from "./restore.ts";

/** Broken paths shown per version unless --full-result. */
const SHOWN = 5;

export const purgeCommand: Command = {
  name: "purge",
  usage: "purge <storage-URL> <filename or pattern> [...] | --include/--exclude=<filter> [--version=<list>] " +
    "[--time=<time>] [--dry-run] [--no-auto-compact] [<options>]",
  summary: "Removes matching files from every version (or those --version/--time select) by writing new file " +
    "lists, then compacts unless --no-auto-compact; --dry-run shows what would go",
  run: runPurge,
};

export const listBrokenFilesCommand: Command = {
  name: "list-broken-files",
  usage: "list-broken-files <storage-URL> [--full-result] [<options>]",
  summary: `Lists the files that can no longer be restored because a remote volume is missing or damaged ` +
    `(${SHOWN} per version unless --full-result)`,
  run: runListBrokenFiles,
};

export const purgeBrokenFilesCommand: Command = {
  name: "purge-broken-files",
  usage: "purge-broken-files <storage-URL> [--dry-run] [<options>]",
  summary: "Removes the files list-broken-files names from every version and forgets the missing or damaged " +
    "remote volumes, so the next backup stores those files again",
  run: runPurgeBrokenFiles,
};

const NOTHING_BROKEN = "No broken filesets found";

function entryLine(entry: { path: string; type: string; size: number }): string {
  return entry.type === "File" ? `\t${entry.path} (${formatSize(entry.size)})` : `\t${entry.path}`;
}

async function runPurge(args: ParsedArgs, io: CommandIo): Promise<number> {
  const [, urlText, ...patterns] = args.positionals;
  if (!urlText) throw new CommandLineError("Cannot purge: give the storage URL");
  const session = await openWriteSession(args, { io, urlText, action: "purge files" });
  try {
    const { options, filter } = session.basics;
    if (patterns.length > 0 && !filter.empty) {
      throw new CommandLineError("Cannot purge: give either paths or --include/--exclude filters, not both");
    }
    if (patterns.length === 0 && filter.empty) {
      throw new CommandLineError("Cannot purge: say which files with paths or with --include/--exclude filters");
    }
    const dryRun = options.get(DRY_RUN);
    const result = await purgeFiles(session.context, {
      settings: session.settings,
      match: patterns.length > 0
        ? pathMatcher(patterns, Filter.none(), { forRestore: false })
        : (p) => filter.matches(p),
      selector: versionSelector(options),
      dryRun,
      compact: autoCompact(options) ? compactThresholds(options, session.settings) : undefined,
    });
    session.progress.done();
    if (result.versions.length === 0) io.out("No files matched, nothing was purged");
    for (const v of result.versions) {
      const what = `${v.entries.length} file(s) (${formatSize(v.bytes)}) from version ${v.version} (${
        formatLocalTime(v.time)
      })`;
      if (!dryRun) {
        io.out(`Purged ${what}`);
        continue;
      }
      io.out(`[Dryrun]: Would purge ${what}:`);
      for (const entry of v.entries) io.out(entryLine(entry));
    }
    if (result.compact) printCompact(result.compact, io);
    return result.warnings.length > 0 ? EXIT.warnings : EXIT.ok;
  } finally {
    await session.close();
  }
}

function printBroken(versions: readonly BrokenVersion[], io: CommandIo, full: boolean): void {
  for (const v of versions) {
    io.out(`${v.version}\t: ${formatLocalTime(v.time)}\t(${v.entries.length} match(es))`);
    const shown = full ? v.entries : v.entries.slice(0, SHOWN);
    for (const entry of shown) io.out(entryLine(entry));
    const more = v.entries.length - shown.length;
    if (more > 0) io.out(`\t... and ${more} more (use --full-result to see all)`);
  }
}

async function runListBrokenFiles(args: ParsedArgs, io: CommandIo): Promise<number> {
  const [, urlText, ...rest] = args.positionals;
  if (!urlText) throw new CommandLineError("Cannot list broken files: give the storage URL");
  if (rest.length > 0) throw new CommandLineError("Cannot list broken files: it takes only the storage URL");
  const session = await openWriteSession(args, { io, urlText, action: "list broken files" });
  try {
    const report = await listBrokenFiles(session.context, { settings: session.settings });
    session.progress.done();
    if (report.versions.length === 0) io.out(NOTHING_BROKEN);
    printBroken(report.versions, io, session.basics.options.get(FULL_RESULT));
    return EXIT.ok;
  } finally {
    await session.close();
  }
}

async function runPurgeBrokenFiles(args: ParsedArgs, io: CommandIo): Promise<number> {
  const [, urlText, ...rest] = args.positionals;
  if (!urlText) throw new CommandLineError("Cannot purge broken files: give the storage URL");
  if (rest.length > 0) throw new CommandLineError("Cannot purge broken files: it takes only the storage URL");
  const session = await openWriteSession(args, { io, urlText, action: "purge broken files" });
  try {
    const dryRun = session.basics.options.get(DRY_RUN);
    const result = await purgeBrokenFiles(session.context, { settings: session.settings, dryRun });
    session.progress.done();
    if (result.versions.length === 0 && result.volumes.length === 0) {
      io.out(NOTHING_BROKEN);
      return EXIT.ok;
    }
    const prefix = dryRun ? "[Dryrun]: Would " : "";
    for (const v of result.versions) {
      const time = formatLocalTime(v.time);
      const bytes = v.entries.reduce((n, e) => n + e.size, 0);
      if (v.action === "version") {
        io.out(`${dryRun ? `${prefix}delete` : "Deleted"} version ${v.version} (${time}): every file in it is broken`);
      } else {
        io.out(
          `${dryRun ? `${prefix}purge` : "Purged"} ${v.entries.length} broken file(s) (${formatSize(bytes)}) ` +
            `from version ${v.version} (${time})`,
        );
      }
      if (dryRun) { for (const entry of v.entries) io.out(entryLine(entry)); }
    }
    io.out(`${dryRun ? `${prefix}forget` : "Forgot"} ${result.volumes.length} broken remote volume(s):`);
    for (const name of result.volumes) io.out(`\t${name}`);
    if (!dryRun) io.out(`Deleted ${result.deletedRemoteFiles} remote file(s)`);
    return EXIT.ok;
  } finally {
    await session.close();
  }
}
