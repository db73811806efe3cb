/**
 * `list-folder-contents`, `list-file-versions` and `search`: browse what the versions hold. They work with the
 * local database or from the remote alone, and print as Duplicati does (`<path>: (<size>)`, `(directory)`,
 * `(symlink)`; histories as `  [<version>] <time>: ...`).
 * @module
 */
import { listFileVersions } from "../../operations/query/file_versions.ts";
import { type FolderEntry, listFolderContents } from "../../operations/query/folder_contents.ts";
import type { PathHistory, PathVersion } from "../../operations/query/path_history.ts";
import { searchEntries } from "../../operations/query/search_entries.ts";
import type { VersionSelector } from "../../operations/common/select_version.ts";
import { FULL_RESULT } from "../../options/common_options.ts";
import { ALL_VERSIONS, TIME, VERSION } from "../../options/restore_options.ts";
import type { Options } from "../../options/option_spec.ts";
import type { ParsedArgs } from "../args.ts";
import type { Command, CommandIo } from "../command.ts";
import { EXIT } from "../exit_codes.ts";
import { formatLocalTime, formatSize } from "../output.ts";
import { progressLine } from "../progress_line.ts";
import { openReadSession, type ReadSession } from "../read_session.ts";
import { type CliBasics, CommandLineError, openBasics, targetUrl } from "../session.ts";

/** Paths printed by list-file-versions (without paths) and search unless --full-result. */
export const HISTORY_LIMIT = 100;

/** `list-folder-contents` (`list-folder-content`): the children of folders in one version. */
export const listFolderContentsCommand: Command = {
  name: "list-folder-contents",
  aliases: ["list-folder-content"],
  usage: "list-folder-contents <storage-URL> [<folder> ...] [<options>]",
  summary: "Lists the entries directly inside the given folders (without folders: the backed-up roots) in one " +
    "version, the newest unless --version or --time is given",
  run: runListFolderContents,
};

/** `list-file-versions`: the versions holding given paths. */
export const listFileVersionsCommand: Command = {
  name: "list-file-versions",
  usage: "list-file-versions <storage-URL> [<path> ...] [<options>]",
  summary: "Lists every version holding each given path (exact, case-sensitive) with its time and size; " +
    `without paths every path, the first ${HISTORY_LIMIT} unless --full-result`,
  run: runListFileVersions,
};

/** `search` (`search-files`, `search-entries`): filtered paths across versions. */
export const searchCommand: Command = {
  name: "search",
  aliases: ["search-files", "search-entries"],
  usage: "search <storage-URL> [<folder> ...] [--include=<filter>] [--exclude=<filter>] [<options>]",
  summary: "Finds the paths that pass the --include/--exclude filters (below the given folders, if any) in all " +
    `versions, or those --version/--time select; the first ${HISTORY_LIMIT} paths unless --full-result`,
  run: runSearch,
};

/** Opens a read session over every version and runs `body` with it. */
async function withSession(
  args: ParsedArgs,
  io: CommandIo,
  body: (session: ReadSession, basics: CliBasics) => number,
  validate: (basics: CliBasics) => void = () => {},
): Promise<number> {
  const [, urlText] = args.positionals;
  if (!urlText) throw new CommandLineError(`Cannot run ${args.positionals[0]}: give the storage URL`);
  const basics = openBasics(args, io);
  try {
    validate(basics);
    const url = targetUrl(urlText, io);
    const progress = progressLine(io);
    const session = await openReadSession({ basics, url, io, progress, selector: { all: true }, needBlocks: false });
    try {
      progress.done();
      return body(session, basics);
    } finally {
      await session.close();
    }
  } finally {
    basics.close();
  }
}

function runListFolderContents(args: ParsedArgs, io: CommandIo): Promise<number> {
  if (args.options.has("all-versions")) {
    throw new CommandLineError("Cannot use --all-versions with list-folder-contents: it lists one version");
  }
  const validate = ({ options }: CliBasics) => {
    if ((options.get(VERSION)?.length ?? 0) > 1) {
      throw new CommandLineError("Cannot list folder contents of several versions: give one --version");
    }
  };
  return withSession(args, io, (session, { options }) => {
    const listing = listFolderContents(session.local.db, {
      selector: selectedVersions(options) ?? {},
      folders: args.positionals.slice(2),
    });
    io.out(`Folder contents of version ${listing.version} (${formatLocalTime(listing.time)}):`);
    for (const group of listing.groups) {
      if (!group.found) io.out(`No folder ${group.folder} in version ${listing.version}`);
      for (const entry of group.entries) io.out(`${entry.path}: ${describe(entry)}`);
    }
    return EXIT.ok;
  }, validate);
}

function runListFileVersions(args: ParsedArgs, io: CommandIo): Promise<number> {
  return withSession(args, io, (session, { options }) => {
    const paths = args.positionals.slice(2);
    const histories = listFileVersions(session.local.db, {
      selector: selectedVersions(options) ?? { all: true },
      paths,
    });
    printHistories(histories, io, { limit: paths.length > 0 || options.get(FULL_RESULT) ? Infinity : HISTORY_LIMIT });
    return EXIT.ok;
  });
}

function runSearch(args: ParsedArgs, io: CommandIo): Promise<number> {
  return withSession(args, io, (session, basics) => {
    const { options } = basics;
    const histories = searchEntries(session.local.db, {
      selector: selectedVersions(options) ?? { all: true },
      folders: args.positionals.slice(2),
      match: (path) => basics.filter.matches(path),
    });
    printHistories(histories, io, { limit: options.get(FULL_RESULT) ? Infinity : HISTORY_LIMIT });
    if (histories.length === 0) io.out("No entries matched");
    return EXIT.ok;
  });
}

/** The versions --version/--time/--all-versions pick, or undefined when none of them is given. */
function selectedVersions(options: Options): VersionSelector | undefined {
  if (options.get(ALL_VERSIONS)) return { all: true };
  const versions = options.get(VERSION);
  if (versions && versions.length > 0) return { versions };
  const time = options.get(TIME);
  return time ? { time } : undefined;
}

function printHistories(histories: readonly PathHistory[], io: CommandIo, options: { limit: number }): void {
  io.out("File versions:");
  for (const history of histories.slice(0, options.limit)) {
    io.out(`${history.path}:`);
    if (history.versions.length === 0) io.out("  (in no version)");
    for (const v of history.versions) io.out(`  [${v.version}] ${formatLocalTime(v.time)}: ${describe(v)}`);
  }
  if (histories.length > options.limit) {
    io.out(`... and ${histories.length - options.limit} more paths (use --full-result to see all)`);
  }
}

function describe(entry: FolderEntry | PathVersion): string {
  if (entry.type === "Folder") return "(directory)";
  if (entry.type === "Symlink") return "(symlink)";
  return `(${formatSize(entry.size)})`;
}
