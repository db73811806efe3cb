/**
 * restore(): restores the selected entries of one version. The plan is per volume, not per file: every block
 * needed is grouped under the dblock holding it, each dblock is downloaded once, each block is checked against
 * its hash and written at every offset that needs it. Files are then verified against their stored hash and
 * renamed into place; metadata (mtime, permissions, ownership on request) is applied last, folders after their
 * contents. A damaged or missing volume fails only the files that need it, naming the volume.
 * @module
 */
import { errorMessage } from "../../core/errors.ts";
import {
  blocksOfBlockset,
  type FilesetBlockVisitor,
  forEachBlockOfFileset,
  type PlacedBlock,
} from "../../database/blocks.ts";
import { type FilesetEntryRow, iterateFilesetEntries, listFilesets } from "../../database/filesets.ts";
import type { OperationContext } from "../context.ts";
import { selectVersions } from "../common/select_version.ts";
import { applyMetadata } from "./apply_metadata.ts";
import { RestoreJobPool } from "./job_pool.ts";
import { alternativeName, exists, FileCreator, hashFile, PARTIAL_SUFFIX, TargetChecker } from "./restore_file.ts";
import { dropMetadata, fail, type Item, type Plan, type RestoreInput, type Use } from "./restore_items.ts";
import type { RestoreResult } from "./restore_result.ts";
import { restoreVolumes } from "./restore_volumes.ts";
import { makeTargetMapper } from "./target_paths.ts";

export type { RestoreInput } from "./restore_items.ts";

export async function restore(context: OperationContext, input: RestoreInput): Promise<RestoreResult> {
  const { db } = context;
  const begin = context.now();
  const warnings: string[] = [];
  const errors: string[] = [];
  const warn = (message: string, error?: unknown) => {
    warnings.push(error ? `${message}: ${errorMessage(error)}` : message);
    context.log.warn("Restore", message, error);
  };
  context.progress({ type: "phase", phase: "Restore_Begin" });
  const [{ fileset }] = selectVersions(listFilesets(db), input.selector) as [ReturnType<typeof selectVersions>[0]];
  // Streamed from the query: no array of all raw rows next to the entries kept.
  const entries: FilesetEntryRow[] = [];
  for (const entry of iterateFilesetEntries(db, fileset.id)) if (input.match(entry.path)) entries.push(entry);
  entries.sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  const mapTarget = makeTargetMapper(entries.map((e) => e.path), input.restorePath);
  const items: Item[] = entries.map((entry) => ({ entry, target: mapTarget(entry.path) }));

  context.progress({ type: "phase", phase: "Restore_CreateFolders" });
  for (const item of items.filter((i) => i.entry.type === "Folder")) {
    try {
      Deno.mkdirSync(item.target, { recursive: true });
    } catch (error) {
      fail(item, `Cannot create folder "${item.target}": ${errorMessage(error)}`, errors);
    }
  }

  const plan: Plan = new Map();
  const addUse = (block: PlacedBlock, use: Use) => {
    let volume = plan.get(block.volumeId);
    if (!volume) plan.set(block.volumeId, volume = new Map());
    // Keyed by the hash string the database gave (no new string per block); a hash seen with another size (never
    // for SHA-256 in practice, but the database keys blocks on both) gets its own key.
    let key = block.hash;
    let slot = volume.get(key);
    if (slot && slot.size !== block.size) slot = volume.get(key = `${block.hash}:${block.size}`);
    if (!slot) volume.set(key, slot = { hash: block.hash, size: block.size, uses: [] });
    slot.uses.push(use);
  };
  const files = new FileCreator();
  {
    // In a block of its own: the needs by blockset are garbage once the plan holds the uses.
    const wanted = planItems(items, { context, input, errors, warn, files, now: begin });
    // A large selection streams the blocks of the whole version from one query; a few files ask for their own.
    placeBlocks(wanted, { addUse, errors, warn }, (visit) => {
      if (items.length > 1000) forEachBlockOfFileset(db, fileset.id, visit);
      else {
        for (const id of wanted.keys()) {
          for (const block of blocksOfBlockset(db, id)) visit(id, block.hash, block.size, block.volumeId);
        }
      }
    });
  }

  // Planning read the whole version; the volume pass barely touches the database, so its page cache goes.
  db.exec("PRAGMA shrink_memory");
  context.progress({ type: "phase", phase: "Restore_DownloadingRemoteFiles" });
  const pool = new RestoreJobPool(input.workers ?? 0);
  const tally: Tally = {
    restoredFiles: 0,
    restoredBytes: 0,
    restoredFolders: 0,
    restoredSymlinks: 0,
    unchangedFiles: 0,
  };
  const finishEnv: FinishEnv = { input, warn, errors, files };
  try {
    await restoreVolumes(context, {
      plan,
      files,
      input,
      errors,
      warn,
      pool,
      finish: (item) => finishFile(item, finishEnv, tally),
    });
  } finally {
    files.stop();
    pool.close();
  }

  context.progress({ type: "phase", phase: "Restore_PostRestoreVerify" });
  const counts = finishItems(items, finishEnv, tally);
  context.progress({ type: "phase", phase: "Restore_Complete" });
  return {
    mainOperation: "Restore",
    beginTime: begin,
    endTime: context.now(),
    warnings,
    errors,
    ...counts,
    failedFiles: items.filter((i) => i.failed && i.entry.type === "File").map((i) => i.entry.path),
    version: fileset.timestamp,
  };
}

