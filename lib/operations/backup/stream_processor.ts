/**
 * Turns one stream (file content read synchronously, or a metadata blob) into a blockset: fixed-size blocks,
 * SHA-256 per block and for the whole stream, blocklists for multi-block streams, all stored through
 * {@link BlockStore}. A single-block stream reuses its block hash as the stream hash (identical by definition).
 * @module
 */
import { Buffer } from "node:buffer";
import { createHash } from "node:crypto";
import { buildBlocklists, hashesPerBlocklist } from "../../blocks/blocklist.ts";
import { EMPTY_SHA256 } from "../../blocks/hash.ts";
import { findBlockset, insertBlockset } from "../../database/blocks.ts";
import type { Db } from "../../database/connection.ts";
import type { CompressionHint } from "../../volumes/block_codec.ts";
import type { BlockStore } from "./block_store.ts";

export interface StreamResult {
  readonly blocksetId: number;
  readonly hash: string;
  readonly length: number;
}

export interface StreamSettings {
  readonly blocksize: number;
  readonly hashSize: number;
}

/** Reads a file and stores it; `onRead` counts bytes for progress. */
export async function storeFile(
  path: string,
  expectedSize: number,
  context: { db: Db; store: BlockStore; settings: StreamSettings; hint: CompressionHint },
): Promise<StreamResult> {
  const file = Deno.openSync(path, { read: true });
  try {
    const { blocksize } = context.settings;
    const fileHash = createHash("sha256");
    const raws: Uint8Array[] = [];
    const ids: number[] = [];
    let length = 0;
    let firstKey = "";
    for (;;) {
      const want = Math.max(1, Math.min(blocksize, expectedSize - length > 0 ? expectedSize - length : blocksize));
      // A view of a pooled buffer: the block store hands the buffer back to the pool once the bytes are stored.
      let block = context.store.allocate(want);
      let filled = 0;
      while (filled < want) {
        const n = file.readSync(block.subarray(filled));
        if (n === null || n === 0) break;
        filled += n;
      }
      if (filled === 0) {
        if (block.byteOffset === 0) context.store.releaseBuffer(block.buffer as ArrayBuffer);
        break;
      }
      if (filled < want) block = block.subarray(0, filled);
      const raw = new Uint8Array(createHash("sha256").update(block).digest());
      if (raws.length > 0 || filled === blocksize) fileHash.update(block);
      const key = Buffer.from(raw).toString("base64");
      if (raws.length === 0) firstKey = key;
      raws.push(raw);
      length += filled;
      ids.push(await context.store.store(key, block, { hint: context.hint }));
      if (filled < blocksize) break;
    }
    const hash = raws.length === 0
      ? EMPTY_SHA256
      : raws.length === 1 && length < blocksize
      ? firstKey
      : fileHash.digest("base64");
    return await finishBlockset({ hash, length, raws, ids }, context);
  } finally {
    file.close();
  }
}

/**
 * Stores an in-memory blob (metadata) as a blockset. `knownHash` is the blob's hash when the caller has it; a blob
 * of one block is keyed by that same hash (block and file hash are both SHA-256), so it is hashed only once.
 */
export async function storeBlob(
  blob: Uint8Array,
  context: { db: Db; store: BlockStore; settings: StreamSettings },
  knownHash?: string,
): Promise<StreamResult> {
  const { blocksize } = context.settings;
  const length = blob.length;
  const hash = knownHash ?? createHash("sha256").update(blob).digest("base64");
  const existing = findBlockset(context.db, hash, length);
  if (existing !== undefined) return { blocksetId: existing, hash, length };
  const raws: Uint8Array[] = [];
  const ids: number[] = [];
  if (length > 0 && length <= blocksize) {
    ids.push(await context.store.store(hash, blob, { hint: "compress" }));
  } else {
    for (let at = 0; at < length; at += blocksize) {
      const block = blob.slice(at, at + blocksize);
      const raw = new Uint8Array(createHash("sha256").update(block).digest());
      raws.push(raw);
      ids.push(await context.store.store(Buffer.from(raw).toString("base64"), block, { hint: "compress" }));
    }
  }
  // Looked up above, and nothing else adds blocksets while this one is stored: it is new.
  return await finishBlockset({ hash, length, raws, ids }, context, { checkExisting: false });
}

/** `checkExisting: false` skips the lookup for a blockset the caller already found missing. */
async function finishBlockset(
  stream: { hash: string; length: number; raws: Uint8Array[]; ids: number[] },
  context: { db: Db; store: BlockStore; settings: StreamSettings },
  options: { checkExisting: boolean } = { checkExisting: true },
): Promise<StreamResult> {
  const existing = options.checkExisting ? findBlockset(context.db, stream.hash, stream.length) : undefined;
  if (existing !== undefined) return { blocksetId: existing, hash: stream.hash, length: stream.length };
  const blocklistHashes: string[] = [];
  if (stream.raws.length > 1) {
    const perList = hashesPerBlocklist(context.settings.blocksize, context.settings.hashSize);
    for (const list of buildBlocklists(stream.raws, perList)) {
      const key = createHash("sha256").update(list).digest("base64");
      blocklistHashes.push(key);
      await context.store.store(key, list, { hint: "store", blocklist: true });
    }
  }
  const blocksetId = insertBlockset(context.db, {
    hash: stream.hash,
    length: stream.length,
    blockIds: stream.ids,
    blocklistHashes,
  });
  return { blocksetId, hash: stream.hash, length: stream.length };
}
