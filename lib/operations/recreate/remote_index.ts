/**
 * Reads dindex files (and, where no index covers a dblock, the dblock's own entry list) into the database:
 * volumes, blocks, and the blocklist blobs found in `list/` entries.
 * @module
 */
import { getBytes, type RemoteEntry } from "../../backends/backend.ts";
import { entryNameToBase64 } from "../../core/bytes.ts";
import { errorMessage } from "../../core/errors.ts";
import type { Db } from "../../database/connection.ts";
import { createVolume, getVolumeByName, linkIndex, setVolumeState } from "../../database/remote_volumes.ts";
import { stmt } from "../../database/statements.ts";
import { digestBase64 } from "../../blocks/hash.ts";
import { decodeVolumeIndex, LIST_PREFIX, VOL_PREFIX } from "../../volumes/dindex.ts";
import type { VolumeParameters } from "../../volumes/manifest.ts";
import { parseRemoteName } from "../../volumes/remote_name.ts";
import { openVolume } from "../../volumes/volume_reader.ts";
import type { OperationContext } from "../context.ts";
import { fileHash } from "./file_hash.ts";

export interface IndexReadInput {
  readonly remote: ReadonlyMap<string, RemoteEntry>;
  readonly passphrase: string | undefined;
  readonly parameters: VolumeParameters;
  /** Blocklist key → blob, filled from list/ entries. */
  readonly blocklists: Map<string, Uint8Array>;
  readonly warn: (message: string, error?: unknown) => void;
}

function registerVolume(
  db: Db,
  name: string,
  type: "dblock" | "dindex",
  entry?: { size: number; hash?: string },
): number {
  const known = getVolumeByName(db, name);
  if (known) return known.id;
  const id = createVolume(db, { name, type, state: "Uploaded" });
  if (entry) {
    setVolumeState(db, id, { state: "Uploaded", size: entry.size, ...(entry.hash ? { hash: entry.hash } : {}) });
  }
  return id;
}

function insertBlock(db: Db, hash: string, size: number, volumeId: number): void {
  stmt(db, "INSERT OR IGNORE INTO block(hash, size, volume_id) VALUES (?, ?, ?)").run(hash, size, volumeId);
}

/** An index entry for a dblock that is missing at the destination, kept until every present volume was read. */
export interface MissingBlockVolume {
  readonly indexId: number;
  readonly indexName: string;
  readonly blockName: string;
  readonly size: number;
  readonly hash: string | undefined;
  readonly blocks: readonly { readonly hash: string; readonly size: number }[];
}

/** What the dindex files describe. */
export interface IndexReadResult {
  /** dblock names an index describes (present or not): their own entry lists need not be read. */
  readonly covered: Set<string>;
  /** Index entries of dblocks missing at the destination; see {@link registerMissingBlockVolumes}. */
  readonly missing: MissingBlockVolume[];
}