/** The items that need a blockset (content or metadata), by blockset id. */
type Wanted = Map<number, { item: Item; meta: boolean }[]>;

/** Prepares every item (folders exist already): metadata buffers, existing targets, partial files; returns the needs. */
function planItems(
  items: Item[],
  env: {
    context: OperationContext;
    input: RestoreInput;
    errors: string[];
    warn: (message: string) => void;
    files: FileCreator;
    now: Date;
  },
): Wanted {
  const wanted: Wanted = new Map();
  const want = (blocksetId: number, item: Item, meta: boolean) => {
    let needs = wanted.get(blocksetId);
    if (!needs) wanted.set(blocksetId, needs = []);
    needs.push({ item, meta });
  };
  const targets = new TargetChecker();
  for (const item of items) {
    const { entry } = item;
    if (!env.input.skipMetadata && entry.metaBlocksetId >= 0 && entry.metaSize > 0) {
      item.wantsMeta = true;
      want(entry.metaBlocksetId, item, true);
    }
    if (entry.type !== "File" || item.failed) continue;
    const present = targets.exists(item.target);
    if (present) {
      const existing = safeHash(item.target);
      if (existing && existing.size === entry.size && existing.hash === entry.hash) {
        item.skipContent = true;
        continue;
      }
    }
    try {
      // Content goes to a partial file renamed into place once verified: over the target (new file or
      // --overwrite) or, when a different file exists and may not be overwritten, to a timestamped sibling.
      item.finalPath = !present || env.input.overwrite ? item.target : alternativeName(item.target, env.now);
      item.partial = item.finalPath + PARTIAL_SUFFIX;
      env.files.expect(item.partial, entry.size);
    } catch (error) {
      fail(item, `Cannot write "${item.target}": ${errorMessage(error)}`, env.errors);
      continue;
    }
    if (entry.size > 0) want(entry.blocksetId, item, false);
  }
  return wanted;
}

/**
 * Adds a use for every block of every wanted blockset. `source` visits the blocks grouped by blockset, in order;
 * each group is checked before its uses are added: blocks that do not add up to the expected size fail the file
 * (or drop the metadata), naming what is missing. A wanted blockset with no blocks at all fails the same way.
 */
function placeBlocks(
  wanted: Wanted,
  env: { addUse: (b: PlacedBlock, u: Use) => void; errors: string[]; warn: (message: string) => void },
  source: (visit: FilesetBlockVisitor) => void,
): void {
  const seen = new Set<number>();
  let groupId = -1;
  const group: PlacedBlock[] = [];
  const flush = (blocksetId: number, blocks: readonly PlacedBlock[]) => {
    const needs = wanted.get(blocksetId);
    if (!needs) return;
    seen.add(blocksetId);
    const total = blocks.reduce((n, b) => n + b.size, 0);
    for (const { item, meta } of needs) {
      const expected = meta ? item.entry.metaSize : item.entry.size;
      if (total !== expected) {
        const what = meta ? "its metadata (times, permissions)" : "its content";
        const reason = `Cannot restore ${what} of "${item.entry.path}": ${total} of ${expected} bytes are known to ` +
          `exist at the destination`;
        if (meta) dropMetadata(item, reason, env.warn);
        else fail(item, reason, env.errors);
        continue;
      }
      if (!meta) item.blockCount = blocks.length;
      let offset = 0;
      for (const block of blocks) {
        env.addUse(block, { item, offset, meta });
        offset += block.size;
      }
    }
  };
  source((blocksetId, hash, size, volumeId) => {
    if (blocksetId !== groupId) {
      flush(groupId, group);
      group.length = 0;
      groupId = blocksetId;
    }
    if (wanted.has(blocksetId)) group.push({ idx: group.length, hash, size, volumeId });
  });
  flush(groupId, group);
  for (const blocksetId of wanted.keys()) if (!seen.has(blocksetId)) flush(blocksetId, []);
}

