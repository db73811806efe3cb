/**
 * purgeBrokenFiles(): makes a backup with missing or damaged dblocks whole again by giving up what cannot be
 * restored. Each affected version loses its broken entries (a new dlist, replace_fileset.ts); a version whose every
 * entry is broken is removed, unless no other version would remain (then it is kept, empty). Afterwards the broken
 * dblocks are forgotten in one transaction (their block rows dropped, they and their dindexes marked Deleting) and
 * deleted at the destination. Each step is a transaction on its own, so an interrupted run is finished by running
 * the command again; the next backup stores the purged files again.
 * @module
 */
import { DatabaseInconsistencyError } from "../../core/errors.ts";
import { deleteBlocksInVolume } from "../../database/blocks.ts";
import { num, transaction } from "../../database/connection.ts";
import { deleteFileset, listFilesets } from "../../database/filesets.ts";
import { stmt } from "../../database/statements.ts";
import { removeUnreferenced } from "../../database/usage.ts";
import type { OperationContext, VolumeSettings } from "../context.ts";
import { reconcileRemote, throwIfOutdated } from "../common/reconcile.ts";
import { markBlockVolumeDeleting, markDeleting, sweepDeleting } from "../common/remote_delete.ts";
import { replaceFileset } from "../common/replace_fileset.ts";
import { brokenBlockVolumes, brokenEntries, type BrokenVersion } from "./broken_files.ts";

export interface PurgeBrokenInput {
  readonly settings: VolumeSettings;
  /** Report what would be done; change nothing. */
  readonly dryRun?: boolean;
}

/** What happened (or, in a dry run, would happen) to one version with broken entries. */
export interface PurgedBrokenVersion extends BrokenVersion {
  /** "entries": the broken entries were removed; "version": every entry was broken and the version was removed. */
  readonly action: "entries" | "version";
  /** The version's new time after its file list was replaced (undefined for removed versions and dry runs). */
  readonly newTime: Date | undefined;
}

export interface PurgeBrokenResult {
  /** Names of the broken dblocks forgotten (or that would be). */
  readonly volumes: readonly string[];
  readonly versions: readonly PurgedBrokenVersion[];
  /** Remote files deleted: old dlists, removed versions' dlists, broken dblocks and their dindexes. */
  readonly deletedRemoteFiles: number;
  readonly dryRun: boolean;
}

/** Removes the broken entries and forgets the broken volumes; see the module comment. */
export async function purgeBrokenFiles(context: OperationContext, input: PurgeBrokenInput): Promise<PurgeBrokenResult> {
  const { db } = context;
  const dryRun = input.dryRun ?? false;
  context.progress({ type: "phase", phase: "Purge_Begin" });
  const report = await reconcileRemote(context, { settings: input.settings, strict: false, dryRun });
  throwIfOutdated(report);
  const volumes = brokenBlockVolumes(db, report.remote);
  const affected = brokenEntries(db, volumes.map((v) => v.id));
  const removeWhole = wholeVersionsToRemove(affected, listFilesets(db).length);
  if (dryRun) {
    return {
      volumes: volumes.map((v) => v.name),
      versions: affected.map((v) => ({
        ...v,
        action: removeWhole.has(v.filesetId) ? "version" : "entries",
        newTime: undefined,
      })),
      deletedRemoteFiles: 0,
      dryRun,
    };
  }
  let deletedRemoteFiles = 0;
  const versions: PurgedBrokenVersion[] = [];
  // Newest first: a replaced version moves to a later second, which a removed newer version may have freed.
  for (const broken of affected) {
    context.signal.throwIfAborted();
    if (removeWhole.has(broken.filesetId)) {
      transaction(db, () => {
        const fileset = listFilesets(db).find((f) => f.id === broken.filesetId)!;
        deleteFileset(db, fileset.id);
        markDeleting(db, [fileset.volumeId]);
        removeUnreferenced(db);
      });
      deletedRemoteFiles += (await sweepDeleting(context)).files;
      context.log.info("Purge", `Removed version ${broken.version}: every file in it was broken`);
      versions.push({ ...broken, action: "version", newTime: undefined });
      continue;
    }
    const staged = await replaceFileset(context, {
      filesetId: broken.filesetId,
      fileIds: broken.entries.map((e) => e.fileId),
      settings: input.settings,
    });
    deletedRemoteFiles++;
    versions.push({ ...broken, action: "entries", newTime: new Date(staged.timestamp * 1000) });
  }
  transaction(db, () => {
    removeUnreferenced(db);
    for (const volume of volumes) {
      deleteBlocksInVolume(db, volume.id);
      markBlockVolumeDeleting(db, volume.id);
    }
    removeUnreferenced(db);
    throwIfDangling(db);
  });
  deletedRemoteFiles += (await sweepDeleting(context)).files;
  context.progress({ type: "phase", phase: "Purge_Complete" });
  return { volumes: volumes.map((v) => v.name), versions, deletedRemoteFiles, dryRun };
}

/** Versions whose every entry is broken, except that the newest of them stays when no other version would remain. */
function wholeVersionsToRemove(affected: readonly BrokenVersion[], versionCount: number): Set<number> {
  const whole = affected.filter((v) => v.entries.length === v.entryCount);
  if (whole.length === versionCount) whole.shift();
  return new Set(whole.map((v) => v.filesetId));
}

/** Guards the invariant the purge relies on: no listed entry points at a blockset that is gone. */
function throwIfDangling(db: OperationContext["db"]): void {
  const row = stmt(
    db,
    `SELECT COUNT(*) AS n FROM fileset_entry fe JOIN file f ON f.id = fe.file_id
     WHERE (f.blockset_id != -1 AND f.blockset_id NOT IN (SELECT id FROM blockset))
        OR (f.meta_blockset_id != -1 AND f.meta_blockset_id NOT IN (SELECT id FROM blockset))`,
  ).get()!;
  if (num(row.n) > 0) {
    throw new DatabaseInconsistencyError(
      `Cannot forget the broken volumes: ${num(row.n)} entries would still need their blocks. Nothing was changed; ` +
        `run "list-broken-files" to see them`,
    );
  }
}
