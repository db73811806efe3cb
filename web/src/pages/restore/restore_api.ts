/**
 * The restore wizard's requests beyond plain GETs: folder listings of a backup version, a task waited for to its
 * end, the result row a task wrote in the backup's log, and the wire shape of direct restore's connect answer.
 * @module
 */
import type { FilesResultDto, LogRowDto, TaskDto, TaskResultJson } from "../../../../lib/server/api_types.ts";
import { api } from "../../api/client.ts";
import { resultOf } from "../../components/run_result.ts";

/** The answer of POST /directrestore/connect (lib/server/routes/direct_restore.ts). */
export interface DirectRestoreConnected {
  readonly ID: string;
  readonly TaskID: number;
  readonly Versions: number;
  readonly Encrypted: boolean;
}

/** One entry of a folder listing: its path (folders end with a separator) and size (-1 for folders). */
export interface ListedEntry {
  readonly path: string;
  readonly size: number;
}

/** `/backup/{id}` with the id encoded. */
export function backupPath(backupId: string): string {
  return `/backup/${encodeURIComponent(backupId)}`;
}

/** The children of `folder` in the version at `time`; the roots (the backed-up sources) for `folder` undefined. */
export async function listFolder(backupId: string, time: string, folder: string | undefined): Promise<ListedEntry[]> {
  const query = new URLSearchParams({ time, "folder-contents": "true" });
  if (folder !== undefined) query.set("filter", `@${folder}`);
  const answer = await api.get<FilesResultDto>(`${backupPath(backupId)}/files?${query}`);
  return answer.Files.map((f) => ({ path: f.Path, size: f.Sizes[0] ?? -1 }));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls GET /task/{id} until the task has ended (or `signal` aborts); returns its final state. */
export async function waitForTask(taskId: number, signal?: AbortSignal): Promise<TaskDto> {
  for (;;) {
    const task = await api.get<TaskDto>(`/task/${taskId}`);
    if (task.Status === "Completed" || task.Status === "Failed") return task;
    if (signal?.aborted) throw new Error("Stopped waiting for the task");
    await sleep(400);
  }
}

/** The result the task wrote in the backup's log ("Result" row with its OperationID), if it wrote one. */
export async function taskResult(backupId: string, taskId: number): Promise<TaskResultJson | undefined> {
  const rows = await api.get<LogRowDto[]>(`${backupPath(backupId)}/log?pagesize=50`);
  for (const row of rows) {
    if (row.OperationID !== taskId) continue;
    const result = resultOf(row);
    if (result) return result;
  }
  return undefined;
}
