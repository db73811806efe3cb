/**
 * The restore's unit of work and its bookkeeping, shared by planning (restore.ts) and the volume pass
 * (restore_volumes.ts): one item per restored entry, one use per place a block goes to.
 * @module
 */
import type { FilesetEntryRow } from "../../database/filesets.ts";
import type { VersionSelector } from "../common/select_version.ts";
import type { HashOutcome } from "./volume_job.ts";

export interface RestoreInput {
  readonly selector: VersionSelector;
  /** true = restore this stored path (folders end with their separator). */
  readonly match: (path: string) => boolean;
  readonly restorePath?: string;
  readonly overwrite: boolean;
  readonly restorePermissions: boolean;
  readonly skipMetadata: boolean;
  readonly passphrase: string | undefined;
  /** Volumes downloaded at the same time. */
  readonly downloads: number;
  /** Where downloaded volumes wait for their job (`--tempdir`); the system temp folder when absent. */
  readonly tempDir?: string;
  /** Workers that decrypt, decompress, check and write volumes and hash restored files; 0 (default): in-process. */
  readonly workers?: number;
}

export interface Item {
  readonly entry: FilesetEntryRow;
  readonly target: string;
  /** Where the content is written before it is verified and renamed to {@link Item.finalPath}. */
  partial?: string;
  /** Where the file ends up (the partial file is renamed there). */
  finalPath?: string;
  /** Content blocks; a one-block file is verified by its block hash, which is the file hash. */
  blockCount?: number;
  /** The metadata blockset is to be restored (until it proves unreadable). */
  wantsMeta?: boolean;
  /** The metadata as its blocks arrive; allocated with the first one (a one-block blob is taken as it comes). */
  meta?: Uint8Array | undefined;
  failed?: string;
  skipContent?: boolean;
  /** Blocks (content and metadata) not settled yet; at 0 the file is read back if needed, then finished. */
  pendingUses?: number;
  /** Verified, renamed into place and given its metadata (or failed doing so) while the restore went on. */
  finished?: boolean;
  /** The read-back hash of a multi-block file. */
  verified?: HashOutcome;
}

export interface Use {
  readonly item: Item;
  readonly offset: number;
  readonly meta: boolean;
}

/** Blocks needed, by volume id, then by hash (`hash:size` for a second size), with every place each one goes to. */
export type Plan = Map<number, Map<string, { hash: string; size: number; uses: Use[] }>>;

/** Places a metadata block; the first allocates the buffer unless it is the whole blob. */
export function placeMetadata(item: Item, data: Uint8Array, offset: number): void {
  if (!item.wantsMeta) return;
  const size = item.entry.metaSize;
  if (item.meta === undefined && offset === 0 && data.length === size) item.meta = data;
  else (item.meta ??= new Uint8Array(size)).set(data, offset);
}

/** Metadata that cannot be read is a warning: the content is restored without it. */
export function dropMetadata(item: Item, reason: string, warn: (message: string) => void): void {
  if (!item.wantsMeta) return;
  item.wantsMeta = false;
  item.meta = undefined;
  warn(reason);
}

export function fail(item: Item, reason: string, errors: string[]): void {
  if (item.failed) return;
  item.failed = reason;
  errors.push(reason);
}
