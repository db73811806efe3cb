/**
 * A workspace for server task tests: source, destination, restore target and data folder under one temporary
 * directory, the real SQLite configuration store in that data folder, and BackupTasks over it. Tasks run as the
 * queue would run them, with a TaskControl whose progress events are recorded.
 * @module
 */
import { openConfigStore } from "../../lib/server/config_store/config_store.ts";
import type { BackupConfig, ConfigStore, NewBackup } from "../../lib/server/config_store/model.ts";
import type { TaskResultJson } from "../../lib/server/api_types.ts";
import { createBackupTasks } from "../../lib/server/tasks/backup_tasks.ts";
import type { BackupTasks } from "../../lib/server/tasks/backup_tasks_types.ts";
import type { ProgressEvent } from "../../lib/operations/progress.ts";
import type { TaskOutcome, TaskRequest } from "../../lib/server/tasks/task_types.ts";
import { assertEquals } from "./assert.ts";

/** The folders, store and tasks of one test. */
export interface TaskWorkspace {
  readonly root: string;
  readonly src: string;
  readonly dest: string;
  readonly destUrl: string;
  readonly data: string;
  readonly restore: string;
  readonly store: ConfigStore;
  readonly tasks: BackupTasks;
  /** Creates a backup of `src` to `dest` with small volumes; `settings` are added to the defaults. */
  createBackup(overrides?: Partial<NewBackup>): BackupConfig;
  /** Runs a task to its end; `onProgress` may call `stop()` to abort it. */
  run(
    request: TaskRequest,
    options?: { onProgress?: (event: ProgressEvent, stop: () => void) => void; signal?: AbortSignal },
  ): Promise<TaskOutcome>;
  /** The parsed JSON of the newest "Result" row of a backup. */
  lastResult(backupId: number): TaskResultJson;
  /** Names of the finished files at the destination, sorted. */
  remoteNames(): string[];
}

let nextTaskId = 1;

/** Runs `fn` with a fresh workspace; closes the store and removes everything afterwards. */
export async function withTaskWorkspace(fn: (ws: TaskWorkspace) => Promise<void>): Promise<void> {
  const root = Deno.makeTempDirSync({ prefix: "task-test-" });
  const data = `${root}/data`;
  for (const dir of ["src", "dest", "restore"]) Deno.mkdirSync(`${root}/${dir}`);
  Deno.mkdirSync(data, { mode: 0o700 });
  const store = openConfigStore({
    path: `${data}/Duplicati-server.sqlite`,
    dataFolder: data,
    key: crypto.getRandomValues(new Uint8Array(32)),
  });
  const tasks = createBackupTasks({ store, dataFolder: data, executableDir: root });
  const ws: TaskWorkspace = {
    root,
    src: `${root}/src`,
    dest: `${root}/dest`,
    destUrl: `file://${root}/dest`,
    data,
    restore: `${root}/restore`,
    store,
    tasks,
    createBackup(overrides = {}) {
      return store.createBackup({
        name: "Documents",
        description: "",
        tags: [],
        targetUrl: `file://${root}/dest`,
        externalId: null,
        sources: [`${root}/src`],
        settings: [
          { filter: "", name: "passphrase", value: "correct horse battery" },
          { filter: "", name: "--blocksize", value: "1kb" },
          { filter: "", name: "dblock-size", value: "64kb" },
        ],
        filters: [],
        ...overrides,
      });
    },
    async run(request, options = {}) {
      const controller = new AbortController();
      options.signal?.addEventListener("abort", () => controller.abort(), { once: true });
      const stop = () => controller.abort(new Error("Stopped by the test"));
      return await request.run({
        id: nextTaskId++,
        signal: controller.signal,
        progress: (event) => options.onProgress?.(event, stop),
        whileRunning: () => Promise.resolve(),
      });
    },
    lastResult(backupId) {
      const rows = store.listBackupLog(backupId, { pageSize: 1, type: "Result" });
      assertEquals(rows.length, 1, "expected a Result row");
      return JSON.parse(rows[0]!.message) as TaskResultJson;
    },
    remoteNames() {
      return [...Deno.readDirSync(`${root}/dest`)].filter((e) => e.isFile).map((e) => e.name)
        .filter((n) => !/\.partial-[a-z0-9]+$/.test(n)).sort();
    },
  };
  try {
    await fn(ws);
  } finally {
    store.close();
    Deno.removeSync(root, { recursive: true });
  }
}
