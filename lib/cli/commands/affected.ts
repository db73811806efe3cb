/**
 * `affected <storage-URL> <remote volume> ...`: which versions and paths depend on the named remote volumes
 * (from the local database, which it needs). Per volume: a summary line, then each version with its time, the
 * number of paths and at most 10 of them unless --full-result, then any log messages naming the volume.
 * @module
 */
import { UserInputError } from "../../core/errors.ts";
import { type AffectedVolume, listAffected } from "../../operations/query/affected_volumes.ts";
import { FULL_RESULT } from "../../options/common_options.ts";
import type { ParsedArgs } from "../args.ts";
import type { Command, CommandIo } from "../command.ts";
import { EXIT } from "../exit_codes.ts";
import { openLocalDb } from "../local_database.ts";
import { formatLocalTime, formatSize } from "../output.ts";
import { CommandLineError, openBasics, targetUrl } from "../session.ts";

/** Paths (and log messages) shown per version unless --full-result. */
const SHOWN = 10;

/** `affected`: what depends on given remote volumes. */
export const affectedCommand: Command = {
  name: "affected",
  usage: "affected <storage-URL> <remote filename> [<remote filename> ...] [<options>]",
  summary: "Shows the versions and files that depend on the given remote volumes (a dindex through its dblocks, " +
    "a dlist: its version); needs the local database. At most 10 paths per version unless --full-result",
  run: runAffected,
};

function runAffected(args: ParsedArgs, io: CommandIo): Promise<number> {
  const [, urlText, ...names] = args.positionals;
  if (!urlText || names.length === 0) {
    throw new CommandLineError("Cannot list affected files: give the storage URL and at least one remote filename");
  }
  const basics = openBasics(args, io);
  try {
    const url = targetUrl(urlText, io);
    const local = openLocalDb(basics, url, "existing");
    if (!local) {
      throw new UserInputError(
        "Cannot list affected files: there is no local database for this backup (give its path with --dbpath)",
      );
    }
    try {
      const full = basics.options.get(FULL_RESULT);
      for (const volume of listAffected(local.db, names)) for (const line of formatAffected(volume, full)) io.out(line);
      return Promise.resolve(EXIT.ok);
    } finally {
      local.close(false);
    }
  } finally {
    basics.close();
  }
}

/** The lines printed for one volume. */
export function formatAffected(volume: AffectedVolume, full: boolean): string[] {
  const kind = volume.type === "dindex" && volume.dblocks.length > 0
    ? `dindex of ${volume.dblocks.join(", ")}`
    : volume.type;
  const size = volume.size >= 0 ? `, ${formatSize(volume.size)}` : "";
  const n = volume.versions.length;
  const summary = n === 0
    ? "no version depends on it"
    : `${n} version${n === 1 ? "" : "s"}, ${volume.pathCount} path${volume.pathCount === 1 ? "" : "s"}`;
  const lines = [`${volume.name} (${kind}${size}): ${summary}`];
  for (const version of volume.versions) {
    const count = version.paths.length;
    lines.push(
      `  Version ${version.version} (${formatLocalTime(version.time)}): ${count} path${count === 1 ? "" : "s"}`,
    );
    lines.push(...capped(version.paths.map((p) => `    ${p}`), full, "paths"));
  }
  if (volume.logMessages.length > 0) {
    lines.push(`  Related log messages: ${volume.logMessages.length}`);
    lines.push(
      ...capped(volume.logMessages.map((m) => `    ${formatLocalTime(m.time)}: ${m.message}`), full, "messages"),
    );
  }
  lines.push("");
  return lines;
}

function capped(lines: readonly string[], full: boolean, what: string): string[] {
  if (full || lines.length <= SHOWN) return [...lines];
  return [...lines.slice(0, SHOWN), `    ... and ${lines.length - SHOWN} more (use --full-result to see all ${what})`];
}
