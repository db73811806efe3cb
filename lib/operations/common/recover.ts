/**
 * Makes the database and the remote agree again after an interrupted run, before anything new is written.
 * The rule is "finish what can be proven complete, discard the rest", never leaving a fileset that lies:
 * - a dblock recorded as Uploading whose remote file has the recorded size is finished (marked Uploaded);
 *   otherwise its partial remote file is deleted and its blocks are forgotten, so the next backup stores them again;
 * - a Temporary dblock (never sealed) is forgotten;
 * - a dblock that holds no blocks (an interrupted compact wrote it but never switched to it) is marked Deleting;
 * - a dblock whose dindex did not arrive, went missing or was found damaged gets a new dindex from the database;
 * - the fileset of a backup that stopped before its end becomes a partial version (Duplicati's synthetic file
 *   list: what the run stored, plus the previous version's entries for paths it had not reached);
 * - a dlist that did not arrive, went missing or was found damaged is written again from its fileset.
 * Only files this database recorded are ever deleted; the sweep (remote_delete.ts) does the deleting.
 * @module
 */
import type { RemoteEntry } from "../../backends/backend.ts";
import { deleteBlocksInVolume } from "../../database/blocks.ts";
import { transaction } from "../../database/connection.ts";
import { deleteFileset, listFilesets, synthesizeFileset } from "../../database/filesets.ts";
import { deleteVolumeRow, getVolume, indexesOf, listVolumes, setVolumeState } from "../../database/remote_volumes.ts";
import { blockCount, removeUnreferenced } from "../../database/usage.ts";
import type { OperationContext, VolumeSettings } from "../context.ts";
import { markBlockVolumeDeleting, markDeleting } from "./remote_delete.ts";
import { rewriteDlist, rewriteIndex } from "./rewrite_volumes.ts";
import { UploadQueue } from "./upload_queue.ts";

export interface RecoveryReport {
  readonly finished: number;
  readonly discarded: number;
  readonly rewritten: number;
}

/** Reconciles unfinished volumes with the remote listing. */
export async function recoverInterrupted(
  context: OperationContext,
  input: { remote: ReadonlyMap<string, RemoteEntry>; settings: VolumeSettings },
): Promise<RecoveryReport> {
  const { db, backend, log } = context;
  let finished = 0, discarded = 0, rewritten = 0;
  const unfinished = listVolumes(db, { states: ["Temporary", "Uploading"] });
  for (const volume of unfinished.filter((v) => v.type === "dblock")) {
    const remote = input.remote.get(volume.name);
    if (volume.state === "Uploading" && remote && remote.size === volume.size) {
      setVolumeState(db, volume.id, { state: "Uploaded" });
      finished++;
      continue;
    }
    if (remote) await backend.delete(volume.name);
    transaction(db, () => {
      for (const index of indexesOf(db, volume.id)) deleteVolumeRow(db, index.id);
      deleteBlocksInVolume(db, volume.id);
      deleteVolumeRow(db, volume.id);
      removeUnreferenced(db);
    });
    log.info("Recover", `Discarded the unfinished volume "${volume.name}"`);
    discarded++;
  }
  for (const volume of unfinished.filter((v) => v.type === "dindex")) {
    const remote = input.remote.get(volume.name);
    if (volume.state === "Uploading" && remote && remote.size === volume.size) {
      setVolumeState(db, volume.id, { state: "Uploaded" });
      finished++;
    } else {
      if (remote) await backend.delete(volume.name);
      transaction(db, () => deleteVolumeRow(db, volume.id));
    }
  }
  transaction(db, () => {
    for (const dblock of listVolumes(db, { type: "dblock", states: ["Uploading", "Uploaded", "Verified"] })) {
      // Written by an interrupted compact before it switched its blocks over: nothing refers to it.
      if (blockCount(db, dblock.id) === 0) markBlockVolumeDeleting(db, dblock.id), discarded++;
    }
  });
  const uploads = new UploadQueue(backend, db, { concurrency: 1, progress: context.progress });
  for (const dblock of listVolumes(db, { type: "dblock", states: ["Uploaded", "Verified"] })) {
    if (input.remote.get(dblock.name)?.size !== dblock.size) continue; // a missing dblock is reconcile's to report
    let good = 0;
    for (const index of indexesOf(db, dblock.id)) {
      const there = input.remote.get(index.name);
      if (index.state !== "Uploaded" && index.state !== "Verified") continue;
      if (!there) transaction(db, () => deleteVolumeRow(db, index.id));
      else if (index.damage !== null || there.size !== index.size) transaction(db, () => markDeleting(db, [index.id]));
      else good++;
    }
    if (good > 0) continue;
    log.info("Recover", `Writing the index file of "${dblock.name}" again`);
    await rewriteIndex(context, { dblock, settings: input.settings, uploads });
    rewritten++;
  }
  for (const fileset of listFilesets(db, { includeUnfinished: true })) {
    const volume = getVolume(db, fileset.volumeId)!;
    if (volume.state !== "Temporary") continue;
    // A backup that stopped before its end: keep what it stored as a partial version (synthetic file list).
    const kept = transaction(db, () => {
      const entries = synthesizeFileset(db, fileset.id);
      if (entries === 0) deleteFileset(db, fileset.id), deleteVolumeRow(db, volume.id);
      removeUnreferenced(db);
      return entries;
    });
    if (kept > 0) log.info("Recover", `Kept the interrupted backup as a partial version ("${volume.name}")`);
  }
  for (const fileset of listFilesets(db, { includeUnfinished: true })) {
    const volume = getVolume(db, fileset.volumeId)!;
    const remote = input.remote.get(volume.name);
    if (volume.state === "Uploading" && remote && remote.size === volume.size) {
      setVolumeState(db, volume.id, { state: "Uploaded" });
      finished++;
      continue;
    }
    const intact = (volume.state === "Uploaded" || volume.state === "Verified") && remote?.size === volume.size &&
      volume.damage === null;
    if (intact) continue;
    log.info("Recover", `Writing the file list "${volume.name}" again`);
    await rewriteDlist(context, { fileset, volume, settings: input.settings, uploads });
    rewritten++;
  }
  await uploads.drain();
  return { finished, discarded, rewritten };
}
