/**
 * `backup <storage-URL> <source path>...`: incremental backup, Duplicati's console output and exit codes.
 * @module
 */
import { isAbsolute, resolve } from "node:path";
import { CONFIG_BLOCKSIZE, getConfig } from "../../database/configuration.ts";
import { backup } from "../../operations/backup/backup.ts";
import { checkSources } from "../../operations/backup/enumerate.ts";
import type { BackupResult } from "../../operations/backup/backup_result.ts";
import { listRemote } from "../../operations/common/remote_listing.ts";
import { recreateDatabase } from "../../operations/recreate/recreate.ts";
import { applyRetention } from "../../operations/delete/apply_retention.ts";
import { verifyAfterBackup } from "../../operations/verify/verify_after_backup.ts";
import {
  BACKUP_TEST_PERCENTAGE,
  BACKUP_TEST_SAMPLES,
  FULL_REMOTE_VERIFICATION,
  UPLOAD_VERIFICATION_FILE,
} from "../../options/verify_options.ts";
import { printTestResult } from "./test.ts";
import { DRY_RUN, FULL_RESULT } from "../../options/common_options.ts";
import { ALLOW_MISSING_SOURCE, SYMLINK_POLICY, UPLOAD_UNCHANGED_BACKUPS } from "../../options/backup_options.ts";
import { SKIP_METADATA } from "../../options/restore_options.ts";
import { parseRemoteName } from "../../volumes/remote_name.ts";
import type { ParsedArgs } from "../args.ts";
import type { Command, CommandIo } from "../command.ts";
import { EXIT } from "../exit_codes.ts";
import { openLocalDb } from "../local_database.ts";
import { formatDuration, formatFullResult, formatLocalTime, formatSize } from "../output.ts";
import { resolvePassphrase } from "../passphrase.ts";
import { progressLine } from "../progress_line.ts";
import { autoCompact, compactThresholds, hasRetention, printCompact, retentionInput } from "../retention_args.ts";
import { CommandLineError, openBasics, openContext, targetUrl } from "../session.ts";
import { sourceSelection } from "../source_selection_args.ts";
import { storedSettings } from "../write_session.ts";

export const backupCommand: Command = {
  name: "backup",
  usage: "backup <storage-URL> <source path> [<source path> ...] [<options>]",
  summary: "Backs up the source paths to the destination; only changes since the last backup are stored",
  run: runBackup,
};

