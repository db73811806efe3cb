/**
 * Blocklists (format spec §4.2/4.3): the concatenated raw hashes of a stream's blocks, at most
 * floor(blocksize / hashSize) per blocklist; each blocklist is itself stored as a block.
 * @module
 */
import { fromBase64, toBase64 } from "../core/bytes.ts";
import { IntegrityError } from "../core/errors.ts";

/** How many hashes fit in one blocklist. */
export function hashesPerBlocklist(blocksize: number, hashSize: number): number {
  return Math.floor(blocksize / hashSize);
}

/** Splits raw block hashes into blocklist blobs. */
export function buildBlocklists(rawHashes: readonly Uint8Array[], perList: number): Uint8Array[] {
  const lists: Uint8Array[] = [];
  for (let i = 0; i < rawHashes.length; i += perList) {
    const chunk = rawHashes.slice(i, i + perList);
    const size = chunk.reduce((n, h) => n + h.length, 0);
    const blob = new Uint8Array(size);
    let at = 0;
    for (const h of chunk) blob.set(h, at), at += h.length;
    lists.push(blob);
  }
  return lists;
}

/** The base64 block hashes in a blocklist blob. */
export function parseBlocklist(blob: Uint8Array, hashSize: number, label = "blocklist"): string[] {
  if (blob.length % hashSize !== 0) {
    throw new IntegrityError(`Cannot read ${label}: its length ${blob.length} is not a multiple of ${hashSize}`);
  }
  const out: string[] = [];
  for (let at = 0; at < blob.length; at += hashSize) out.push(toBase64(blob.subarray(at, at + hashSize)));
  return out;
}

/** Raw bytes of base64 hashes, for building blocklists from stored hashes. */
export function rawHashes(hashes: readonly string[]): Uint8Array[] {
  return hashes.map(fromBase64);
}
