/**
 * deleteVersions(): removes the versions the retention rules select. One transaction drops the filesets, the
 * files and blocksets no remaining version uses, and marks the dlists Deleting; the dlists are deleted from the
 * destination afterwards (remote_delete.ts), so a crash at any point leaves a consistent state. The data the
 * removed versions alone used stays in the dblocks as wasted space until compact reclaims it.
 * @module
 */
import { transaction } from "../../database/connection.ts";
import { deleteFileset, listFilesets } from "../../database/filesets.ts";
import { removeUnreferenced } from "../../database/usage.ts";
import type { OperationContext, VolumeSettings } from "../context.ts";
import { reconcileRemote, throwIfOutdated } from "../common/reconcile.ts";
import { markDeleting, sweepDeleting } from "../common/remote_delete.ts";
import { type RetentionInput, selectForDeletion } from "./retention.ts";

export interface DeleteInput {
  readonly settings: VolumeSettings;
  readonly retention: Omit<RetentionInput, "now">;
  readonly dryRun?: boolean;
  /** Skip the reconcile step (the caller just did it). */
  readonly reconciled?: boolean;
}

/** One removed (or, in a dry run, selected) version. */
export interface DeletedVersion {
  readonly version: number;
  readonly time: Date;
}

export interface DeleteResult {
  readonly deleted: readonly DeletedVersion[];
  readonly warnings: readonly string[];
  /** dlist files deleted from the destination. */
  readonly deletedRemoteFiles: number;
  readonly dryRun: boolean;
}

/** Selects and removes versions; see the module comment. */
export async function deleteVersions(context: OperationContext, input: DeleteInput): Promise<DeleteResult> {
  const { db, log } = context;
  const dryRun = input.dryRun ?? false;
  context.progress({ type: "phase", phase: "Delete_Begin" });
  if (!input.reconciled) {
    throwIfOutdated(await reconcileRemote(context, { settings: input.settings, dryRun }));
  }
  const filesets = listFilesets(db);
  const decision = selectForDeletion(
    filesets.map((f) => ({ time: new Date(f.timestamp * 1000), isFull: f.isFull })),
    { ...input.retention, now: context.now() },
  );
  for (const warning of decision.warnings) log.warn("Delete", warning);
  const deleted = decision.remove.map((version) => ({
    version,
    time: new Date(filesets[version]!.timestamp * 1000),
  }));
  if (dryRun || deleted.length === 0) {
    for (const d of deleted) {
      log.write("DryRun", "Delete", `Would delete version ${d.version} (${d.time.toISOString()})`);
    }
    return { deleted, warnings: decision.warnings, deletedRemoteFiles: 0, dryRun };
  }
  context.progress({ type: "phase", phase: "Delete_Deleting" });
  transaction(db, () => {
    for (const version of decision.remove) {
      const fileset = filesets[version]!;
      deleteFileset(db, fileset.id);
      markDeleting(db, [fileset.volumeId]);
    }
    removeUnreferenced(db);
  });
  const swept = await sweepDeleting(context);
  for (const d of deleted) log.info("Delete", `Deleted version ${d.version} (${d.time.toISOString()})`);
  context.progress({ type: "phase", phase: "Delete_Complete" });
  return { deleted, warnings: decision.warnings, deletedRemoteFiles: swept.files, dryRun };
}
