/**
 * backup(): the incremental backup. Phases, in order:
 * 1. check parameters and passphrase; reconcile an interrupted earlier run with the remote (recover.ts);
 * 2. walk the sources; unchanged entries (same type, size, mtime and metadata) reuse the previous file row
 *    without reading the file; changed and new files are read, split, hashed and deduplicated;
 * 3. new blocks are packed into dblocks by workers (block_packer.ts); each sealed dblock is recorded as
 *    Uploading, its dindex written, and both uploaded (upload_queue.ts);
 * 4. the version's fileset is recorded (unfinished) at the start and its entries are committed together with the
 *    volumes; when every volume is up it is marked complete and its dlist uploaded. A run that stops early is
 *    kept by the next run's recovery as a partial version (Duplicati's synthetic file list).
 * @module
 */
import { hashSize } from "../../blocks/hash.ts";
import { type Db, transaction } from "../../database/connection.ts";
import { TxBatch } from "../../database/batch.ts";
import {
  addFilesetEntry,
  deleteFileset,
  findOrInsertFile,
  insertFileset,
  listFilesets,
  setFilesetFull,
} from "../../database/filesets.ts";
import { createVolume, deleteVolumeRow, getVolume, linkIndex, setVolumeState } from "../../database/remote_volumes.ts";
import { isCompressedExtension } from "../../volumes/block_codec.ts";
import { encodeManifest } from "../../volumes/manifest.ts";
import { generateBlockName, generateDlistName } from "../../volumes/remote_name.ts";
import { encryptionOf, type OperationContext, type VolumeSettings } from "../context.ts";
import { writeFilesetVolume } from "../common/fileset_writer.ts";
import { writeIndexVolume } from "../common/index_writer.ts";
import { reconcileRemote } from "../common/reconcile.ts";
import { tempFilePath } from "../common/temp_files.ts";
import { UploadQueue } from "../common/upload_queue.ts";
import { BlockPacker, type SealedBlockVolume } from "./block_packer.ts";
import { BlockStore } from "./block_store.ts";
import { establishParameters } from "./backup_parameters.ts";
import { entryMetadata } from "./entry_metadata.ts";
import { countSources } from "./count_sources.ts";
import { checkSources, type EnumerateOptions, enumerateSources, type SourceEntry } from "./enumerate.ts";
import { exclusionLogLine, type SourceExclusion, type SourceSelection } from "./source_selection.ts";
import { loadPreviousEntries, type PreviousEntry } from "./previous_entries.ts";
import { storeBlob, storeFile } from "./stream_processor.ts";
import type { BackupResult } from "./backup_result.ts";

export interface BackupInput {
  readonly sources: readonly string[];
  /** Filter rules, `--exclude-files-attributes` and `--skip-files-larger-than`; default everything. */
  readonly selection?: SourceSelection;
  readonly settings: VolumeSettings;
  readonly allowMissingSource?: boolean;
  readonly symlinkPolicy?: "Store" | "Follow" | "Ignore";
  readonly skipMetadata?: boolean;
  readonly uploadUnchanged?: boolean;
  readonly dryRun?: boolean;
  /** Run a counting pass beside the backup so progress shows totals (costs a second walk of the sources). */
  readonly countTotals?: boolean;
}

