/**
 * One backup on the home page: name (to its detail page), description, state (running, waiting, last result),
 * last run, next scheduled run, source and backup size, version count; Run now, Restore and Edit; and the live
 * progress with Stop while a task runs for it.
 * @module
 */
import type { BackupEnvelope, ProgressState, ServerStatus } from "../../../../lib/server/api_types.ts";
import { api } from "../../api/client.ts";
import { durationWords, resultBadge, resultLabel } from "../../components/run_result.ts";
import { TaskProgress } from "../../components/task_progress.tsx";
import { ErrorBox, useAction } from "../../components/ui.tsx";
import { formatRelative, formatSizeText, formatTime } from "../../format.ts";
import { href } from "../../router.ts";
import { refreshLiveState } from "../../state/server_state.ts";
import type { LastRun } from "./last_runs.ts";

/** Where a backup stands in the server's queue. */
export interface QueueState {
  /** The running task's id when it is this backup's. */
  readonly runningTask: number | undefined;
  readonly queued: boolean;
  /** The next planned run (ISO), from the server's proposed schedule or the backup's schedule. */
  readonly nextRun: string | undefined;
}

/** The queue state of backup `id` in `status`. */
export function queueState(status: ServerStatus | undefined, envelope: BackupEnvelope): QueueState {
  const id = envelope.Backup.ID;
  const active = status?.ActiveTask;
  const proposed = status?.ProposedSchedule.find((p) => p.Item1 === id)?.Item2;
  const schedule = envelope.Schedule;
  const scheduled = schedule && schedule.Repeat !== "" ? schedule.Time : undefined;
  return {
    runningTask: active && active.Item2 === id ? active.Item1 : undefined,
    queued: status?.SchedulerQueueIds.some((q) => q.Item2 === id) ?? false,
    nextRun: proposed ?? scheduled,
  };
}

export function BackupCard(
  props: {
    envelope: BackupEnvelope;
    lastRun: LastRun | undefined;
    queue: QueueState;
    progress: ProgressState | undefined;
  },
) {
  const { Backup: backup } = props.envelope;
  const { queue, lastRun } = props;
  const id = encodeURIComponent(backup.ID);
  const headingId = `backup-${backup.ID}-name`;
  const [run, starting, runError] = useAction(async () => {
    await api.post(`/backup/${id}/run`);
    await refreshLiveState();
  });
  const running = queue.runningTask !== undefined;
  const meta = backup.Metadata;
  const sourceSize = formatSizeText(meta.SourceFilesSize);
  const sourceCount = meta.SourceFilesCount ? Number(meta.SourceFilesCount) : undefined;
  const targetSize = formatSizeText(meta.TargetFilesSize);
  const versions = meta.BackupListCount ?? meta.TargetFilesetsCount;

  return (
    <article class="card backup-card" aria-labelledby={headingId}>
      <div class="backup-card-head">
        <h2 id={headingId}>
          <a href={href(`/backup/${id}`)}>{backup.Name}</a>
        </h2>
        <StateBadge queue={queue} lastRun={lastRun} />
        <div class="backup-card-actions">
          <button
            type="button"
            class="primary"
            disabled={starting || running || queue.queued}
            onClick={() => void run()}
          >
            Run now
          </button>
          <a class="button" href={href(`/restore/${id}`)}>Restore</a>
          <a class="button" href={href(`/backup/${id}/edit`)}>Edit</a>
        </div>
      </div>
      {backup.Description ? <p class="backup-card-description">{backup.Description}</p> : null}
      <dl class="backup-facts">
        <div>
          <dt>Last run</dt>
          <dd>{lastRunText(lastRun)}</dd>
        </div>
        <div>
          <dt>Next run</dt>
          <dd>
            {queue.nextRun
              ? (
                <>
                  {formatTime(queue.nextRun)} <span class="muted">({formatRelative(queue.nextRun)})</span>
                </>
              )
              : <span class="muted">Not scheduled</span>}
          </dd>
        </div>
        <div>
          <dt>Source</dt>
          <dd>
            {sourceSize || <span class="muted">Not known yet</span>}
            {sourceSize && sourceCount !== undefined
              ? <span class="muted">({sourceCount.toLocaleString()} files)</span>
              : null}
          </dd>
        </div>
        <div>
          <dt>Backup size</dt>
          <dd>{targetSize || <span class="muted">Nothing stored yet</span>}</dd>
        </div>
        <div>
          <dt>Versions</dt>
          <dd>{versions ?? "0"}</dd>
        </div>
      </dl>
      {lastRun?.error && !running ? <p class="backup-card-error">Last error: {lastRun.error}</p> : null}
      {lastRun?.result === "Warning" && lastRun.warning && !running
        ? (
          <p class="backup-card-warning">
            Last warning: {lastRun.warning}
            {lastRun.warnings > 1 ? ` (and ${lastRun.warnings - 1} more, see the log)` : ""}
          </p>
        )
        : null}
      <ErrorBox error={runError} title="Could not start the backup" />
      {running
        ? (
          <TaskProgress
            key={queue.runningTask}
            taskId={queue.runningTask!}
            name={backup.Name}
            progress={props.progress}
          />
        )
        : null}
    </article>
  );
}

function StateBadge(props: { queue: QueueState; lastRun: LastRun | undefined }) {
  if (props.queue.runningTask !== undefined) return <span class="badge badge-active">Running</span>;
  if (props.queue.queued) return <span class="badge badge-active">Waiting to run</span>;
  const result = props.lastRun?.result;
  if (result) {
    const warnings = props.lastRun!.warnings;
    return (
      <span class={resultBadge(result)}>
        {resultLabel(result)}
        {result === "Warning" && warnings > 0 ? ` (${warnings})` : ""}
      </span>
    );
  }
  if (props.lastRun) return <span class="badge badge-ok">Completed</span>;
  return <span class="badge">Never run</span>;
}

function lastRunText(lastRun: LastRun | undefined): string {
  if (!lastRun) return "Never";
  const took = durationWords(lastRun.durationMs);
  return `${formatTime(lastRun.finished)}${took ? `, took ${took}` : ""}`;
}
