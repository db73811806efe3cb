/**
 * restore(): restores the selected entries of one version. The plan is per volume, not per file: every block
 * needed is grouped under the dblock holding it, each dblock is downloaded once, each block is checked against
 * its hash and written at every offset that needs it. Files are then verified against their stored hash and
 * renamed into place; metadata (mtime, permissions, ownership on request) is applied last, folders after their
 * contents. A damaged or missing volume fails only the files that need it, naming the volume.
 * @module
 */
import { getBytes } from "../../backends/backend.ts";
import { errorMessage } from "../../core/errors.ts";
import { blocksOfBlockset, blocksOfFileset, type PlacedBlock } from "../../database/blocks.ts";
import { filesetEntries, type FilesetEntryRow, listFilesets } from "../../database/filesets.ts";
import { getVolume } from "../../database/remote_volumes.ts";
import type { OperationContext } from "../context.ts";
import { selectVersions, type VersionSelector } from "../common/select_version.ts";
import { applyMetadata } from "./apply_metadata.ts";
import { RestoreJobPool } from "./job_pool.ts";
import { alternativeName, exists, FileCreator, hashFile, PARTIAL_SUFFIX, TargetChecker } from "./restore_file.ts";
import type { RestoreResult } from "./restore_result.ts";
import { makeTargetMapper } from "./target_paths.ts";
import type { HashOutcome, JobBlock, RestoreJobResult } from "./volume_job.ts";

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
  /** Workers that decrypt, decompress, check and write volumes and hash restored files; 0 (default): in-process. */
  readonly workers?: number;
}

interface Item {
  readonly entry: FilesetEntryRow;
  readonly target: string;
  /** Where the content is written before it is verified and renamed to {@link Item.finalPath}. */
  partial?: string;
  /** Where the file ends up (the partial file is renamed there). */
  finalPath?: string;
  /** Content blocks; a one-block file is verified by its block hash, which is the file hash. */
  blockCount?: number;
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

interface Use {
  readonly item: Item;
  readonly offset: number;
  readonly meta: boolean;
}

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
  const entries = filesetEntries(db, fileset.id).filter((e) => input.match(e.path));
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