export async function backup(context: OperationContext, input: BackupInput): Promise<BackupResult> {
  const { db, log } = context;
  const begin = context.now();
  const warnings: string[] = [];
  const warn = (message: string, error?: unknown) => {
    warnings.push(error ? `${message}: ${error instanceof Error ? error.message : String(error)}` : message);
    log.warn("Backup", message, error);
  };
  const sources = checkSources(input.sources, { allowMissingSource: input.allowMissingSource ?? false, warn });
  context.progress({ type: "phase", phase: "Backup_Begin" });
  const settings = input.settings;
  const batch = new TxBatch(db);
  batch.ensure();
  establishParameters(db, settings);
  batch.commit();

  context.progress({ type: "phase", phase: "Backup_PreBackupVerify" });
  const reconciled = await reconcileRemote(context, {
    settings,
    strict: true,
    createFolder: true,
    dryRun: input.dryRun ?? false,
  });
  // Already logged by reconcile; they still make the backup end "with warnings" (exit code 2).
  for (const name of reconciled.unknown) {
    warnings.push(`The remote file "${name}" is not recorded in the local database`);
  }

  const previous = loadPreviousEntries(db);
  const counters = newCounters();
  const uploads = new UploadQueue(context.backend, db, {
    concurrency: settings.uploadConcurrency,
    progress: context.progress,
  });
  const late: { store?: BlockStore } = {};
  const packer = new BlockPacker({
    lanes: Math.max(1, settings.compressors),
    useWorkers: settings.useWorkers,
    dblockSize: settings.dblockSize,
    blocksize: settings.blocksize,
    passphrase: settings.passphrase,
    manifest: encodeManifest(settings, begin),
    codec: settings.codec,
    newVolume: () => {
      batch.ensure();
      const name = generateBlockName("dblock", { prefix: settings.prefix, encryption: encryptionOf(settings) });
      return {
        volumeId: createVolume(db, { name, type: "dblock", state: "Temporary" }),
        path: tempFilePath(settings.tempDir, "dblock"),
      };
    },
    onSealed: (volume) => sealVolume(context, { volume, store: late.store!, uploads, batch, settings }),
  });
  const store = late.store = new BlockStore(db, packer);
  const pending = input.dryRun ? undefined : openFileset(context, { settings, begin });
  context.progress({ type: "phase", phase: "Backup_ProcessingFiles" });
  const stopCounting = new AbortController();
  const counting = input.countTotals
    ? countSources(sources, {
      progress: context.progress,
      signal: stopCounting.signal,
      ...optional(input),
    }).catch(() => {})
    : undefined;
  try {
    const streamContext = { db, store, settings: { blocksize: settings.blocksize, hashSize: hashSize("SHA256") } };
    const excluded = (exclusion: SourceExclusion) => {
      const line = exclusionLogLine(exclusion);
      log.verbose(line.tag, line.message);
      // Duplicati examines a file before skipping it for its size.
      if (exclusion.reason !== "size") return;
      counters.examined++;
      counters.examinedBytes += exclusion.size;
      context.progress({ type: "file", path: exclusion.path, size: exclusion.size });
    };
    for (const entry of enumerateSources(sources, { warn, excluded, ...optional(input) })) {
      context.signal.throwIfAborted();
      batch.ensure();
      const result = await processEntry(entry, {
        previous,
        counters,
        streamContext,
        input,
        warn,
        dryRun: input.dryRun ?? false,
        context,
      });
      if (result && pending) addFilesetEntry(db, pending.filesetId, result.fileId, result.mtimeMs);
    }
    const gone = [...previous.values()].filter((p) => !p.seen);
    counters.deleted = gone.filter((p) => p.type === "File").length;
    counters.deletedFolders = gone.filter((p) => p.type === "Folder").length;
    await packer.finish();
    context.progress({ type: "phase", phase: "Backup_WaitForUpload" });
    await uploads.drain();
    batch.commit();
  } catch (error) {
    // A volume hand-off may be running beside the walk: let it finish its database work before rolling back.
    await packer.close();
    batch.rollback();
    throw error;
  } finally {
    stopCounting.abort();
    await counting;
    await packer.close();
  }

  const changed = counters.added + counters.modified + counters.deleted + counters.addedFolders +
      counters.deletedFolders > 0;
  let filesetTime: Date | undefined;
  if (pending && (changed || input.uploadUnchanged || listFilesets(db).length === 0)) {
    filesetTime = await commitFileset(context, { pending, settings, uploads });
  } else if (pending) {
    transaction(db, () => {
      deleteFileset(db, pending.filesetId);
      deleteVolumeRow(db, pending.volumeId);
    });
  }
  context.progress({ type: "phase", phase: "Backup_Complete" });
  return {
    mainOperation: "Backup",
    beginTime: begin,
    endTime: context.now(),
    warnings,
    errors: [],
    examinedFiles: counters.examined,
    openedFiles: counters.opened,
    addedFiles: counters.added,
    modifiedFiles: counters.modified,
    deletedFiles: counters.deleted,
    sizeOfExaminedFiles: counters.examinedBytes,
    sizeOfOpenedFiles: counters.openedBytes,
    addedFolders: counters.addedFolders,
    deletedFolders: counters.deletedFolders,
    uploadedFiles: uploads.uploadedFiles,
    uploadedBytes: uploads.uploadedBytes,
    newBlocks: store.newBlocks,
    filesetTime,
    dryRun: input.dryRun ?? false,
  };
}

