/**
 * Removes entries from one backup version and replaces its dlist, in an order a crash cannot break:
 * 1. one transaction drops the entries, records a new dlist (state Uploading, not yet written) named for the
 *    version's new time, points the fileset at it, marks the old dlist Deleting and drops the file rows and blocksets nothing uses;
 * 2. the new dlist is written from the database and uploaded;
 * 3. the old dlist is deleted (remote_delete.ts).
 * A crash after step 1 leaves an Uploading dlist that is not at the destination, which the next operation writes and
 * uploads (recover.ts) before it sweeps the old one. The new time is the old one plus the fewest whole seconds that give a name no other version
 * has (Duplicati shifts purged versions the same way), and it must stay older than the next newer version.
 * @module
 */
import { type Db, num, transaction } from "../../database/connection.ts";
import { listFilesets } from "../../database/filesets.ts";
import { createVolume, getVolume, getVolumeByName, type VolumeRow } from "../../database/remote_volumes.ts";
import { stmt } from "../../database/statements.ts";
import { removeUnreferenced } from "../../database/usage.ts";
import { UserInputError } from "../../core/errors.ts";
import { generateDlistName } from "../../volumes/remote_name.ts";
import { encryptionOf, type OperationContext, type VolumeSettings } from "../context.ts";
import { markDeleting, sweepDeleting } from "./remote_delete.ts";
import { rewriteDlist } from "./rewrite_volumes.ts";
import { UploadQueue } from "./upload_queue.ts";

/** Which entries to drop from which version. */
export interface FilesetChange {
  readonly filesetId: number;
  /** file ids whose entries are removed from the fileset (ids it does not list are ignored). */
  readonly fileIds: Iterable<number>;
}

/** The outcome of step 1. */
export interface StagedReplacement {
  readonly filesetId: number;
  readonly isFull: boolean;
  /** Entries removed from the fileset. */
  readonly removedEntries: number;
  readonly oldName: string;
  /** Unix seconds. */
  readonly oldTimestamp: number;
  /** The new dlist's row (state Uploading; Temporary would mean an interrupted backup to recovery). */
  readonly volume: VolumeRow;
  /** Unix seconds. */
  readonly timestamp: number;
}

/** Thrown when no whole second is free between a version and the next newer one. */
export class NoFreeTimestampError extends UserInputError {
  override readonly code = "no-free-timestamp";
}

/**
 * Step 1 (one transaction): drops the entries, records the new dlist (Uploading) at the new time, marks the old dlist
 * Deleting and removes what no version uses any more. Throws {@link NoFreeTimestampError} (changing nothing) when
 * the version has no free second before the next newer one.
 */
export function stageReplacement(
  db: Db,
  input: FilesetChange & { readonly settings: Pick<VolumeSettings, "prefix" | "passphrase"> },
): StagedReplacement {
  return transaction(db, () => {
    const filesets = listFilesets(db);
    const fileset = filesets.find((f) => f.id === input.filesetId);
    if (!fileset) {
      throw new UserInputError(`Cannot replace the file list of fileset ${input.filesetId}: it does not exist`);
    }
    const newer = filesets.filter((f) => f.timestamp > fileset.timestamp).map((f) => f.timestamp);
    const limit = newer.length > 0 ? Math.min(...newer) : Number.POSITIVE_INFINITY;
    const nameAt = (seconds: number) =>
      generateDlistName(new Date(seconds * 1000), {
        prefix: input.settings.prefix,
        encryption: encryptionOf(input.settings),
      });
    let timestamp = fileset.timestamp + 1;
    while (timestamp < limit && getVolumeByName(db, nameAt(timestamp))) timestamp++;
    if (timestamp >= limit) {
      throw new NoFreeTimestampError(
        `Cannot replace the file list "${fileset.volumeName}": its version must move to a later whole second, ` +
          `and the next newer version is at ${new Date(limit * 1000).toISOString()}, so no second is free. ` +
          `Delete one of the two versions first`,
      );
    }
    const remove = stmt(db, "DELETE FROM fileset_entry WHERE fileset_id = ? AND file_id = ?");
    let removedEntries = 0;
    for (const fileId of input.fileIds) removedEntries += num(remove.run(fileset.id, fileId).changes);
    const volumeId = createVolume(db, { name: nameAt(timestamp), type: "dlist", state: "Uploading" });
    stmt(db, "UPDATE fileset SET volume_id = ?, timestamp = ? WHERE id = ?").run(volumeId, timestamp, fileset.id);
    markDeleting(db, [fileset.volumeId]);
    removeUnreferenced(db);
    return {
      filesetId: fileset.id,
      isFull: fileset.isFull,
      removedEntries,
      oldName: fileset.volumeName,
      oldTimestamp: fileset.timestamp,
      volume: getVolume(db, volumeId)!,
      timestamp,
    };
  });
}

/** Runs all three steps for one version; returns what step 1 did. */
export async function replaceFileset(
  context: OperationContext,
  input: FilesetChange & { readonly settings: VolumeSettings },
): Promise<StagedReplacement> {
  const staged = stageReplacement(context.db, input);
  const uploads = new UploadQueue(context.backend, context.db, { concurrency: 1, progress: context.progress });
  await rewriteDlist(context, {
    fileset: { id: staged.filesetId, isFull: staged.isFull },
    volume: staged.volume,
    settings: input.settings,
    uploads,
  });
  await uploads.drain();
  await sweepDeleting(context);
  context.log.info(
    "Purge",
    `Replaced the file list "${staged.oldName}" with "${staged.volume.name}" (${staged.removedEntries} entries removed)`,
  );
  return staged;
}