function safeHash(path: string): { hash: string; size: number } | undefined {
  try {
    return Deno.statSync(path).isFile ? hashFile(path) : undefined;
  } catch {
    return undefined;
  }
}

interface Tally {
  restoredFiles: number;
  restoredBytes: number;
  restoredFolders: number;
  restoredSymlinks: number;
  unchangedFiles: number;
}

interface FinishEnv {
  input: RestoreInput;
  warn: (m: string, e?: unknown) => void;
  errors: string[];
  files: FileCreator;
}

/** Finishes what the volumes did not: failed files are cleaned up, symlinks made, folders given metadata last. */
function finishItems(items: Item[], env: FinishEnv, tally: Tally): Tally {
  const apply = { restoreOwnership: env.input.restorePermissions, warn: env.warn };
  for (const item of items) {
    const { entry } = item;
    if (entry.type === "File") finishFile(item, env, tally);
    else if (entry.type === "Symlink") {
      if (item.failed) continue;
      if (restoreSymlink(item, env)) tally.restoredSymlinks++;
    }
  }
  const folders = items.filter((i) => i.entry.type === "Folder" && !i.failed).reverse();
  for (const item of folders) {
    applyMetadata(item.target, item.meta, "folder", apply);
    tally.restoredFolders++;
  }
  return tally;
}

/** Verifies a restored file, renames it into place and applies its metadata; once per file. */
function finishFile(item: Item, env: FinishEnv, tally: Tally): void {
  if (item.finished) return;
  item.finished = true;
  const { entry } = item;
  if (item.failed) {
    if (item.partial) env.files.discard(item.partial);
    return;
  }
  let target = item.target;
  if (!item.skipContent) {
    // One-block files were verified block by block (the block hash is the file hash); others were read back
    // by the job pool as soon as their last block was written.
    const written = (item.blockCount ?? 0) <= 1
      ? { hash: entry.hash, size: Deno.statSync(item.partial!).size }
      : item.verified ?? hashFile(item.partial!);
    if ("error" in written) {
      removeQuietly(item.partial!);
      fail(item, `Cannot restore "${entry.path}": reading it back failed: ${written.error}`, env.errors);
      return;
    }
    if (written.hash !== entry.hash || written.size !== entry.size) {
      removeQuietly(item.partial!);
      fail(item, `Cannot restore "${entry.path}": the restored data does not match the stored hash`, env.errors);
      return;
    }
    target = item.finalPath!;
    try {
      Deno.renameSync(item.partial!, target);
    } catch (error) {
      removeQuietly(item.partial!);
      fail(item, `Cannot write "${target}": ${errorMessage(error)}`, env.errors);
      return;
    }
    tally.restoredFiles++;
    tally.restoredBytes += entry.size;
  } else tally.unchangedFiles++;
  applyMetadata(target, item.meta, "file", { restoreOwnership: env.input.restorePermissions, warn: env.warn });
  item.meta = undefined; // applied: 30,000 files held 13 MB of metadata buffers until the end
}

function restoreSymlink(
  item: Item,
  env: { input: RestoreInput; warn: (m: string, e?: unknown) => void; errors: string[] },
): boolean {
  const text = item.meta ? new TextDecoder().decode(item.meta.subarray(3)) : "{}";
  let linkTarget: string | undefined;
  try {
    linkTarget = JSON.parse(text).CoreSymlinkTarget;
  } catch {
    linkTarget = undefined;
  }
  if (!linkTarget) {
    env.warn(`Cannot restore symlink "${item.entry.path}": its target was not stored`);
    return false;
  }
  try {
    if (exists(item.target)) {
      if (!env.input.overwrite) return false;
      Deno.removeSync(item.target);
    }
    Deno.symlinkSync(linkTarget, item.target);
    applyMetadata(item.target, item.meta, "symlink", {
      restoreOwnership: env.input.restorePermissions,
      warn: env.warn,
    });
    return true;
  } catch (error) {
    fail(item, `Cannot create symlink "${item.target}": ${errorMessage(error)}`, env.errors);
    return false;
  }
}

function removeQuietly(path: string): void {
  try {
    Deno.removeSync(path);
  } catch {
    // gone already
  }
}
