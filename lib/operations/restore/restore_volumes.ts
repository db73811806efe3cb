/**
 * The volume pass of a restore: makes each needed dblock a local file (the file backend's own file in place, else a
 * download into the temp folder, the next while the current is processed), hands it to the job pool, applies the
 * results to the items, and has files read back and finished as soon as their blocks are all written. Jobs read
 * volumes in windows, so memory does not grow with `--dblock-size`.
 * @module
 */
import { tmpdir } from "node:os";
import { getToFile } from "../../backends/backend.ts";
import { errorMessage } from "../../core/errors.ts";
import { getVolume } from "../../database/remote_volumes.ts";
import { tempFilePath } from "../common/temp_files.ts";
import type { OperationContext } from "../context.ts";
import type { RestoreJobPool } from "./job_pool.ts";
import type { FileCreator } from "./restore_file.ts";
import {
  dropMetadata,
  fail,
  type Item,
  placeMetadata,
  type Plan,
  type RestoreInput,
  type Use,
} from "./restore_items.ts";
import type { JobBlock, RestoreJobResult } from "./volume_job.ts";

/** At most this many bytes of restored files are read back and hashed by one job. */
const HASH_JOB_BYTES = 64 * 1024 * 1024;

/**
 * Downloads each needed volume (the next one while the current is processed) and hands it to the job pool, which
 * decrypts, checks and writes its blocks; files whose blocks are all written are read back and hashed by the pool
 * too, while later volumes are still being restored.
 */
export async function restoreVolumes(
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

  // Only the next volume is downloaded ahead; a download goes to a temp file, removed when its job is done.
  const volumeIds = queue.map(([volumeId]) => volumeId);
  const volumes = new Map(volumeIds.map((volumeId) => [volumeId, getVolume(context.db, volumeId)]));
  const downloads = new Set<string>();
  const removeDownload = (path: string) => {
    if (!downloads.delete(path)) return;
    try {
      Deno.removeSync(path);
    } catch {
      // gone already; nothing else holds it
    }
  };
  const fetchVolume = async (volumeId: number): Promise<LocalVolume> => {
    const volume = volumes.get(volumeId);
    if (!volume) throw new Error(`volume ${volumeId} is not recorded`);
    context.progress({ type: "transfer", action: "get", remoteName: volume.name, size: volume.size, done: false });
    let path = context.backend.localPath?.(volume.name);
    let size = volume.size;
    if (path === undefined) {
      path = tempFilePath(env.input.tempDir ?? tmpdir(), "restore");
      downloads.add(path);
      try {
        size = await getToFile(context.backend, volume.name, path);
      } catch (error) {
        removeDownload(path);
        throw error;
      }
    }
    context.progress({ type: "transfer", action: "get", remoteName: volume.name, size, done: true });
    return { name: volume.name, path };
  };
  let next = 0;
  const pending: Promise<LocalVolume | Error>[] = [];
  const start = () => {
    if (next >= volumeIds.length) return;
    const volumeId = volumeIds[next++]!;
    pending.push(fetchVolume(volumeId).catch((error) => error instanceof Error ? error : new Error(String(error))));
  };
  try {
    await restoreFetched();
  } finally {
    // Downloads still pending when the pass stops early (cancelled, or an error) are removed as they land.
    for (const fetched of pending) void fetched.then((v) => v instanceof Error || removeDownload(v.path));
    for (const path of [...downloads]) removeDownload(path);
  }

  async function restoreFetched(): Promise<void> {
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

    while (queue.length > 0) {
      // Taken out of the plan: once its job is applied, a volume's blocks and uses are garbage, so the plan's
      // memory shrinks as the restore goes on.
      const [volumeId, blocks] = queue.shift()!;
      env.plan.delete(volumeId);
      const fetched = await pending.shift()!;
      const name = volumes.get(volumeId)?.name ?? `#${volumeId}`;
      const damaged = (use: Use, error: string) => {
        const reason = `remote volume "${name}" is damaged or missing: ${error}`;
        if (use.meta) {
          dropMetadata(use.item, `Cannot restore the metadata of "${use.item.entry.path}": ${reason}`, env.warn);
        } else fail(use.item, `Cannot restore "${use.item.entry.path}": ${reason}`, env.errors);
      };
      const needed: { hash: string; size: number }[] = [];
      const jobUses: Use[][] = [];
      const allUses: Use[] = [];
      for (const slot of blocks.values()) {
        allUses.push(...slot.uses);
        const live = slot.uses.filter((u) => !u.item.failed && (!u.meta || u.item.wantsMeta));
        if (live.length === 0) continue;
        needed.push({ hash: slot.hash, size: slot.size });
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
      const jobBlocks: JobBlock[] = needed.map(({ hash, size }, index) => ({
        hash,
        size,
        writes: jobUses[index]!.filter((u) => !u.meta && !u.item.failed).map((u) => ({
          path: u.item.partial!,
          offset: u.offset,
        })),
        keep: jobUses[index]!.some((u) => u.meta),
      }));
      // One job per worker: a finished worker gets the next volume at once (downloaded meanwhile), and the temp
      // folder holds the volumes being worked on plus the next.
      while (inflight.size >= env.pool.size) await Promise.race(inflight);
      const apply = (result: RestoreJobResult) => {
        removeDownload(fetched.path);
        if (result.type !== "volume") return;
        const failedPaths = new Map(result.writeErrors.map((e) => [e.path, e.message]));
        const kept = new Map(result.kept.map((k) => [k.index, k.data]));
        jobUses.forEach((uses, index) => {
          const error = result.volumeError ?? result.blockErrors[index];
          for (const use of uses) {
            if (error !== undefined) damaged(use, error);
            else if (use.meta) placeMetadata(use.item, kept.get(index)!, use.offset);
            else if (use.item.partial && failedPaths.has(use.item.partial)) {
              fail(use.item, `Cannot write "${use.item.target}": ${failedPaths.get(use.item.partial)}`, env.errors);
            }
          }
        });
        context.progress({ type: "processed", files: 0, bytes: result.bytes });
        settleUses(allUses);
      };
      submit(
        env.pool.run({ type: "volume", name, path: fetched.path, passphrase: env.input.passphrase, blocks: jobBlocks })
          .then(apply, (error) => apply(volumeFailure(jobBlocks.length, error))),
      );
      // The next download starts once this volume is handed over.
      start();
    }
    while (inflight.size > 0) await Promise.race(inflight);
    flushHashes();
    while (inflight.size > 0) await Promise.race(inflight);
  }
}

/** A volume as a local file for a job. */
interface LocalVolume {
  readonly name: string;
  readonly path: string;
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
