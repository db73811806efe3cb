/**
 * Uploads sealed volume files with bounded concurrency; each volume's state moves to Uploaded when its put
 * completes, and its temp file is removed. A job's `then` (a dblock's dindex) starts only after the job's put. The first failure is rethrown by {@link UploadQueue.drain}.
 * @module
 */
import { type Backend, uploadSourceFromFile } from "../../backends/backend.ts";
import type { Db } from "../../database/connection.ts";
import { setVolumeState } from "../../database/remote_volumes.ts";
import type { ProgressSink } from "../progress.ts";

export interface UploadJob {
  readonly volumeId: number;
  readonly name: string;
  readonly path: string;
  readonly size: number;
  /** Runs after the put succeeded and the state was recorded. */
  readonly after?: () => void;
  /**
   * Uploaded in the same slot once this one is at the destination: a dblock's dindex, which must never exist
   * remotely without its dblock (a kill between the two leaves a dblock without index, which recovery and
   * repair handle, never an index that points at nothing).
   */
  readonly then?: UploadJob;
}

export class UploadQueue {
  readonly #running = new Set<Promise<void>>();
  #error: unknown;
  #uploadedBytes = 0;
  #uploadedFiles = 0;

  constructor(
    private readonly backend: Backend,
    private readonly db: Db,
    private readonly options: { readonly concurrency: number; readonly progress: ProgressSink },
  ) {}

  get uploadedBytes(): number {
    return this.#uploadedBytes;
  }

  get uploadedFiles(): number {
    return this.#uploadedFiles;
  }

  /** Queues a job; waits while `concurrency` uploads are running. Jobs start in the order they are added. */
  async add(job: UploadJob): Promise<void> {
    this.#throwIfFailed();
    while (this.#running.size >= Math.max(1, this.options.concurrency)) await Promise.race(this.#running);
    this.#throwIfFailed();
    const task = this.#upload(job).catch((error) => {
      this.#error ??= error;
    }).finally(() => this.#running.delete(task));
    this.#running.add(task);
  }

  /** Waits for every upload; throws the first failure. */
  async drain(): Promise<void> {
    while (this.#running.size > 0) await Promise.race(this.#running);
    this.#throwIfFailed();
  }

  async #upload(job: UploadJob): Promise<void> {
    this.options.progress({ type: "transfer", action: "put", remoteName: job.name, size: job.size, done: false });
    await this.backend.put(job.name, uploadSourceFromFile(job.path));
    setVolumeState(this.db, job.volumeId, { state: "Uploaded" });
    try {
      Deno.removeSync(job.path);
    } catch {
      // already removed
    }
    this.#uploadedBytes += job.size;
    this.#uploadedFiles++;
    this.options.progress({ type: "transfer", action: "put", remoteName: job.name, size: job.size, done: true });
    job.after?.();
    if (job.then) await this.#upload(job.then);
  }

  #throwIfFailed(): void {
    if (this.#error !== undefined) throw this.#error;
  }
}
