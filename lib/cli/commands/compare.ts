/**
 * `compare <storage-URL> [<base version>] [<compare-to version>]`: the changes between two versions, printed as
 * Duplicati prints them (surface spec §1.3). Works with the local database or from the remote alone.
 * @module
 */
import {
  type ChangeKind,
  compareVersions,
  type EntryChange,
  type VersionChanges,
} from "../../operations/query/compare_versions.ts";
import type { VersionRef } from "../../operations/query/pick_compared_versions.ts";
import { FULL_RESULT } from "../../options/common_options.ts";
import { parseDateTime } from "../../options/parse_datetime.ts";
import { isTimespan } from "../../options/parse_timespan.ts";
import type { ParsedArgs } from "../args.ts";
import type { Command, CommandIo } from "../command.ts";
import { EXIT } from "../exit_codes.ts";
import { formatLocalTime, formatSize } from "../output.ts";
import { progressLine } from "../progress_line.ts";
import { openReadSession } from "../read_session.ts";
import { commandLine, CommandLineError, openBasics, targetUrl } from "../session.ts";

/** Entries printed per change kind unless --full-result. */
const SHOWN = 10;

/** `compare`: changes between two versions. */
export const compareCommand: Command = {
  name: "compare",
  usage: "compare <storage-URL> [<base version>] [<compare-to version>] [<options>]",
  summary: "Lists the changes between two versions, each given as index (0 = newest) or time (the nearest version; " +
    "7D = a week ago); default: the two newest, one version: that one against the newest. At most 10 entries of " +
    "each kind unless --full-result",
  run: runCompare,
};

async function runCompare(args: ParsedArgs, io: CommandIo): Promise<number> {
  const [, urlText, ...versions] = args.positionals;
  if (!urlText) throw new CommandLineError("Cannot compare versions: give the storage URL");
  if (versions.length > 2) {
    throw new CommandLineError(`Cannot compare versions: give at most two versions, not ${versions.length}`);
  }
  const now = new Date();
  const [base, compareTo] = versions.map((text) => versionRef(text, now));
  const basics = openBasics(args, io);
  try {
    const url = targetUrl(urlText, io);
    const progress = progressLine(io);
    const session = await openReadSession({ basics, url, io, progress, selector: { all: true }, needBlocks: false });
    try {
      progress.done();
      const result = compareVersions(session.local.db, {
        ...(base ? { base } : {}),
        ...(compareTo ? { compareTo } : {}),
        match: (path) => basics.filter.matches(path),
      });
      for (const line of formatChanges(result, { full: basics.options.get(FULL_RESULT) })) io.out(line);
      return EXIT.ok;
    } finally {
      await session.close();
    }
  } finally {
    basics.close();
  }
}

/**
 * A version argument: digits are an index, anything else a time (parseDateTime). A relative time such as `7D`
 * means that long ago, as in Duplicati's compare.
 */
function versionRef(text: string, now: Date): VersionRef {
  if (/^\d+$/.test(text)) return { index: Number(text) };
  const back = isTimespan(text.trim()) && !text.trim().startsWith("-") ? `-${text.trim()}` : text;
  return { time: commandLine(() => parseDateTime(back, now)) };
}

const HEADINGS: Record<ChangeKind, [string, string]> = {
  Added: ["added", "+"],
  Modified: ["modified", "~"],
  Deleted: ["deleted", "-"],
};

/** The lines `compare` prints. */
export function formatChanges(result: VersionChanges, options: { full: boolean }): string[] {
  const { base, compareTo } = result;
  const lines = [
    "Listing changes",
    `  ${base.version}: ${formatLocalTime(base.time)}`,
    `  ${compareTo.version}: ${formatLocalTime(compareTo.time)}`,
    "",
    `Size of backup ${base.version}: ${formatSize(base.size)}`,
    "",
  ];
  for (const kind of ["Added", "Modified", "Deleted"] as const) {
    const changes = result.changes.filter((c) => c.kind === kind);
    if (changes.length > 0) lines.push(...changeBlock(kind, changes, options.full), "");
  }
  const counts: [string, number][] = [];
  for (const kind of ["Added", "Deleted", "Modified"] as const) {
    const c = result.counts[kind];
    counts.push([`${kind} folders:`, c.Folder], [`${kind} symlinks:`, c.Symlink], [`${kind} files:`, c.File]);
  }
  const shown = counts.filter(([, n]) => n > 0);
  for (const [label, n] of shown) lines.push(`  ${label.padEnd(18)} ${n}`);
  if (shown.length === 0) lines.push("  No changes found");
  if (result.addedSize > 0) lines.push(`  Size of added files:   ${formatSize(result.addedSize)}`);
  if (result.deletedSize > 0) lines.push(`  Size of deleted files: ${formatSize(result.deletedSize)}`);
  lines.push(`Size of backup ${compareTo.version}: ${formatSize(compareTo.size)}`);
  return lines;
}

function changeBlock(kind: ChangeKind, changes: readonly EntryChange[], full: boolean): string[] {
  const [word, mark] = HEADINGS[kind];
  const lines = [`  ${changes.length} ${word} entries:`];
  const shown = full ? changes : changes.slice(0, SHOWN);
  for (const change of shown) lines.push(`  ${mark} ${change.path}`);
  if (shown.length < changes.length) {
    lines.push(`  ... and ${changes.length - shown.length} more (use --full-result to see all)`);
  }
  return lines;
}