type WalkOptions = Pick<EnumerateOptions, "selection" | "allowMissingSource" | "symlinkPolicy">;

function optional(input: BackupInput): WalkOptions {
  return {
    ...(input.selection === undefined ? {} : { selection: input.selection }),
    ...(input.allowMissingSource === undefined ? {} : { allowMissingSource: input.allowMissingSource }),
    ...(input.symlinkPolicy === undefined ? {} : { symlinkPolicy: input.symlinkPolicy }),
  };
}

interface Counters {
  examined: number;
  examinedBytes: number;
  opened: number;
  openedBytes: number;
  added: number;
  addedFolders: number;
  modified: number;
  deleted: number;
  deletedFolders: number;
}

function newCounters(): Counters {
  return {
    examined: 0,
    examinedBytes: 0,
    opened: 0,
    openedBytes: 0,
    added: 0,
    addedFolders: 0,
    modified: 0,
    deleted: 0,
    deletedFolders: 0,
  };
}

async function processEntry(
  entry: SourceEntry,
  env: {
    previous: Map<string, PreviousEntry>;
    counters: Counters;
    streamContext: Parameters<typeof storeBlob>[1];
    input: BackupInput;
    warn: (message: string, error?: unknown) => void;
    dryRun: boolean;
    context: OperationContext;
  },
): Promise<{ fileId: number; mtimeMs: number } | undefined> {
  const { counters } = env;
  const prev = env.previous.get(entry.path);
  if (prev) prev.seen = true;
  const type = entry.kind === "file" ? "File" : entry.kind === "folder" ? "Folder" : "Symlink";
  const mtimeMs = entry.info.mtime?.getTime() ?? 0;
  const size = entry.kind === "file" ? entry.info.size : 0;
  if (type === "File") {
    counters.examined++;
    counters.examinedBytes += size;
    env.context.progress({ type: "file", path: entry.path, size });
  }
  const metaBlob = entryMetadata(entry, env.input.skipMetadata ?? false);
  const metaHash = metaBlob.hash;
  const sameTime = !(env.input.skipMetadata ?? false) || prev?.mtimeMs === mtimeMs;
  if (prev && prev.type === type && prev.metaHash === metaHash && sameTime && (type !== "File" || prev.size === size)) {
    return { fileId: prev.fileId, mtimeMs };
  }
  if (type === "File") {
    if (prev) counters.modified++;
    else counters.added++;
  } else if (!prev && type === "Folder") counters.addedFolders++;
  else if (prev) counters.modified++;
  if (env.dryRun) return undefined;
  let blocksetId = -1;
  if (type === "File") {
    try {
      counters.opened++;
      const content = await storeFile(entry.path, size, {
        ...env.streamContext,
        hint: isCompressedExtension(entry.path) ? "store" : "compress",
      });
      counters.openedBytes += content.length;
      blocksetId = content.blocksetId;
    } catch (error) {
      if (
        error instanceof Deno.errors.PermissionDenied || error instanceof Deno.errors.NotFound ||
        error instanceof Deno.errors.Busy
      ) {
        env.warn(`Cannot read file "${entry.path}"; it is left out of this version`, error);
        if (prev) counters.modified--;
        else counters.added--;
        return undefined;
      }
      throw error;
    }
  }
  const meta = await storeBlob(metaBlob.bytes, env.streamContext, metaBlob.hash);
  const fileId = findOrInsertFile(env.streamContext.db, {
    path: entry.path,
    type,
    blocksetId,
    metaBlocksetId: meta.blocksetId,
  });
  return { fileId, mtimeMs };
}

