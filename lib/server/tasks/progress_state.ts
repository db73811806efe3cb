/**
 * Folds the engine's progress events (lib/operations/progress.ts) into the ProgressState that GET /progressstate
 * returns. One tracker per running task; the queue hands its `sink` to the task and reads `state()`.
 *
 * - "phase" sets Phase; a phase ending in "_Complete" makes OverallProgress 1 and the estimate 0.
 * - "counted" sets TotalFileCount/TotalFileSize; StillCounting is true while counting events say `done: false`
 *   (false before any counting event).
 * - "file" (a file is being processed) adds one file and its size to the processed totals and makes it the
 *   current file; "processed" adds its files and bytes (both are increments).
 * - "transfer" sets BackendAction ("Put", "Get", "List", "Delete"), BackendPath and BackendFileSize;
 *   ActiveTransfers lists the started, unfinished ones; BackendSpeed is the bytes of finished puts and gets per
 *   second since the first transfer started.
 * - OverallProgress: processed bytes / total bytes once counting is done (files / files when the total size is 0),
 *   clamped to 0..1; 0 while totals are unknown. Speed: processed bytes per second since the tracker was made.
 *   EstimatedTimeToCompletion: seconds left at that speed, -1 when totals or speed are unknown.
 * @module
 */
import type { Clock } from "../clock.ts";
import type { ProgressEvent, ProgressSink } from "../../operations/progress.ts";
import type { ProgressState } from "../api_types.ts";

interface Transfer {
  readonly action: string;
  readonly path: string;
  readonly size: number;
}

const ACTION_NAMES: Readonly<Record<string, string>> = { put: "Put", get: "Get", list: "List", delete: "Delete" };

export class ProgressTracker {
  /** The engine-facing side: pass it as the task's `progress`. Never throws. */
  readonly sink: ProgressSink;
  readonly #clock: Clock;
  readonly #taskId: number;
  readonly #backupId: string;
  readonly #startedAt: number;
  #phase: string;
  #processedFiles = 0;
  #processedBytes = 0;
  #totalFiles = 0;
  #totalBytes = 0;
  #counting = false;
  #countedOnce = false;
  #currentFile: string | null = null;
  #currentSize = 0;
  #backend: Transfer | undefined;
  #backendDone = false;
  #active = new Map<string, Transfer>();
  #firstTransferAt: number | undefined;
  #transferredBytes = 0;

  /** `phase` is the Phase shown before the first phase event (default ""). */
  constructor(env: { taskId: number; backupId: string; clock: Clock; phase?: string }) {
    this.#clock = env.clock;
    this.#taskId = env.taskId;
    this.#backupId = env.backupId;
    this.#startedAt = env.clock.now();
    this.#phase = env.phase ?? "";
    this.sink = (event) => {
      try {
        this.apply(event);
      } catch {
        // Progress must never break the operation that reports it.
      }
    };
  }

  apply(event: ProgressEvent): void {
    switch (event.type) {
      case "phase":
        this.#phase = event.phase;
        break;
      case "counted":
        this.#totalFiles = event.files;
        this.#totalBytes = event.bytes;
        this.#counting = !event.done;
        this.#countedOnce = true;
        break;
      case "file":
        this.#processedFiles++;
        this.#processedBytes += event.size;
        this.#currentFile = event.path;
        this.#currentSize = event.size;
        break;
      case "processed":
        this.#processedFiles += event.files;
        this.#processedBytes += event.bytes;
        break;
      case "transfer":
        this.#transfer(event);
        break;
    }
  }

  /** The current ProgressState. */
  state(): ProgressState {
    const now = this.#clock.now();
    const seconds = (now - this.#startedAt) / 1000;
    const speed = seconds > 0 ? this.#processedBytes / seconds : 0;
    const complete = this.#phase.endsWith("_Complete");
    const known = this.#countedOnce && !this.#counting && (this.#totalBytes > 0 || this.#totalFiles > 0);
    let overall = 0;
    if (complete) overall = 1;
    else if (known && this.#totalBytes > 0) overall = this.#processedBytes / this.#totalBytes;
    else if (known) overall = this.#processedFiles / this.#totalFiles;
    let eta = -1;
    if (complete) eta = 0;
    else if (known && this.#totalBytes > 0 && speed > 0) {
      eta = Math.max(0, Math.ceil((this.#totalBytes - this.#processedBytes) / speed));
    }
    const transferSeconds = this.#firstTransferAt === undefined ? 0 : (now - this.#firstTransferAt) / 1000;
    const backend = this.#backend;
    return {
      BackupID: this.#backupId,
      TaskID: this.#taskId,
      Phase: this.#phase,
      OverallProgress: Math.min(1, Math.max(0, overall)),
      ProcessedFileCount: this.#processedFiles,
      ProcessedFileSize: this.#processedBytes,
      TotalFileCount: this.#totalFiles,
      TotalFileSize: this.#totalBytes,
      StillCounting: this.#counting,
      CurrentFilename: this.#currentFile,
      CurrentFilesize: this.#currentSize,
      CurrentFileoffset: 0,
      CurrentFilecomplete: false,
      BackendAction: backend?.action ?? "",
      BackendPath: backend?.path ?? null,
      BackendFileSize: backend?.size ?? 0,
      BackendFileProgress: backend && this.#backendDone ? backend.size : 0,
      BackendSpeed: transferSeconds > 0 ? Math.round(this.#transferredBytes / transferSeconds) : 0,
      BackendIsBlocking: false,
      ActiveTransfers: [...this.#active.values()].map((transfer) => ({
        BackendAction: transfer.action,
        BackendPath: transfer.path,
        BackendFileSize: transfer.size,
        BackendFileProgress: 0,
        BackendSpeed: 0,
        BackendIsBlocking: false,
      })),
      Speed: Math.round(speed),
      EstimatedTimeToCompletion: eta,
      RemoteSyncDestinationIndex: 0,
      RemoteSyncDestinationCount: 0,
    };
  }

  #transfer(event: Extract<ProgressEvent, { type: "transfer" }>): void {
    const transfer = { action: ACTION_NAMES[event.action] ?? event.action, path: event.remoteName, size: event.size };
    const key = `${event.action}:${event.remoteName}`;
    this.#backend = transfer;
    this.#backendDone = event.done;
    this.#firstTransferAt ??= this.#clock.now();
    if (!event.done) {
      this.#active.set(key, transfer);
      return;
    }
    this.#active.delete(key);
    if (event.action === "put" || event.action === "get") this.#transferredBytes += event.size;
  }
}