/** Reads every dindex; records the dblocks present at the destination and returns the rest for later. */
export async function readIndexes(context: OperationContext, input: IndexReadInput): Promise<IndexReadResult> {
  const { db } = context;
  const covered = new Set<string>();
  const missing: MissingBlockVolume[] = [];
  const names = [...input.remote.keys()].filter((n) => parseRemoteName(n)?.type === "dindex").sort();
  for (const name of names) {
    let opened, bytes: Uint8Array;
    try {
      bytes = await getBytes(context.backend, name);
      opened = await openVolume(name, bytes, {
        passphrase: input.passphrase,
        expected: input.parameters,
      });
    } catch (error) {
      input.warn(`Cannot read index file "${name}"; the blocks it describes are read from their dblock instead`, error);
      continue;
    }
    const indexId = registerVolume(db, name, "dindex", { size: bytes.length, hash: fileHash(bytes) });
    for (const entry of opened.zip.entries) {
      if (entry.name.startsWith(VOL_PREFIX)) {
        const blockName = entry.name.slice(VOL_PREFIX.length);
        const index = decodeVolumeIndex(opened.zip.read(entry), entry.name);
        covered.add(blockName);
        if (!input.remote.has(blockName)) {
          missing.push({
            indexId,
            indexName: name,
            blockName,
            size: index.volumesize ?? -1,
            hash: index.volumehash,
            blocks: index.blocks,
          });
          continue;
        }
        const volumeId = registerVolume(db, blockName, "dblock", {
          size: index.volumesize ?? input.remote.get(blockName)?.size ?? -1,
          ...(index.volumehash ? { hash: index.volumehash } : {}),
        });
        for (const block of index.blocks) insertBlock(db, block.hash, block.size, volumeId);
        linkIndex(db, indexId, volumeId);
      } else if (entry.name.startsWith(LIST_PREFIX)) {
        const key = entryNameToBase64(entry.name.slice(LIST_PREFIX.length));
        try {
          const blob = opened.zip.read(entry);
          if (digestBase64(input.parameters.blockHash, blob) === key) input.blocklists.set(key, blob);
        } catch (error) {
          input.warn(`Cannot read blocklist "${entry.name}" in "${name}"`, error);
        }
      }
    }
  }
  return { covered, missing };
}

/**
 * Index entries of dblocks missing at the destination, after every present volume was read. A missing dblock
 * whose blocks all exist in present volumes is left out: an interrupted upload whose blocks a later run stored
 * again (recording it would make `test` and restores ask for a file that is not needed). One that holds blocks
 * found nowhere else is recorded with them, so a restore that needs it fails naming it instead of reporting
 * blocks that exist nowhere, and list-broken-files finds the files it took.
 */
export function registerMissingBlockVolumes(
  context: OperationContext,
  input: { missing: readonly MissingBlockVolume[]; warn: (message: string) => void },
): void {
  const { db } = context;
  const has = stmt(db, "SELECT 1 AS found FROM block WHERE hash = ? AND size = ?");
  for (const volume of input.missing) {
    const needed = volume.blocks.filter((b) => has.get(b.hash, b.size) === undefined);
    if (needed.length === 0) {
      input.warn(
        `Index file "${volume.indexName}" describes "${volume.blockName}", which is missing at the destination; ` +
          `every block it held is in other volumes, so it is not needed`,
      );
      continue;
    }
    input.warn(
      `Index file "${volume.indexName}" describes "${volume.blockName}", which is missing at the destination; ` +
        `${needed.length} block(s) are found nowhere else`,
    );
    const volumeId = registerVolume(db, volume.blockName, "dblock", {
      size: volume.size,
      ...(volume.hash ? { hash: volume.hash } : {}),
    });
    for (const block of needed) insertBlock(db, block.hash, block.size, volumeId);
    linkIndex(db, volume.indexId, volumeId);
  }
}

/** Lists the blocks of dblocks no index described, by downloading them. */
export async function readUncoveredBlockVolumes(
  context: OperationContext,
  input: IndexReadInput & { covered: ReadonlySet<string> },
): Promise<void> {
  const names = [...input.remote.keys()].filter((n) => parseRemoteName(n)?.type === "dblock" && !input.covered.has(n));
  for (const name of names.sort()) {
    try {
      const bytes = await getBytes(context.backend, name);
      const opened = await openVolume(name, bytes, { passphrase: input.passphrase, expected: input.parameters });
      const volumeId = registerVolume(context.db, name, "dblock", { size: bytes.length, hash: fileHash(bytes) });
      for (const entry of opened.zip.entries) {
        if (entry.name === "manifest" || !/^[A-Za-z0-9_-]+={0,2}$/.test(entry.name) || entry.name.length % 4 !== 0) {
          continue;
        }
        insertBlock(context.db, entryNameToBase64(entry.name), entry.size, volumeId);
      }
    } catch (error) {
      input.warn(`Cannot read "${name}": ${errorMessage(error)}`);
    }
  }
}
