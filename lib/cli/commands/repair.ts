/**
 * `repair <storage-URL>`: without a local database (or with an empty one) rebuilds it from the destination; with
 * one, makes the destination whole again from it. A database older than the destination (it lacks newer versions)
 * is set aside, never trusted to "fix" the destination, and a new one is rebuilt in its place.
 * @module
 */
import { CONFIG_BLOCKSIZE, getConfig } from "../../database/configuration.ts";
import { listRemote } from "../../operations/common/remote_listing.ts";
import { rebuildDatabase, repairFromDatabase, type RepairResult } from "../../operations/repair/repair.ts";
import { DRY_RUN, PREFIX } from "../../options/common_options.ts";
import type { ParsedArgs } from "../args.ts";
import type { Command, CommandIo } from "../command.ts";
import { EXIT } from "../exit_codes.ts";
import { type LocalDb, openFreshDb, openLocalDb } from "../local_database.ts";
import { passphraseForListing } from "../passphrase.ts";
import { progressLine } from "../progress_line.ts";
import { CommandLineError, openBasics, openContext, targetUrl, volumeSettings } from "../session.ts";
import { openWriteSession } from "../write_session.ts";

export const repairCommand: Command = {
  name: "repair",
  usage: "repair <storage-URL> [<options>]",
  summary: "Rebuilds the local database from the destination, or re-uploads missing index and list files",
  run: runRepair,
};

async function runRepair(args: ParsedArgs, io: CommandIo): Promise<number> {
  const [, urlText] = args.positionals;
  if (!urlText) throw new CommandLineError("Cannot repair: give the storage URL");
  const probe = openBasics(args, io);
  let hasDatabase: boolean;
  try {
    const existing = openLocalDb(probe, targetUrl(urlText, io), "existing");
    hasDatabase = existing !== undefined && getConfig(existing.db, CONFIG_BLOCKSIZE) !== undefined;
    existing?.close(false);
  } finally {
    probe.close();
  }
  if (!hasDatabase) return await rebuild(args, io, urlText);
  const session = await openWriteSession(args, { io, urlText, action: "repair" });
  let outdated = false;
  try {
    const dryRun = session.basics.options.get(DRY_RUN);
    const result = await repairFromDatabase(session.context, { settings: session.settings, dryRun });
    session.progress.done();
    if (!result.outdated) return report(result, io, dryRun);
    outdated = true;
  } finally {
    await session.close();
  }
  if (outdated) return await rebuild(args, io, urlText, { setAside: true });
  return EXIT.ok;
}

async function rebuild(
  args: ParsedArgs,
  io: CommandIo,
  urlText: string,
  options: { setAside?: boolean } = {},
): Promise<number> {
  const basics = openBasics(args, io);
  let local: LocalDb | undefined;
  let failed = true;
  try {
    const url = targetUrl(urlText, io);
    if (basics.options.get(DRY_RUN)) {
      io.out("[Dryrun]: Would rebuild the local database from the destination");
      return EXIT.ok;
    }
    local = openLocalDb(basics, url, "create")!;
    if (options.setAside) local = setAside(local, io);
    const progress = progressLine(io);
    const context = await openContext({ url, basics, io, db: local.db, progress: progress.sink });
    try {
      const remote = await listRemote(context, basics.options.get(PREFIX), { createFolder: false });
      const passphrase = await passphraseForListing(remote, { options: basics.options, io });
      io.out("Rebuilding the local database from the destination ...");
      const result = await rebuildDatabase(context, { settings: volumeSettings(basics.options, passphrase), remote });
      progress.done();
      failed = false;
      return report(result, io);
    } finally {
      progress.done();
      await context.closeBackend();
    }
  } finally {
    local?.close(failed);
    basics.close();
  }
}

/** Renames an outdated database aside and opens a fresh one at its path. */
function setAside(local: LocalDb, io: CommandIo): LocalDb {
  local.close(false);
  const aside = `${local.path}.outdated-${new Date().toISOString().replace(/[:.]/g, "-")}`;
  Deno.renameSync(local.path, aside);
  io.out(`The local database lacks versions the destination has; it was kept as "${aside}" and is rebuilt`);
  return openFreshDb(local.path);
}

function report(result: RepairResult, io: CommandIo, dryRun = false): number {
  if (result.rebuilt) io.out(`Rebuilt the local database: ${result.versions} version(s)`);
  if (result.finished > 0) io.out(`  Finished ${result.finished} interrupted upload(s)`);
  if (result.rewritten > 0) {
    io.out(
      dryRun
        ? `[Dryrun]: Would upload ${result.rewritten} missing or damaged index/list file(s) again`
        : `  Uploaded ${result.rewritten} missing or damaged index/list file(s) again`,
    );
  }
  if (result.deletedRemoteFiles > 0) io.out(`  Deleted ${result.deletedRemoteFiles} leftover remote file(s)`);
  for (const name of result.unknownFiles) io.out(`  Left in place a remote file the database does not know: ${name}`);
  if (result.missingBlockVolumes.length > 0) {
    io.out(
      `  ${result.missingBlockVolumes.length} remote volume(s) are missing or damaged: ` +
        result.missingBlockVolumes.join(", "),
    );
    io.out(`  Run "list-broken-files" to see the affected files and "purge-broken-files" to remove them`);
    return EXIT.warnings;
  }
  if (!result.rebuilt && result.finished + result.rewritten + result.deletedRemoteFiles === 0) {
    io.out("Nothing to repair: the destination and the local database agree");
  }
  return result.warnings.length > 0 || result.unknownFiles.length > 0 ? EXIT.warnings : EXIT.ok;
}
