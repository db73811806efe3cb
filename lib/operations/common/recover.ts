/**
 * Makes the database and the remote agree again after an interrupted run, before anything new is written.
 * The rule is "finish what can be proven complete, discard the rest", never leaving a fileset that lies:
 * - a dblock recorded as Uploading whose remote file has the recorded size is finished (marked Uploaded);
 *   otherwise its partial remote file is deleted and its blocks are forgotten, so the next backup stores them again;
 * - a Temporary dblock (never sealed) is forgotten;
 * - a dindex that did not arrive is written again from the database;
 * - a dlist that did not arrive is written again from its fileset (the fileset was committed, all its data is up).
 * Only files this database recorded are ever deleted.
 * @module
 */
import type { RemoteEntry } from "../../backends/backend.ts";
import { blocklistsInVolume, blocksInVolume, deleteBlocksInVolume } from "../../database/blocks.ts";
import { transaction } from "../../database/connection.ts";
import { deleteOrphans, listFilesets } from "../../database/filesets.ts";
import {
  createVolume,
  deleteVolumeRow,
  getVolume,
  indexesOf,
  linkIndex,
  listVolumes,
  setVolumeState,
  type VolumeRow,
} from "../../database/remote_volumes.ts";
import { hashesPerBlocklist } from "../../blocks/blocklist.ts";
import { generateBlockName } from "../../volumes/remote_name.ts";
import { encryptionOf, type OperationContext, type VolumeSettings } from "../context.ts";
import { blocklistBytes, writeIndexVolume } from "./index_writer.ts";
import { writeFilesetVolume } from "./fileset_writer.ts";
import { tempFilePath } from "./temp_files.ts";
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
      deleteOrphans(db);
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
  const uploads = new UploadQueue(backend, db, { concurrency: 1, progress: context.progress });
  for (const dblock of listVolumes(db, { type: "dblock", states: ["Uploaded", "Verified"] })) {
    if (indexesOf(db, dblock.id).some((i) => i.state === "Uploaded" || i.state === "Verified")) continue;
    await rewriteIndex(context, dblock, input.settings, uploads);
    rewritten++;
  }
  for (const fileset of listFilesets(db)) {
    if (fileset.volumeState !== "Temporary" && fileset.volumeState !== "Uploading") continue;
    const remote = input.remote.get(fileset.volumeName);
    const volume = getVolume(db, fileset.volumeId)!;
    if (volume.state === "Uploading" && remote && remote.size === volume.size) {
      setVolumeState(db, volume.id, { state: "Uploaded" });
      finished++;
      continue;
    }
    const path = tempFilePath(input.settings.tempDir, "dlist");
    const sealed = await writeFilesetVolume(
      path,
      { db, filesetId: fileset.id, isFull: fileset.isFull },
      input.settings,
      context.now(),
    );
    setVolumeState(db, volume.id, { state: "Uploading", size: sealed.size, hash: sealed.hash });
    await uploads.add({ volumeId: volume.id, name: volume.name, path, size: sealed.size });
    rewritten++;
  }
  await uploads.drain();
  return { finished, discarded, rewritten };
}

async function rewriteIndex(
  context: OperationContext,
  dblock: VolumeRow,
  settings: VolumeSettings,
  uploads: UploadQueue,
): Promise<void> {
  const { db } = context;
  const perList = hashesPerBlocklist(settings.blocksize, 32);
  const blocklists = new Map<string, Uint8Array>();
  for (const [key, hashes] of blocklistsInVolume(db, dblock.id, perList)) blocklists.set(key, blocklistBytes(hashes));
  const name = generateBlockName("dindex", { prefix: settings.prefix, encryption: encryptionOf(settings) });
  const path = tempFilePath(settings.tempDir, "dindex");
  const sealed = await writeIndexVolume(
    path,
    {
      blockVolumeName: dblock.name,
      blockVolumeHash: dblock.hash ?? "",
      blockVolumeSize: dblock.size,
      blocks: blocksInVolume(db, dblock.id),
      blocklists,
    },
    settings,
    context.now(),
  );
  const id = transaction(db, () => {
    const indexId = createVolume(db, { name, type: "dindex", state: "Uploading" });
    setVolumeState(db, indexId, { state: "Uploading", size: sealed.size, hash: sealed.hash });
    linkIndex(db, indexId, dblock.id);
    return indexId;
  });
  await uploads.add({ volumeId: id, name, path, size: sealed.size });
}
