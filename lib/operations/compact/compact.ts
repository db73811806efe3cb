/**
 * compact(): reclaims space no version uses. Volumes with nothing in use are deleted outright; wasteful and small
 * ones are downloaded, their used blocks (each checked against its hash) moved into new volumes by BlockMover,
 * and each old volume marked for deletion in the transaction that moves its last used block away. Deletion runs
 * last (remote_delete.ts), so at every instant each used block is in an uploaded volume the database points at.
 * @module
 */
import { getBytes } from "../../backends/backend.ts";
import { base64ToEntryName } from "../../core/bytes.ts";
import { IntegrityError } from "../../core/errors.ts";
import { digestBase64 } from "../../blocks/hash.ts";
import { transaction } from "../../database/connection.ts";
import { listVolumes } from "../../database/remote_volumes.ts";
import { deleteUnusedBlocks, removeUnreferenced, usedBlocksInVolume, volumeUsage } from "../../database/usage.ts";
import { openVolume } from "../../volumes/volume_reader.ts";
import type { OperationContext, VolumeSettings } from "../context.ts";
import { reconcileRemote } from "../common/reconcile.ts";
import { markBlockVolumeDeleting, sweepDeleting } from "../common/remote_delete.ts";
import { BlockMover } from "./block_mover.ts";
import { type CompactThresholds, planCompact, type PlannedVolume } from "./compact_plan.ts";

export interface CompactInput extends CompactThresholds {
  readonly settings: VolumeSettings;
  readonly dryRun?: boolean;
  /** Skip the reconcile step (the caller just did it). */
  readonly reconciled?: boolean;
}

export interface CompactResult {
  readonly deletedVolumes: number;
  readonly rewrittenVolumes: number;
  readonly newVolumes: number;
  /** Bytes of remote files deleted. */
  readonly deletedBytes: number;
  readonly downloadedBytes: number;
  readonly uploadedBytes: number;
  /** Remote bytes freed: deleted minus uploaded. */
  readonly reclaimedBytes: number;
  readonly reasons: readonly string[];
  readonly dryRun: boolean;
}

/** Runs compact; with `dryRun` only reports what it would do. */
export async function compact(context: OperationContext, input: CompactInput): Promise<CompactResult> {
  const { db, log } = context;
  const dryRun = input.dryRun ?? false;
  context.progress({ type: "phase", phase: "Compact_Begin" });
  if (!input.reconciled) await reconcileRemote(context, { settings: input.settings, strict: true, dryRun });
  if (!dryRun) transaction(db, () => removeUnreferenced(db));
  const plan = planCompact(plannedVolumes(context), input);
  const nothing = plan.remove.length === 0 && plan.rewrite.length === 0;
  if (nothing) log.info("Compact", "Compacting not needed");
  for (const reason of plan.reasons) log.info("Compact", `Compacting because ${reason}`);
  const removeBytes = plan.remove.reduce((n, v) => n + v.size, 0);
  const rewriteBytes = plan.rewrite.reduce((n, v) => n + v.size, 0);
  if (dryRun || nothing) {
    if (!nothing) {
      log.write(
        "DryRun",
        "Compact",
        `Would delete ${plan.remove.length} and rewrite ${plan.rewrite.length} volume(s) (${rewriteBytes} bytes)`,
      );
    }
    return result({ deleted: plan.remove.length, rewritten: plan.rewrite.length, newVolumes: 0 }, {
      deletedBytes: removeBytes + rewriteBytes,
      downloadedBytes: 0,
      uploadedBytes: 0,
      reasons: plan.reasons,
      dryRun,
    });
  }
  transaction(db, () => {
    for (const volume of plan.remove) {
      deleteUnusedBlocks(db, volume.id);
      markBlockVolumeDeleting(db, volume.id);
    }
  });
  const drained = new Set<number>();
  const mover = new BlockMover(context, input.settings, () => retireDrained(db, drained));
  let downloaded = 0;
  context.progress({ type: "phase", phase: "Compact_Downloading" });
  try {
    for (const volume of plan.rewrite) {
      context.signal.throwIfAborted();
      downloaded += await moveUsedBlocks(context, { volume, settings: input.settings, mover });
      drained.add(volume.id);
    }
    await mover.flush();
  } catch (error) {
    mover.discard();
    throw error;
  }
  // An old volume read after the last switch (it had nothing left to move) is retired here.
  transaction(db, () => retireDrained(db, drained));
  const swept = await sweepDeleting(context);
  context.progress({ type: "phase", phase: "Compact_Complete" });
  return result({ deleted: plan.remove.length, rewritten: plan.rewrite.length, newVolumes: mover.volumesWritten }, {
    deletedBytes: swept.bytes,
    downloadedBytes: downloaded,
    uploadedBytes: mover.uploadedBytes,
    reasons: plan.reasons,
    dryRun,
  });
}