async function sealVolume(
  context: OperationContext,
  env: { volume: SealedBlockVolume; store: BlockStore; uploads: UploadQueue; batch: TxBatch; settings: VolumeSettings },
): Promise<void> {
  const { db } = context;
  const { volume, store, settings, batch } = env;
  const content = store.contentOf(volume.volumeId);
  batch.ensure();
  const dblock = getVolume(db, volume.volumeId)!;
  setVolumeState(db, volume.volumeId, { state: "Uploading", size: volume.size, hash: volume.hash });
  const indexName = generateBlockName("dindex", { prefix: settings.prefix, encryption: encryptionOf(settings) });
  const indexPath = tempFilePath(settings.tempDir, "dindex");
  const index = await writeIndexVolume(
    indexPath,
    {
      blockVolumeName: dblock.name,
      blockVolumeHash: volume.hash,
      blockVolumeSize: volume.size,
      blocks: content.blocks,
      blocklists: content.blocklists,
    },
    settings,
    context.now(),
  );
  const indexId = createVolume(db, { name: indexName, type: "dindex", state: "Uploading" });
  setVolumeState(db, indexId, { state: "Uploading", size: index.size, hash: index.hash });
  linkIndex(db, indexId, volume.volumeId);
  // Durable before the upload starts. The walk goes on beside this hand-off, so the next transaction opens at once.
  batch.checkpoint();
  store.release(volume.volumeId);
  await env.uploads.add({
    volumeId: volume.volumeId,
    name: dblock.name,
    path: volume.path,
    size: volume.size,
    then: { volumeId: indexId, name: indexName, path: indexPath, size: index.size },
  });
}

interface PendingFileset {
  readonly filesetId: number;
  readonly volumeId: number;
  readonly name: string;
  readonly time: Date;
}

/**
 * Records the new version before any file is processed: its entries are added as the run goes and committed with
 * the volumes, so a run that stops early leaves what it stored for recovery to keep as a partial version.
 */
function openFileset(context: OperationContext, env: { settings: VolumeSettings; begin: Date }): PendingFileset {
  const { db } = context;
  let seconds = Math.floor(env.begin.getTime() / 1000);
  const taken = new Set(listFilesets(db, { includeUnfinished: true }).map((f) => f.timestamp));
  while (taken.has(seconds)) seconds++;
  const time = new Date(seconds * 1000);
  const name = generateDlistName(time, { prefix: env.settings.prefix, encryption: encryptionOf(env.settings) });
  return transaction(db, () => {
    const volumeId = createVolume(db, { name, type: "dlist", state: "Temporary" });
    const filesetId = insertFileset(db, { volumeId, timestamp: seconds, isFull: false });
    return { filesetId, volumeId, name, time };
  });
}

/** Marks the version complete, then writes and uploads its dlist. */
async function commitFileset(
  context: OperationContext,
  env: { pending: PendingFileset; settings: VolumeSettings; uploads: UploadQueue },
): Promise<Date> {
  const { db } = context;
  const { settings, pending } = env;
  transaction(db, () => setFilesetFull(db, pending.filesetId, true));
  const path = tempFilePath(settings.tempDir, "dlist");
  const sealed = await writeFilesetVolume(
    path,
    { db, filesetId: pending.filesetId, isFull: true },
    settings,
    context.now(),
  );
  setVolumeState(db, pending.volumeId, { state: "Uploading", size: sealed.size, hash: sealed.hash });
  await env.uploads.add({ volumeId: pending.volumeId, name: pending.name, path, size: sealed.size });
  await env.uploads.drain();
  return pending.time;
}

export type { Db };
