/**
 * repair: with a database, make the destination whole again from it (reconcile.ts: unfinished volumes, missing or
 * damaged dindex and dlist files); without one, rebuild the database from the destination's dlist and dindex files
 * (recreate), then do the same. Repair never deletes a remote file the database does not prove is garbage it
 * wrote: unknown files are only reported, and a destination with versions the database does not know makes the
 * caller rebuild the database instead of "fixing" the destination.
 * @module
 */
import { type Db, transaction } from "../../database/connection.ts";
import { listFilesets } from "../../database/filesets.ts";
import { deleteVolumeRow, indexesOf, listVolumes } from "../../database/remote_volumes.ts";
import { deleteUnusedBlocks, volumeUsage } from "../../database/usage.ts";
import { rememberPassphrase } from "../backup/backup_parameters.ts";
import type { OperationContext, VolumeSettings } from "../context.ts";
import { reconcileRemote, type ReconcileReport } from "../common/reconcile.ts";
import { recreateDatabase } from "../recreate/recreate.ts";

export interface RepairResult {
  /** True when the database was rebuilt from the destination. */
  readonly rebuilt: boolean;
  /** The destination holds versions this database does not know: rebuild it instead (nothing was changed). */
  readonly outdated: boolean;
  readonly versions: number;
  /** Volumes written again (dindex, dlist) or finished. */
  readonly rewritten: number;
  readonly finished: number;
  readonly deletedRemoteFiles: number;
  /** dblocks missing or damaged at the destination: their files need purge-broken-files. */
  readonly missingBlockVolumes: readonly string[];
  readonly unknownFiles: readonly string[];
  readonly warnings: readonly string[];
}

/** Repairs the destination from an existing database. */
export async function repairFromDatabase(
  context: OperationContext,
  input: { settings: VolumeSettings; dryRun?: boolean },
): Promise<RepairResult> {
  context.progress({ type: "phase", phase: "Repair_Begin" });
  const report = await reconcileRemote(context, { settings: input.settings, dryRun: input.dryRun ?? false });
  context.progress({ type: "phase", phase: "Repair_Complete" });
  return summarize(context, report, { rebuilt: false, warnings: [] });
}

/** Rebuilds an empty database from the destination, then repairs what the database shows missing. */
export async function rebuildDatabase(
  context: OperationContext,
  input: { settings: VolumeSettings },
): Promise<RepairResult> {
  context.progress({ type: "phase", phase: "Repair_RecreateDatabase" });
  const recreated = await recreateDatabase(context, {
    prefix: input.settings.prefix,
    passphrase: input.settings.passphrase,
  });
  rememberPassphrase(context.db, input.settings.passphrase);
  transaction(context.db, () => forgetUnprovenBlockVolumes(context.db));
  const settings = { ...input.settings, ...recreated.parameters };
  const report = await reconcileRemote(context, { settings });
  context.progress({ type: "phase", phase: "Repair_Complete" });
  return summarize(context, report, { rebuilt: true, warnings: recreated.warnings });
}

/**
 * Forgets dblocks that recreate found at the destination without any index file describing them and that hold no
 * block any version uses (a copy under another name looks like that: its blocks are recorded in the volume they
 * were copied from, or nothing needs them). Nothing proves this backup wrote them, so they must not become garbage
 * that reconcile or compact deletes: forgotten, they are reported as unknown files and left in place.
 */
function forgetUnprovenBlockVolumes(db: Db): void {
  const usage = volumeUsage(db);
  for (const volume of listVolumes(db, { type: "dblock" })) {
    if (indexesOf(db, volume.id).length > 0 || (usage.get(volume.id)?.usedBlocks ?? 0) > 0) continue;
    deleteUnusedBlocks(db, volume.id);
    deleteVolumeRow(db, volume.id);
  }
}

function summarize(
  context: OperationContext,
  report: ReconcileReport,
  extra: { rebuilt: boolean; warnings: readonly string[] },
): RepairResult {
  return {
    rebuilt: extra.rebuilt,
    outdated: report.newerDlists.length > 0,
    versions: listFilesets(context.db).length,
    rewritten: report.recovery.rewritten,
    finished: report.recovery.finished,
    deletedRemoteFiles: report.swept.files,
    missingBlockVolumes: report.missingBlockVolumes.map((v) => v.name),
    unknownFiles: report.unknown,
    warnings: extra.warnings,
  };
}