/**
 * Marks for deletion every fully read old volume whose used blocks have all moved to uploaded new volumes (its
 * unused block rows go with it). Runs inside the transaction that switches blocks over.
 */
function retireDrained(db: OperationContext["db"], drained: Set<number>): void {
  for (const id of drained) {
    if (usedBlocksInVolume(db, id).length > 0) continue;
    deleteUnusedBlocks(db, id);
    markBlockVolumeDeleting(db, id);
    drained.delete(id);
  }
}

function plannedVolumes(context: OperationContext): PlannedVolume[] {
  const usage = volumeUsage(context.db);
  return listVolumes(context.db, { type: "dblock", states: ["Uploaded", "Verified"] }).map((v) => {
    const u = usage.get(v.id);
    return {
      id: v.id,
      name: v.name,
      size: v.size,
      totalBytes: u?.totalBytes ?? 0,
      usedBytes: u?.usedBytes ?? 0,
      usedBlocks: u?.usedBlocks ?? 0,
    };
  });
}

async function moveUsedBlocks(
  context: OperationContext,
  input: { volume: PlannedVolume; settings: VolumeSettings; mover: BlockMover },
): Promise<number> {
  const { volume, settings } = input;
  const bytes = await getBytes(context.backend, volume.name, volume.size);
  const opened = await openVolume(volume.name, bytes, {
    passphrase: settings.passphrase,
    expected: { blocksize: settings.blocksize, blockHash: settings.blockHash, fileHash: settings.fileHash },
  });
  for (const block of usedBlocksInVolume(context.db, volume.id)) {
    const info = opened.zip.get(base64ToEntryName(block.hash));
    if (!info) {
      throw new IntegrityError(
        `Cannot compact "${volume.name}": it lacks the block "${block.hash}" that the backup needs. ` +
          `Nothing was deleted; run "test" and "list-broken-files" to see what is affected`,
      );
    }
    const plain = opened.zip.read(info);
    if (plain.length !== block.size || digestBase64(settings.blockHash, plain) !== block.hash) {
      throw new IntegrityError(
        `Cannot compact "${volume.name}": the block "${block.hash}" in it is damaged. ` +
          `Nothing was deleted; run "test" and "list-broken-files" to see what is affected`,
      );
    }
    await input.mover.add({
      hash: block.hash,
      size: block.size,
      entry: {
        name: info.name,
        method: info.method,
        data: opened.zip.rawData(info),
        size: info.size,
        crc: info.crc,
      },
      ...(block.isBlocklist ? { blocklist: plain } : {}),
    });
  }
  return bytes.length;
}

function result(
  counts: { deleted: number; rewritten: number; newVolumes: number },
  bytes: {
    deletedBytes: number;
    downloadedBytes: number;
    uploadedBytes: number;
    reasons: readonly string[];
    dryRun: boolean;
  },
): CompactResult {
  return {
    deletedVolumes: counts.deleted,
    rewrittenVolumes: counts.rewritten,
    newVolumes: counts.newVolumes,
    deletedBytes: bytes.deletedBytes,
    downloadedBytes: bytes.downloadedBytes,
    uploadedBytes: bytes.uploadedBytes,
    reclaimedBytes: bytes.deletedBytes - bytes.uploadedBytes,
    reasons: bytes.reasons,
    dryRun: bytes.dryRun,
  };
}
