/**
 * Copies blocks that are still in use out of old dblocks into new ones, in an order that cannot lose data:
 * 1. a new dblock is filled in a temp file (its row is Temporary);
 * 2. when full it is sealed, its dindex written, both recorded as Uploading, and both uploaded;
 * 3. only then one transaction points the moved blocks at the new dblock.
 * A crash before step 3 leaves a dblock no block points at, which the next run's recovery deletes; the old
 * volumes still hold every block. The caller deletes an old volume only once nothing in it is used.
 * @module
 */
import { transaction } from "../../database/connection.ts";
import { createVolume, linkIndex, setVolumeState } from "../../database/remote_volumes.ts";
import { moveBlock } from "../../database/usage.ts";
import type { IndexedBlock } from "../../volumes/dindex.ts";
import { encodeManifest } from "../../volumes/manifest.ts";
import { generateBlockName } from "../../volumes/remote_name.ts";
import { VolumeFileWriter } from "../../volumes/volume_writer.ts";
import { type EncodedEntry, END_OF_ARCHIVE_SIZE, entryOverhead } from "../../volumes/zip/zip_writer.ts";
import { encryptionOf, type OperationContext, type VolumeSettings } from "../context.ts";
import { writeIndexVolume } from "../common/index_writer.ts";
import { tempFilePath } from "../common/temp_files.ts";
import { UploadQueue } from "../common/upload_queue.ts";

/** One block to move: its stored (encoded) entry and, for a blocklist, its plain bytes. */
export interface MovedBlock {
  readonly hash: string;
  readonly size: number;
  readonly entry: EncodedEntry;
  readonly blocklist?: Uint8Array;
}

interface OpenVolume {
  readonly id: number;
  readonly name: string;
  readonly path: string;
  readonly writer: VolumeFileWriter;
  readonly blocks: IndexedBlock[];
  readonly blocklists: Map<string, Uint8Array>;
  size: number;
}

/** Fills new dblocks with moved blocks and switches them over once uploaded. */
export class BlockMover {
  #open: OpenVolume | undefined;
  readonly #uploads: UploadQueue;
  #written = 0;
  #uploadedBytes = 0;

  constructor(
    private readonly context: OperationContext,
    private readonly settings: VolumeSettings,
    private readonly onSwitched: () => void,
  ) {
    this.#uploads = new UploadQueue(context.backend, context.db, {
      concurrency: Math.max(1, settings.uploadConcurrency),
      progress: context.progress,
    });
  }

  /** New dblocks written so far. */
  get volumesWritten(): number {
    return this.#written;
  }

  /** Bytes uploaded (dblocks and dindexes). */
  get uploadedBytes(): number {
    return this.#uploadedBytes;
  }

  /** Adds a block; seals and switches the current volume first when the block would not fit. */
  async add(block: MovedBlock): Promise<void> {
    const grow = block.entry.data.length + entryOverhead(block.entry.name);
    if (this.#open && this.#open.size + grow + END_OF_ARCHIVE_SIZE > this.settings.dblockSize) await this.flush();
    const open = this.#open ?? this.#start();
    open.writer.add(block.entry);
    open.size += grow;
    open.blocks.push({ hash: block.hash, size: block.size });
    if (block.blocklist) open.blocklists.set(block.hash, block.blocklist);
    if (open.writer.pendingBytes >= 4 * 1024 * 1024) await open.writer.flush();
  }

  /** Seals, uploads and switches the volume being filled, if any. */
  async flush(): Promise<void> {
    const open = this.#open;
    if (!open) return;
    this.#open = undefined;
    const { db } = this.context;
    let sealed;
    try {
      sealed = await open.writer.finish();
    } catch (error) {
      open.writer.discard();
      throw error;
    }
    const indexName = generateBlockName("dindex", {
      prefix: this.settings.prefix,
      encryption: encryptionOf(this.settings),
    });
    const indexPath = tempFilePath(this.settings.tempDir, "dindex");
    const index = await writeIndexVolume(
      indexPath,
      {
        blockVolumeName: open.name,
        blockVolumeHash: sealed.hash,
        blockVolumeSize: sealed.size,
        blocks: open.blocks,
        blocklists: open.blocklists,
      },
      this.settings,
      this.context.now(),
    );
    const indexId = transaction(db, () => {
      setVolumeState(db, open.id, { state: "Uploading", size: sealed.size, hash: sealed.hash });
      const id = createVolume(db, { name: indexName, type: "dindex", state: "Uploading" });
      setVolumeState(db, id, { state: "Uploading", size: index.size, hash: index.hash });
      linkIndex(db, id, open.id);
      return id;
    });
    await this.#uploads.add({
      volumeId: open.id,
      name: open.name,
      path: sealed.path,
      size: sealed.size,
      then: { volumeId: indexId, name: indexName, path: indexPath, size: index.size },
    });
    await this.#uploads.drain();
    this.#uploadedBytes += sealed.size + index.size;
    transaction(db, () => {
      for (const block of open.blocks) moveBlock(db, { hash: block.hash, size: block.size, volumeId: open.id });
      this.onSwitched();
    });
    this.#written++;
  }

  /** Drops the volume being filled (after a failure); its row is left for recovery. */
  discard(): void {
    this.#open?.writer.discard();
    this.#open = undefined;
  }

  #start(): OpenVolume {
    const { db } = this.context;
    const name = generateBlockName("dblock", { prefix: this.settings.prefix, encryption: encryptionOf(this.settings) });
    const id = transaction(db, () => createVolume(db, { name, type: "dblock", state: "Temporary" }));
    const path = tempFilePath(this.settings.tempDir, "dblock");
    const writer = new VolumeFileWriter({ path, passphrase: this.settings.passphrase });
    writer.addText("manifest", encodeManifest(this.settings, this.context.now()));
    const open: OpenVolume = {
      id,
      name,
      path,
      writer,
      blocks: [],
      blocklists: new Map(),
      size: writer.zipSize + 512,
    };
    this.#open = open;
    return open;
  }
}
