/**
 * repair: with a database, make the destination whole again from it (reconcile.ts: unfinished volumes, missing or
 * damaged dindex and dlist files); without one, rebuild the database from the destination's dlist and dindex files
 * (recreate), then do the same. Repair never deletes a remote file the database does not prove is garbage it
 * wrote: unknown files are only reported, and a destination with versions the database does not know makes the
 * caller rebuild the database instead of "fixing" the destination.
 * @module
 */
import type { RemoteEntry } from "../../backends/backend.ts";
import type { Db } from "../../database/connection.ts";
import { listFilesets } from "../../database/filesets.ts";
import { getVolume, indexesOf, listVolumes, type VolumeRow } from "../../database/remote_volumes.ts";
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
  /** Index and list files written again (in a dry run: that would be written again). */
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
  const dryRun = input.dryRun ?? false;
  const report = await reconcileRemote(context, { settings: input.settings, dryRun });
  context.progress({ type: "phase", phase: "Repair_Complete" });
  const result = summarize(context, report, { rebuilt: false, warnings: [] });
  // A dry run recovers nothing, so count what recovery would write instead of reporting nothing to do.
  return dryRun ? { ...result, rewritten: pendingRewrites(context.db, report.remote) } : result;
}

/** Rebuilds an empty database from the destination, then repairs what the database shows missing. */
export async function rebuildDatabase(
  context: OperationContext,
  input: { settings: VolumeSettings; remote?: ReadonlyMap<string, RemoteEntry> },
): Promise<RepairResult> {
  context.progress({ type: "phase", phase: "Repair_RecreateDatabase" });
  const recreated = await recreateDatabase(context, {
    prefix: input.settings.prefix,
    passphrase: input.settings.passphrase,
    ...(input.remote ? { remote: input.remote } : {}),
  });
  rememberPassphrase(context.db, input.settings.passphrase);
  const settings = { ...input.settings, ...recreated.parameters };
  const report = await reconcileRemote(context, { settings });
  context.progress({ type: "phase", phase: "Repair_Complete" });
  return summarize(context, report, { rebuilt: true, warnings: recreated.warnings });
}

/** The index and list files recovery (recover.ts) would write again: missing, of the wrong size or found damaged. */
function pendingRewrites(db: Db, remote: ReadonlyMap<string, RemoteEntry>): number {
  const present = (v: VolumeRow) => remote.get(v.name)?.size === v.size;
  const usable = (v: VolumeRow) =>
    ((v.state === "Uploaded" || v.state === "Verified") && present(v) && v.damage === null) ||
    (v.state === "Uploading" && present(v));
  let count = 0;
  for (const dblock of listVolumes(db, { type: "dblock", states: ["Uploaded", "Verified"] })) {
    if (present(dblock) && !indexesOf(db, dblock.id).some(usable)) count++;
  }
  for (const fileset of listFilesets(db)) {
    const volume = getVolume(db, fileset.volumeId);
    if (volume && !usable(volume)) count++;
  }
  return count;
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
