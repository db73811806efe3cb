/**
 * Deduplicating block storage for one backup run: a block already in the database (from any earlier run or
 * earlier in this one) is referenced again; a new one goes to the packer and gets a row naming its volume.
 * Also remembers, per open volume, what its dindex must list.
 * @module
 */
import { base64ToEntryName } from "../../core/bytes.ts";
import { findBlock, insertBlock } from "../../database/blocks.ts";
import type { Db } from "../../database/connection.ts";
import type { CompressionHint } from "../../volumes/block_codec.ts";
import type { IndexedBlock } from "../../volumes/dindex.ts";
import type { BlockPacker } from "./block_packer.ts";

export interface VolumeContent {
  readonly blocks: IndexedBlock[];
  readonly blocklists: Map<string, Uint8Array>;
}

export class BlockStore {
  readonly #content = new Map<number, VolumeContent>();
  newBlocks = 0;
  newBytes = 0;

  constructor(private readonly db: Db, private readonly packer: BlockPacker) {}

  /**
   * Returns the block id of (key, data). `data` may be transferred to a worker: do not use it afterwards.
   * `blocklist` marks a blocklist block, whose bytes the dindex copies.
   */
  async store(key: string, data: Uint8Array, options: { hint: CompressionHint; blocklist?: boolean }): Promise<number> {
    const size = data.length;
    const existing = findBlock(this.db, key, size);
    if (existing !== undefined) {
      if (data.byteOffset === 0) this.packer.release(data.buffer as ArrayBuffer);
      return existing;
    }
    const copy = options.blocklist ? data.slice() : undefined;
    const volumeId = await this.packer.add(base64ToEntryName(key), data, options.hint);
    const id = insertBlock(this.db, key, size, volumeId);
    const content = this.contentOf(volumeId);
    content.blocks.push({ hash: key, size });
    if (copy) content.blocklists.set(key, copy);
    this.newBlocks++;
    this.newBytes += size;
    return id;
  }

  /** A read buffer for one block (pooled when it is a full block). */
  allocate(size: number): Uint8Array {
    return this.packer.acquire(size);
  }

  releaseBuffer(buffer: ArrayBuffer): void {
    this.packer.release(buffer);
  }

  contentOf(volumeId: number): VolumeContent {
    let content = this.#content.get(volumeId);
    if (!content) this.#content.set(volumeId, content = { blocks: [], blocklists: new Map() });
    return content;
  }

  /** Forgets a sealed volume's content once its dindex is written. */
  release(volumeId: number): void {
    this.#content.delete(volumeId);
  }
}
