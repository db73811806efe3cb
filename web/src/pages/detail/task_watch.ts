/**
 * Follows the tasks the detail page starts (run, verify, compact, repair, vacuum, delete versions): polls
 * GET /task/{id} until it is Completed or Failed, then reads the run's "Result" row from the backup's log (its
 * OperationID is the task id) so the page can say what happened in the server's own words.
 * @module
 */
import type { LogRowDto, TaskDto, TaskResultJson, TaskStarted } from "../../../../lib/server/api_types.ts";
import { useEffect, useRef, useState } from "preact/hooks";
import { api, errorMessage } from "../../api/client.ts";
import { resultOf } from "../../components/run_result.ts";
import { refreshLiveState } from "../../state/server_state.ts";

/** One followed task. */
export interface WatchedTask {
  /** Unique within the page. */
  readonly key: number;
  /** What the user asked for: "Verify", "Compact", "Delete versions 1, 2" … */
  readonly label: string;
  readonly taskId: number | undefined;
  /** "Starting" until the server answered with a task id. */
  readonly status: TaskDto["Status"] | "Starting";
  /** Why it could not start or why it failed (the server's message). */
  readonly error: string | undefined;
  readonly result: TaskResultJson | undefined;
}

/** How many finished tasks stay listed. */
const KEEP = 4;
const POLL_MS = 800;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The followed tasks of backup `backupId` and `start` to add one. */
export function useTaskWatch(backupId: string): {
  tasks: readonly WatchedTask[];
  start: (label: string, request: () => Promise<TaskStarted>, options?: { onDone?: () => void }) => Promise<void>;
  dismiss: (key: number) => void;
} {
  const [tasks, setTasks] = useState<readonly WatchedTask[]>([]);
  const alive = useRef(true);
  const counter = useRef(0);
  useEffect(() => () => void (alive.current = false), []);

  const update = (key: number, patch: Partial<WatchedTask>) =>
    alive.current && setTasks((list) => list.map((t) => (t.key === key ? { ...t, ...patch } : t)));

  const start = async (label: string, request: () => Promise<TaskStarted>, options: { onDone?: () => void } = {}) => {
    const key = ++counter.current;
    const fresh: WatchedTask = {
      key,
      label,
      taskId: undefined,
      status: "Starting",
      error: undefined,
      result: undefined,
    };
    setTasks((list) => [fresh, ...list.filter((t) => !isDone(t)), ...list.filter(isDone).slice(0, KEEP - 1)]);
    let taskId: number;
    try {
      taskId = (await request()).ID;
    } catch (error) {
      update(key, { status: "Failed", error: errorMessage(error) });
      return;
    }
    update(key, { taskId, status: "Waiting" });
    void refreshLiveState();
    while (alive.current) {
      let task: TaskDto;
      try {
        task = await api.get<TaskDto>(`/task/${taskId}`);
      } catch (error) {
        update(key, { status: "Failed", error: `Lost track of the task: ${errorMessage(error)}` });
        return;
      }
      if (task.Status === "Completed" || task.Status === "Failed") {
        const result = await resultRow(backupId, taskId);
        update(key, { status: task.Status, error: task.ErrorMessage ?? undefined, result });
        options.onDone?.();
        return;
      }
      update(key, { status: task.Status });
      await sleep(POLL_MS);
    }
  };

  const dismiss = (key: number) => setTasks((list) => list.filter((t) => t.key !== key));
  return { tasks, start, dismiss };
}

/** Whether a followed task has ended. */
export function isDone(task: WatchedTask): boolean {
  return task.status === "Completed" || task.status === "Failed";
}

/** True while a followed task of this label (or any, without one) has not ended. */
export function isBusy(tasks: readonly WatchedTask[], label?: string): boolean {
  return tasks.some((t) => !isDone(t) && (label === undefined || t.label === label));
}

async function resultRow(backupId: string, taskId: number): Promise<TaskResultJson | undefined> {
  try {
    const rows = await api.get<LogRowDto[]>(`/backup/${encodeURIComponent(backupId)}/log?pagesize=20`);
    const row = rows.find((r) => r.OperationID === taskId && r.Type === "Result");
    return row ? resultOf(row) : undefined;
  } catch {
    return undefined; // the task's own status and message still say what happened
  }
}