  const plan = new Map<number, Map<string, { size: number; uses: Use[] }>>();
  const addUse = (block: PlacedBlock, use: Use) => {
    let volume = plan.get(block.volumeId);
    if (!volume) plan.set(block.volumeId, volume = new Map());
    const key = `${block.hash}:${block.size}`;
    let slot = volume.get(key);
    if (!slot) volume.set(key, slot = { size: block.size, uses: [] });
    slot.uses.push(use);
  };
  const files = new FileCreator();
  // A large selection reads the blocks of the whole version in one query; a few files ask for their own.
  const bulk = items.length > 1000 ? blocksOfFileset(db, fileset.id) : undefined;
  const blocksOf = (id: number) => bulk ? bulk.get(id) ?? [] : blocksOfBlockset(db, id);
  planItems(items, { context, input, addUse, errors, warn, files, now: begin, blocksOf });

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
    await files.settle();
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

/** Metadata that cannot be read is a warning: the content is restored without it. */
function dropMetadata(item: Item, reason: string, warn: (message: string) => void): void {
  if (!item.meta) return;
  item.meta = undefined;
  warn(reason);
}

function fail(item: Item, reason: string, errors: string[]): void {
  if (item.failed) return;
  item.failed = reason;
  errors.push(reason);
}

function planItems(
  items: Item[],
  env: {
    context: OperationContext;
    input: RestoreInput;
    addUse: (b: PlacedBlock, u: Use) => void;
    errors: string[];
    warn: (message: string) => void;
    files: FileCreator;
    now: Date;
    blocksOf: (blocksetId: number) => PlacedBlock[];
  },
): void {
  const targets = new TargetChecker();
  for (const item of items) {
    const { entry } = item;
    if (!env.input.skipMetadata && entry.metaBlocksetId >= 0 && entry.metaSize > 0) {
      item.meta = new Uint8Array(entry.metaSize);
      placeBlocks(item, env.blocksOf(entry.metaBlocksetId), true, env);
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
    if (entry.size > 0) placeBlocks(item, env.blocksOf(entry.blocksetId), false, env);
  }
}

function placeBlocks(
  item: Item,
  blocks: PlacedBlock[],
  meta: boolean,
  env: { addUse: (b: PlacedBlock, u: Use) => void; errors: string[]; warn: (message: string) => void },
): void {
  const expected = meta ? item.entry.metaSize : item.entry.size;
  const total = blocks.reduce((n, b) => n + b.size, 0);
  if (total !== expected) {
    const what = meta ? "its metadata (times, permissions)" : "its content";
    const reason = `Cannot restore ${what} of "${item.entry.path}": ${total} of ${expected} bytes are known to exist ` +
      `at the destination`;
    if (meta) dropMetadata(item, reason, env.warn);
    else fail(item, reason, env.errors);
    return;
  }
  if (!meta) item.blockCount = blocks.length;
  let offset = 0;
  for (const block of blocks) {
    env.addUse(block, { item, offset, meta });
    offset += block.size;
  }
}

function safeHash(path: string): { hash: string; size: number } | undefined {
  try {
    return Deno.statSync(path).isFile ? hashFile(path) : undefined;
  } catch {
    return undefined;
  }
}

type Plan = Map<number, Map<string, { size: number; uses: Use[] }>>;

/** At most this many bytes of restored files are read back and hashed by one job. */
const HASH_JOB_BYTES = 64 * 1024 * 1024;

/**
 * Downloads each needed volume (the next one while the current is processed) and hands it to the job pool, which
 * decrypts, checks and writes its blocks; files whose blocks are all written are read back and hashed by the pool
 * too, while later volumes are still being restored.
 */
async function restoreVolumes(
  context: OperationContext,
  env: {
    plan: Plan;
    files: FileCreator;
    input: RestoreInput;
    errors: string[];
    warn: (message: string) => void;
    pool: RestoreJobPool;
    /** Verifies, renames and applies metadata to a file whose blocks are all written. */
    finish: (item: Item) => void;
  },
): Promise<void> {
  const queue = [...env.plan.entries()].filter(([, blocks]) =>
    [...blocks.values()].some((s) => s.uses.some((u) => !u.item.failed))
  );
  const order: string[] = [];
  for (const [, blocks] of queue) {
    for (const slot of blocks.values()) {
      for (const use of slot.uses) {
        if (!use.item.partial || use.item.failed) continue;
        if (!use.meta) order.push(use.item.partial);
        use.item.pendingUses = (use.item.pendingUses ?? 0) + 1;
      }
    }
  }
  env.files.prepare([...new Set(order)]);

  // Only the raw download of the next volume is fetched ahead; jobs in flight are bounded too, so memory holds a
  // few volumes at most.
  // Volume buffers come back from the jobs and are downloaded into again: no fresh 50 MB buffer per volume. Each
  // is as large as the largest volume, so any volume fits any buffer.
  const largest = Math.max(0, ...queue.map(([volumeId]) => getVolume(context.db, volumeId)?.size ?? 0));
  const spare: ArrayBuffer[] = [];
  const download = async (volumeId: number): Promise<{ name: string; bytes: Uint8Array }> => {
    const volume = getVolume(context.db, volumeId);
    if (!volume) throw new Error(`volume ${volumeId} is not recorded`);
    context.progress({ type: "transfer", action: "get", remoteName: volume.name, size: volume.size, done: false });
    const size = volume.size > 0 ? volume.size : undefined;
    // One byte of room beyond the data, so the end of the file is seen without growing the buffer.
    const into = size === undefined ? undefined : spare.pop() ?? new ArrayBuffer(Math.max(largest, size) + 1);
    const bytes = await getBytes(context.backend, volume.name, size, into);
    context.progress({ type: "transfer", action: "get", remoteName: volume.name, size: bytes.length, done: true });
    return { name: volume.name, bytes };
  };
  let next = 0;
  const pending: Promise<{ name: string; bytes: Uint8Array } | Error>[] = [];
  const start = () => {
    if (next >= queue.length) return;
    const [volumeId] = queue[next++]!;
    pending.push(download(volumeId).catch((error) => error instanceof Error ? error : new Error(String(error))));
  };
  for (let i = 0; i < Math.max(1, env.input.downloads); i++) start();

  const inflight = new Set<Promise<void>>();
  const submit = (work: Promise<void>) => {
    inflight.add(work);
    void work.finally(() => inflight.delete(work));
  };
  const hashBatch: Item[] = [];
  let hashBytes = 0;
  const flushHashes = () => {
    if (hashBatch.length === 0) return;
    const batch = hashBatch.splice(0);
    hashBytes = 0;
    submit(
      env.pool.run({ type: "hash", paths: batch.map((item) => item.partial!) }).then(
        (result) => {
          batch.forEach((item, k) => {
            item.verified = result.type === "hash"
              ? result.results[k] ?? { error: "no result" }
              : { error: "no result" };
            env.finish(item);
          });
        },
        (error) =>
          batch.forEach((item) => {
            item.verified = { error: errorMessage(error) };
            env.finish(item);
          }),
      ),
    );
  };
  // A file whose last block is written is finished at once (one-block files) or after the pool has read it back,
  // so renaming and metadata overlap with the volumes still being restored.
  const settleUses = (uses: readonly Use[]) => {
    for (const { item } of uses) {
      if (item.pendingUses === undefined || --item.pendingUses > 0 || item.failed) continue;
      if ((item.blockCount ?? 0) <= 1) {
        env.finish(item);
        continue;
      }
      hashBatch.push(item);
      hashBytes += item.entry.size;
      if (hashBytes >= HASH_JOB_BYTES) flushHashes();
    }
  };

  for (const [volumeId, blocks] of queue) {
    const fetched = await pending.shift()!;
    const name = getVolume(context.db, volumeId)?.name ?? `#${volumeId}`;
    const damaged = (use: Use, error: string) => {
      const reason = `remote volume "${name}" is damaged or missing: ${error}`;
      if (use.meta) {
        dropMetadata(use.item, `Cannot restore the metadata of "${use.item.entry.path}": ${reason}`, env.warn);
      } else fail(use.item, `Cannot restore "${use.item.entry.path}": ${reason}`, env.errors);
    };
    const needed: { key: string; size: number }[] = [];
    const jobUses: Use[][] = [];
    const allUses: Use[] = [];
    for (const [key, slot] of blocks) {
      allUses.push(...slot.uses);
      const live = slot.uses.filter((u) => !u.item.failed && (!u.meta || u.item.meta));
      if (live.length === 0) continue;
      needed.push({ key, size: slot.size });
      jobUses.push(live);
    }
    if (fetched instanceof Error) {
      start();
      for (const uses of jobUses) for (const use of uses) damaged(use, errorMessage(fetched));
      settleUses(allUses);
      continue;
    }
    // The job only opens files for writing: each must have been created first.
    const partials = [...new Set(jobUses.flat().filter((u) => !u.meta).map((u) => u.item))];
    await Promise.all(
      partials.map((item) =>
        env.files.ready(item.partial!).catch((error) =>
          fail(item, `Cannot write "${item.target}": ${errorMessage(error)}`, env.errors)
        )
      ),
    );
    const jobBlocks: JobBlock[] = needed.map(({ key, size }, index) => ({
      hash: key.slice(0, key.lastIndexOf(":")),
      size,
      writes: jobUses[index]!.filter((u) => !u.meta && !u.item.failed).map((u) => ({
        path: u.item.partial!,
        offset: u.offset,
      })),
      keep: jobUses[index]!.some((u) => u.meta),
    }));
    // One job per worker: a finished worker gets the next volume at once (downloaded meanwhile), and memory holds
    // the volumes being worked on plus the next.
    while (inflight.size >= env.pool.size) await Promise.race(inflight);
    const apply = (result: RestoreJobResult) => {
      if (result.type !== "volume") return;
      if (result.buffer && result.buffer.byteLength > largest && spare.length < env.pool.size) {
        spare.push(result.buffer);
      }
      const failedPaths = new Map(result.writeErrors.map((e) => [e.path, e.message]));
      const kept = new Map(result.kept.map((k) => [k.index, k.data]));
      jobUses.forEach((uses, index) => {
        const error = result.volumeError ?? result.blockErrors[index];
        for (const use of uses) {
          if (error !== undefined) damaged(use, error);
          else if (use.meta) use.item.meta?.set(kept.get(index)!, use.offset);
          else if (use.item.partial && failedPaths.has(use.item.partial)) {
            fail(use.item, `Cannot write "${use.item.target}": ${failedPaths.get(use.item.partial)}`, env.errors);
          }
        }
      });
      context.progress({ type: "processed", files: 0, bytes: result.bytes });
      settleUses(allUses);
    };
    submit(
      env.pool.run({ type: "volume", name, bytes: fetched.bytes, passphrase: env.input.passphrase, blocks: jobBlocks })
        .then(apply, (error) => apply(volumeFailure(jobBlocks.length, error))),
    );
    // The next download starts once this volume is handed over, into a buffer a finished job gave back.
    start();
  }
  while (inflight.size > 0) await Promise.race(inflight);
  flushHashes();
  while (inflight.size > 0) await Promise.race(inflight);
}

function volumeFailure(blocks: number, error: unknown): RestoreJobResult {
  return {
    type: "volume",
    volumeError: errorMessage(error),
    blockErrors: new Array(blocks).fill(undefined),
    writeErrors: [],
    kept: [],
    bytes: 0,
  };
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
    if (item.partial && !env.files.unwritten(item.partial)) removeQuietly(item.partial);
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
