/**
 * The running restore and its result. While the task runs, its live progress (phase, files and bytes done and
 * left, current file, Stop) comes from the live state; when GET /task/{id} says it ended, the result the task
 * wrote in the backup's log gives the outcome, warnings, errors and what was restored.
 * @module
 */
import type { TaskDto, TaskResultJson } from "../../../../lib/server/api_types.ts";
import { useEffect, useState } from "preact/hooks";
import { durationWords, resultDurationMs } from "../../components/run_result.ts";
import { TaskProgress } from "../../components/task_progress.tsx";
import { ErrorBox, Notice } from "../../components/ui.tsx";
import { useLiveState } from "../../state/server_state.ts";
import { taskResult, waitForTask } from "./restore_api.ts";
import { type Selection, selectionWords } from "./selection.ts";

/** How a restore ended: the task's final state and the result it recorded (absent when it recorded none). */
export interface Outcome {
  readonly task: TaskDto;
  readonly result: TaskResultJson | undefined;
}

export function RunStep(props: { backupId: string; taskId: number; name: string; onDone: (o: Outcome) => void }) {
  const { progress, status } = useLiveState();
  const [error, setError] = useState<unknown>(undefined);
  useEffect(() => {
    const stop = new AbortController();
    void (async () => {
      try {
        const task = await waitForTask(props.taskId, stop.signal);
        const result = await taskResult(props.backupId, props.taskId);
        if (!stop.signal.aborted) props.onDone({ task, result });
      } catch (e) {
        if (!stop.signal.aborted) setError(e);
      }
    })();
    return () => stop.abort();
  }, [props.taskId]);
  const active = status?.ActiveTask;
  const waiting = active !== null && active !== undefined && active.Item1 !== props.taskId;
  const paused = status?.ProgramState === "Paused" && (active === null || active === undefined);
  return (
    <section class="card" aria-labelledby="restore-run-heading">
      <h2 id="restore-run-heading">Restoring</h2>
      {paused
        ? (
          <Notice kind="warning">
            The server is paused, so the restore is waiting in the queue. It starts as soon as the server is resumed
            (Resume in the top bar).
          </Notice>
        )
        : null}
      {waiting
        ? <p class="muted">Waiting for another task to finish first; the restore starts right after it.</p>
        : paused
        ? null
        : (
          <TaskProgress
            taskId={props.taskId}
            name={props.name}
            progress={progress?.TaskID === props.taskId ? progress : undefined}
          />
        )}
      <ErrorBox error={error} title="Lost track of the restore" />
    </section>
  );
}

type Kind = "success" | "warning" | "error";

function kindOf(outcome: Outcome): Kind {
  const parsed = outcome.result?.ParsedResult;
  if (outcome.task.Status === "Failed" || parsed === "Error" || parsed === "Fatal") return "error";
  return parsed === "Warning" ? "warning" : "success";
}

const HEADINGS: Readonly<Record<Kind, string>> = {
  success: "The restore finished",
  warning: "The restore finished with warnings",
  error: "The restore failed",
};

export function ResultView(props: {
  outcome: Outcome;
  selection: Selection;
  target: string | undefined;
  temporary: boolean;
  onMore: () => void;
  onDone: () => void;
}) {
  const { task, result } = props.outcome;
  const kind = kindOf(props.outcome);
  const errors = [...(result?.Errors ?? [])];
  if (task.ErrorMessage && !errors.includes(task.ErrorMessage)) errors.unshift(task.ErrorMessage);
  const warnings = result?.Warnings ?? [];
  // The duration is shown above as "Took".
  const details = (result?.Messages ?? []).map((m) => m.trim()).filter((m) => m !== "" && !/^Duration of /.test(m));
  const took = result ? durationWords(resultDurationMs(result)) : "";
  return (
    <section class="card" aria-labelledby="restore-result-heading">
      <div
        class={`box box-${kind === "error" ? "error" : kind} result-banner`}
        role={kind === "error" ? "alert" : "status"}
      >
        <h2 id="restore-result-heading">{HEADINGS[kind]}</h2>
        <dl class="result-facts">
          <div>
            <dt>Selected</dt>
            <dd>{selectionWords(props.selection).replace(/ selected$/, "")}</dd>
          </div>
          <div>
            <dt>Restore to</dt>
            <dd>{props.target ? <code>{props.target}</code> : "The original location"}</dd>
          </div>
          {took
            ? (
              <div>
                <dt>Took</dt>
                <dd>{took}</dd>
              </div>
            )
            : null}
        </dl>
      </div>
      {details.length > 0
        ? (
          <>
            <h3>What the restore did</h3>
            <ul class="result-lines">
              {details.map((line, i) => <li key={i}>{line}</li>)}
            </ul>
          </>
        )
        : null}
      {errors.length > 0
        ? (
          <>
            <h3>Errors ({errors.length})</h3>
            <ul class="result-lines result-errors">
              {errors.map((line, i) => <li key={i}>{line}</li>)}
            </ul>
          </>
        )
        : null}
      {warnings.length > 0
        ? (
          <>
            <h3>Warnings ({warnings.length})</h3>
            <ul class="result-lines result-warnings">
              {warnings.map((line, i) => <li key={i}>{line}</li>)}
            </ul>
          </>
        )
        : null}
      <div class="button-row">
        <button type="button" class="primary" onClick={props.onMore}>Restore more</button>
        <button type="button" onClick={props.onDone}>Done</button>
        {props.temporary
          ? (
            <span class="muted small">
              Done lets go of the destination and deletes the server's copy of its file lists.
            </span>
          )
          : null}
      </div>
    </section>
  );
}
