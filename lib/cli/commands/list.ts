/**
 * `list` / `find` (files of a version matching patterns, or the versions when no pattern is given) and
 * `list-filesets`. Work without a local database.
 * @module
 */
import { listFilesetSummaries } from "../../operations/list/list_filesets.ts";
import { listFiles } from "../../operations/list/list_files.ts";
import { parseDateTime } from "../../options/parse_datetime.ts";
import { TIME, VERSION } from "../../options/restore_options.ts";
import type { ParsedArgs } from "../args.ts";
import type { Command, CommandIo } from "../command.ts";
import { EXIT } from "../exit_codes.ts";
import { formatLocalTime, formatSize } from "../output.ts";
import { pathMatcher } from "../path_patterns.ts";
import { progressLine } from "../progress_line.ts";
import { openReadSession } from "../read_session.ts";
import { CommandLineError, openBasics, targetUrl } from "../session.ts";
import { versionSelector } from "./restore.ts";

export const listCommand: Command = {
  name: "list",
  usage: "list <storage-URL> [<filename or pattern> ...] [<options>]",
  summary: "Lists the backup versions, or the files of a version that match the given names or patterns",
  run: (args, io) => runList(args, io, { find: false }),
};

export const findCommand: Command = {
  name: "find",
  usage: "find <storage-URL> [<filename or pattern> ...] [<options>]",
  summary: "Like list, but searches all versions unless --version or --time is given",
  run: (args, io) => runList(args, io, { find: true }),
};

export const listFilesetsCommand: Command = {
  name: "list-filesets",
  usage: "list-filesets <storage-URL> [<options>]",
  summary: "Lists the backup versions with their times, file counts and sizes",
  run: runListFilesets,
};

async function runList(args: ParsedArgs, io: CommandIo, mode: { find: boolean }): Promise<number> {
  const [, urlText, ...rest] = args.positionals;
  if (!urlText) throw new CommandLineError(`Cannot ${mode.find ? "find" : "list"}: give the storage URL`);
  const basics = openBasics(args, io);
  try {
    const url = targetUrl(urlText, io);
    let selector = versionSelector(basics.options);
    let patterns = rest;
    if (!mode.find && rest.length === 1 && !basics.options.isSet(VERSION) && !basics.options.isSet(TIME)) {
      const only = rest[0]!;
      if (/^\d+$/.test(only)) selector = { versions: [Number(only)] }, patterns = [];
      else if (looksLikeTime(only)) selector = { time: parseDateTime(only, new Date()) }, patterns = [];
    }
    const listVersions = patterns.length === 0 && basics.filter.empty &&
      (selector.versions === undefined && selector.time === undefined);
    if (mode.find && !basics.options.isSet(VERSION) && !basics.options.isSet(TIME)) selector = { all: true };
    const progress = progressLine(io);
    const session = await openReadSession({
      basics,
      url,
      io,
      progress,
      selector: listVersions ? { all: true } : selector,
      needBlocks: false,
    });
    try {
      progress.done();
      if (listVersions) {
        printFilesets(session.local.db, io, false);
        return EXIT.ok;
      }
      const match = pathMatcher(patterns, basics.filter, { forRestore: false });
      let versions = listFiles(session.local.db, { selector: session.selector, match });
      if (!mode.find && versions.every((v) => v.entries.length === 0) && !session.selector.all) {
        io.out("No files matching, looking in all versions");
        versions = listFiles(session.local.db, { selector: { all: true }, match });
      }
      printVersions(versions, io);
      return EXIT.ok;
    } finally {
      await session.close();
    }
  } finally {
    basics.close();
  }
}

function looksLikeTime(text: string): boolean {
  return /^\d{8}T\d{6}Z$/.test(text) || /^\d{4}-\d{2}-\d{2}/.test(text) || text === "now";
}

function printVersions(versions: ReturnType<typeof listFiles>, io: CommandIo): void {
  if (versions.length === 1) {
    const [only] = versions;
    io.out(`Listing contents ${only!.version} (${formatLocalTime(only!.time)}):`);
    for (const entry of only!.entries) {
      io.out(entry.type === "File" ? `${entry.path} (${formatSize(entry.size)})` : entry.path);
    }
    if (only!.entries.length === 0) io.out("No files matched");
    return;
  }
  io.out("Listing files and versions:");
  const byPath = new Map<string, Map<number, { time: Date; size: number | undefined }>>();
  for (const v of versions) {
    for (const e of v.entries) {
      let seen = byPath.get(e.path);
      if (!seen) byPath.set(e.path, seen = new Map());
      seen.set(v.version, { time: v.time, size: e.type === "File" ? e.size : undefined });
    }
  }
  for (const [path, seen] of [...byPath].sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0)) {
    io.out(path);
    for (const v of versions) {
      const hit = seen.get(v.version);
      io.out(
        `${v.version}\t: ${formatLocalTime(v.time)} ${
          hit ? (hit.size === undefined ? "" : formatSize(hit.size)) : " - "
        }`,
      );
    }
  }
  if (byPath.size === 0) io.out("No files matched");
}

function printFilesets(db: Parameters<typeof listFilesetSummaries>[0], io: CommandIo, markPartial: boolean): void {
  io.out("Listing filesets:");
  for (const f of listFilesetSummaries(db)) {
    io.out(
      `${f.version}\t: ${formatLocalTime(f.time)} (${f.fileCount} files, ${formatSize(f.fileSize)})${
        markPartial && !f.isFull ? ", partial" : ""
      }`,
    );
  }
}

async function runListFilesets(args: ParsedArgs, io: CommandIo): Promise<number> {
  const [, urlText] = args.positionals;
  if (!urlText) throw new CommandLineError("Cannot list filesets: give the storage URL");
  const basics = openBasics(args, io);
  try {
    if (basics.options.isSet(VERSION) || basics.options.isSet(TIME)) {
      throw new CommandLineError("Cannot use --version or --time with list-filesets: it lists every version");
    }
    const url = targetUrl(urlText, io);
    const progress = progressLine(io);
    const session = await openReadSession({ basics, url, io, progress, selector: { all: true }, needBlocks: false });
    try {
      progress.done();
      printFilesets(session.local.db, io, true);
      return EXIT.ok;
    } finally {
      await session.close();
    }
  } finally {
    basics.close();
  }
}