async function runBackup(args: ParsedArgs, io: CommandIo): Promise<number> {
  const [, urlText, ...sourceArgs] = args.positionals;
  if (!urlText || sourceArgs.length === 0) {
    throw new CommandLineError("Cannot back up: give the storage URL and at least one source path");
  }
  const basics = openBasics(args, io);
  let local: ReturnType<typeof openLocalDb>;
  let failed = true;
  // Once the backup itself runs, a stop keeps a new database: what was uploaded is recorded there (as after a kill).
  let keepOnStop = false;
  try {
    const url = targetUrl(urlText, io);
    const { options } = basics;
    const sources = sourceArgs.map((s) => isAbsolute(s) ? s : resolve(io.cwd, s));
    checkSources(sources, { allowMissingSource: options.get(ALLOW_MISSING_SOURCE), warn: () => {} });
    local = openLocalDb(basics, url, "create")!;
    const known = getConfig(local.db, CONFIG_BLOCKSIZE) !== undefined;
    const passphrase = await resolvePassphrase(options, io, { confirm: !known });
    const settings = storedSettings(options, { db: local.db, passphrase });
    const progress = progressLine(io);
    const context = await openContext({ url, basics, io, db: local.db, progress: progress.sink });
    const begin = new Date();
    io.out(`Backup started at ${formatLocalTime(begin)}`);
    try {
      if (!known) await adoptExistingBackup(context, { prefix: settings.prefix, passphrase, io });
      keepOnStop = true;
      const result = await backup(context, {
        sources,
        selection: sourceSelection(basics),
        settings,
        allowMissingSource: options.get(ALLOW_MISSING_SOURCE),
        symlinkPolicy: options.get(SYMLINK_POLICY),
        skipMetadata: options.get(SKIP_METADATA),
        uploadUnchanged: options.get(UPLOAD_UNCHANGED_BACKUPS),
        dryRun: options.get(DRY_RUN),
        countTotals: io.isTty || io.progress !== undefined,
      });
      let retentionWarnings = 0;
      if (!result.dryRun && hasRetention(options, false)) {
        const retention = await applyRetention(context, {
          settings,
          retention: retentionInput(options, false),
          reconciled: true,
          compact: autoCompact(options) ? compactThresholds(options, settings) : undefined,
        });
        progress.done();
        for (const d of retention.delete.deleted) io.out(`  Deleted version ${d.version}: ${formatLocalTime(d.time)}`);
        if (retention.compact) printCompact(retention.compact, io);
        retentionWarnings = retention.delete.warnings.length;
      }
      let verifyFailed = false;
      if (!result.dryRun) {
        const after = await verifyAfterBackup(context, {
          prefix: settings.prefix,
          passphrase,
          samples: options.get(BACKUP_TEST_SAMPLES),
          percentage: options.get(BACKUP_TEST_PERCENTAGE),
          fullVerification: options.get(FULL_REMOTE_VERIFICATION),
          uploadVerificationFile: options.get(UPLOAD_VERIFICATION_FILE),
        });
        progress.done();
        if (after.test && after.test.volumes.some((v) => v.errors.length > 0)) {
          io.out("Remote backup verification found errors:");
          printTestResult(after.test, { io, fullResult: options.get(FULL_RESULT) });
          verifyFailed = true;
        }
      }
      progress.done();
      printSummary(result, { io, fullResult: options.get(FULL_RESULT), hadFilters: !basics.filter.empty });
      io.report?.("backup", result);
      if (verifyFailed) return EXIT.errors;
      failed = result.dryRun;
      if (result.warnings.length + retentionWarnings > 0) return EXIT.warnings;
      return result.filesetTime === undefined && !result.dryRun ? EXIT.noChanges : EXIT.ok;
    } finally {
      progress.done();
      await context.closeBackend();
    }
  } finally {
    local?.close(failed && !(keepOnStop && io.signal.aborted));
    basics.close();
  }
}

/** A new local database for a destination that already holds a backup: rebuild it from the remote first. */
async function adoptExistingBackup(
  context: Parameters<typeof recreateDatabase>[0],
  env: { prefix: string; passphrase: string | undefined; io: CommandIo },
): Promise<void> {
  const remote = await listRemote(context, env.prefix);
  if (![...remote.keys()].some((name) => parseRemoteName(name)?.type === "dlist")) return;
  env.io.out("Rebuilding the local database from the existing backup at the destination ...");
  await recreateDatabase(context, { prefix: env.prefix, passphrase: env.passphrase, remote });
}

function printSummary(result: BackupResult, env: { io: CommandIo; fullResult: boolean; hadFilters: boolean }): void {
  const { io } = env;
  if (env.fullResult) {
    for (const line of formatFullResult(result)) io.out(line);
    io.out("");
  }
  const prefix = result.dryRun ? "[Dryrun]: " : "";
  io.out(`  ${prefix}Duration of backup: ${formatDuration(result.endTime.getTime() - result.beginTime.getTime())}`);
  io.out(`  Files examined: ${result.examinedFiles} (${formatSize(result.sizeOfExaminedFiles)})`);
  io.out(`  Files added: ${result.addedFiles}`);
  io.out(`  Files deleted: ${result.deletedFiles}`);
  io.out(`  Files changed: ${result.modifiedFiles}`);
  io.out(`  Data uploaded: ${formatSize(result.uploadedBytes)}`);
  io.out(`  Data downloaded: ${formatSize(0)}`);
  if (env.hadFilters && result.examinedFiles === 0) {
    io.out("  No files were examined: check your filters with the test-filters command");
  }
  if (result.filesetTime === undefined && !result.dryRun) {
    io.out("  No changes were found, so no new version was stored");
  }
  io.out(result.dryRun ? "Dry run completed: nothing was written" : "Backup completed successfully!");
}
