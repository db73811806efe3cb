/**
 * Runs restore jobs on a few workers (one per core by default), or in-process when asked for none. Each worker
 * takes jobs in order; a job goes to the worker with the fewest queued. Jobs name files, so messages stay small.
 * @module
 */
import { type RestoreJob, type RestoreJobResult, runRestoreJob } from "./volume_job.ts";

interface Slot {
  readonly worker: Worker | undefined;
  /** Resolvers of the jobs sent and not answered yet, oldest first. */
  readonly waiting: { resolve: (r: RestoreJobResult) => void; reject: (e: Error) => void }[];
  /** In-process mode: the chain jobs run on. */
  chain: Promise<void>;
}

export class RestoreJobPool {
  readonly #slots: Slot[] = [];

  /** `workers` = 0 runs the jobs on the calling thread (tests, tiny restores). */
  constructor(workers: number) {
    for (let i = 0; i < Math.max(1, workers); i++) {
      const worker = workers > 0
        ? new Worker(new URL("./restore_worker.ts", import.meta.url).href, { type: "module" })
        : undefined;
      const slot: Slot = { worker, waiting: [], chain: Promise.resolve() };
      if (worker) {
        worker.onmessage = (event: MessageEvent<RestoreJobResult>) => slot.waiting.shift()?.resolve(event.data);
        worker.onerror = (event) => {
          event.preventDefault();
          const error = new Error(`A restore worker failed: ${event.message}`);
          for (const waiter of slot.waiting.splice(0)) waiter.reject(error);
        };
      }
      this.#slots.push(slot);
    }
  }

  get size(): number {
    return this.#slots.length;
  }

  /** Runs `job` on the least busy worker. */
  run(job: RestoreJob): Promise<RestoreJobResult> {
    const slot = this.#slots.reduce((best, s) => s.waiting.length < best.waiting.length ? s : best);
    return new Promise<RestoreJobResult>((resolve, reject) => {
      slot.waiting.push({ resolve, reject });
      if (slot.worker) slot.worker.postMessage(job);
      else {
        slot.chain = slot.chain.then(async () => {
          const result = await runRestoreJob(job);
          slot.waiting.shift()?.resolve(result);
        });
      }
    });
  }

  close(): void {
    for (const slot of this.#slots) slot.worker?.terminate();
  }
}
