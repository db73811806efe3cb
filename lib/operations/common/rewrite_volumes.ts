/**
 * Writes a dindex or dlist again from the database, for a file that never arrived, went missing or was found
 * damaged. The database holds everything both need, so this never guesses.
 * @module
 */
import { hashesPerBlocklist } from "../../blocks/blocklist.ts";
import { blocklistsInVolume, blocksInVolume } from "../../database/blocks.ts";
import { transaction } from "../../database/connection.ts";
import {
  clearVolumeDamage,
  createVolume,
  linkIndex,
  setVolumeState,
  type VolumeRow,
} from "../../database/remote_volumes.ts";
import { generateBlockName } from "../../volumes/remote_name.ts";
import { encryptionOf, type OperationContext, type VolumeSettings } from "../context.ts";
import { writeFilesetVolume } from "./fileset_writer.ts";
import { blocklistBytes, writeIndexVolume } from "./index_writer.ts";
import { tempFilePath } from "./temp_files.ts";
import type { UploadQueue } from "./upload_queue.ts";

/** Writes a new dindex for `dblock` from the database and queues its upload. */
export async function rewriteIndex(
  context: Pick<OperationContext, "db" | "now">,
  input: { dblock: VolumeRow; settings: VolumeSettings; uploads: UploadQueue },
): Promise<void> {
  const { db } = context;
  const { dblock, settings } = input;
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
  await input.uploads.add({ volumeId: id, name, path, size: sealed.size });
}

/** Writes the dlist of a fileset again under its recorded name and queues its upload. */
export async function rewriteDlist(
  context: Pick<OperationContext, "db" | "now">,
  input: {
    fileset: { id: number; isFull: boolean };
    volume: VolumeRow;
    settings: VolumeSettings;
    uploads: UploadQueue;
  },
): Promise<void> {
  const { db } = context;
  const path = tempFilePath(input.settings.tempDir, "dlist");
  const sealed = await writeFilesetVolume(
    path,
    { db, filesetId: input.fileset.id, isFull: input.fileset.isFull },
    input.settings,
    context.now(),
  );
  transaction(db, () => {
    setVolumeState(db, input.volume.id, { state: "Uploading", size: sealed.size, hash: sealed.hash });
    clearVolumeDamage(db, input.volume.id);
  });
  await input.uploads.add({ volumeId: input.volume.id, name: input.volume.name, path, size: sealed.size });
}
