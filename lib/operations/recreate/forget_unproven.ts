/**
 * After a recreate: dblocks the destination holds that no index describes and that hold no block a version uses
 * are forgotten again (see {@link forgetUnprovenBlockVolumes}).
 * @module
 */
import type { Db } from "../../database/connection.ts";
import { deleteVolumeRow, indexesOf, listVolumes } from "../../database/remote_volumes.ts";
import { deleteUnusedBlocks, volumeUsage } from "../../database/usage.ts";

/**
 * Forgets dblocks that recreate found at the destination without any index file describing them and that hold no
 * block any version uses (a copy under another name looks like that: its blocks are recorded in the volume they
 * were copied from, or nothing needs them). Nothing proves this backup wrote them, so they must not become garbage
 * that reconcile or compact deletes: forgotten, they are reported as unknown files and left in place.
 */
export function forgetUnprovenBlockVolumes(db: Db): void {
  const usage = volumeUsage(db);
  for (const volume of listVolumes(db, { type: "dblock" })) {
    if (indexesOf(db, volume.id).length > 0 || (usage.get(volume.id)?.usedBlocks ?? 0) > 0) continue;
    deleteUnusedBlocks(db, volume.id);
    deleteVolumeRow(db, volume.id);
  }
}
