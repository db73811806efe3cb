/**
 * Two-phase deletion of remote volumes. Phase one marks volumes Deleting in the same transaction that removes every
 * reference to them, so the database never points at a file about to go. Phase two (the sweep) deletes the remote
 * files and then the rows. A crash between the phases leaves Deleting rows, and the next operation's sweep
 * finishes the job; a file already gone counts as deleted.
 * @module
 */
import { RemoteFileNotFoundError } from "../../core/errors.ts";
import { type Db, num } from "../../database/connection.ts";
import { deleteVolumeRow, listVolumes } from "../../database/remote_volumes.ts";
import { stmt } from "../../database/statements.ts";
import type { OperationContext } from "../context.ts";

/** Marks volumes Deleting. Call inside the transaction that drops the references to them. */
export function markDeleting(db: Db, volumeIds: Iterable<number>): void {
  const update = stmt(db, "UPDATE remote_volume SET state = 'Deleting' WHERE id = ?");
  for (const id of volumeIds) update.run(id);
}

/** Marks a dblock Deleting together with every dindex that describes it. */
export function markBlockVolumeDeleting(db: Db, blockVolumeId: number): void {
  const indexes = stmt(db, "SELECT index_volume_id AS id FROM index_link WHERE block_volume_id = ?").all(blockVolumeId)
    .map((r) => num(r.id));
  markDeleting(db, [blockVolumeId, ...indexes]);
}

/** What a sweep removed. */
export interface SweepResult {
  readonly files: number;
  readonly bytes: number;
}

/** Deletes every Deleting volume at the destination, then its row. */
export async function sweepDeleting(
  context: Pick<OperationContext, "db" | "backend" | "progress" | "log">,
  options?: { dryRun?: boolean },
): Promise<SweepResult> {
  let files = 0, bytes = 0;
  for (const volume of listVolumes(context.db, { states: ["Deleting"] })) {
    if (options?.dryRun) {
      context.log.write("DryRun", "Delete", `Would delete remote file "${volume.name}"`);
      continue;
    }
    const size = Math.max(0, volume.size);
    context.progress({ type: "transfer", action: "delete", remoteName: volume.name, size, done: false });
    try {
      await context.backend.delete(volume.name);
    } catch (error) {
      if (!(error instanceof RemoteFileNotFoundError)) throw error;
    }
    context.progress({ type: "transfer", action: "delete", remoteName: volume.name, size, done: true });
    deleteVolumeRow(context.db, volume.id);
    files++;
    bytes += size;
  }
  return { files, bytes };
}
