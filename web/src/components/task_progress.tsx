/**
 * The live progress of a running task, as the home page and the backup detail page show it: the phase in words,
 * a progress bar, files and bytes done and left, speed, time left and the current file or upload, with Stop and
 * (after a confirmation) Abort.
 * @module
 */
import type { ProgressState } from "../../../lib/server/api_types.ts";
import { useState } from "preact/hooks";
import { api } from "../api/client.ts";
import { formatSeconds, formatSize, formatSpeed } from "../format.ts";
import { refreshLiveState } from "../state/server_state.ts";
import { Dialog, ErrorBox, useAction } from "./ui.tsx";

const PHASES: Readonly<Record<string, string>> = {
  Backup_Begin: "Starting the backup",
  Backup_PreBackupVerify: "Checking the files at the destination",
  Backup_ProcessingFiles: "Backing up files",
  Backup_WaitForUpload: "Finishing the uploads",
  Backup_Complete: "Finishing the backup",
  Restore_Begin: "Starting the restore",
  Restore_RecreateDatabase: "Rebuilding the local database for the restore",
  Restore_PreRestoreVerify: "Checking the files at the destination",
  Restore_CreateFolders: "Creating folders",
  Restore_DownloadingRemoteFiles: "Downloading and restoring files",
  Restore_PostRestoreVerify: "Checking the restored files",
  Restore_Complete: "Finishing the restore",
  List_Begin: "Listing",
  List_Complete: "Listing done",
  Delete_Begin: "Starting to delete",
  Delete_Deleting: "Deleting",
  Delete_Complete: "Finishing the delete",
  Compact_Begin: "Starting to compact",
  Compact_Downloading: "Compacting: downloading volumes to repack",
  Compact_Complete: "Finishing the compact",
  Verify_Begin: "Starting to verify",
  Verify_Running: "Verifying files at the destination",
  Verify_Complete: "Finishing the verify",
  Repair_Begin: "Starting the repair",
  Repair_RecreateDatabase: "Rebuilding the local database",
  Repair_Complete: "Finishing the repair",
  Purge_Begin: "Purging files",
  Purge_Complete: "Finishing the purge",
  Vacuum_Begin: "Compacting the local database",
  DeleteBackup_Begin: "Deleting the backup",
};

/** The phase of a progress state in words ("Backing up files"). */
export function phaseWords(phase: string): string {
  if (PHASES[phase]) return PHASES[phase];
  const [operation = "", step = ""] = phase.split("_", 2);
  if (operation === "") return "Working";
  return step === "Begin" ? `Starting: ${operation.toLowerCase()}` : `${operation}: ${step}`.replace(/: $/, "");
}

/** Progress 0..1 when it is known, else undefined (still counting, or nothing counted yet). */
export function knownFraction(progress: ProgressState | undefined): number | undefined {
  if (!progress) return undefined;
  if (progress.Phase.endsWith("_Complete")) return 1;
  if (progress.StillCounting || (progress.TotalFileCount === 0 && progress.TotalFileSize === 0)) return undefined;
  return Math.min(1, Math.max(0, progress.OverallProgress));
}

/** A progress bar; without a fraction it shows activity without a percentage. */
export function ProgressBar(props: { fraction: number | undefined; label: string }) {
  const percent = props.fraction === undefined ? undefined : Math.round(props.fraction * 100);
  return (
    <div
      class={percent === undefined ? "progress progress-indeterminate" : "progress"}
      role="progressbar"
      aria-label={props.label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      aria-valuetext={percent === undefined ? "working, total not known yet" : `${percent}%`}
    >
      <span style={{ width: percent === undefined ? undefined : `${percent}%` }} />
    </div>
  );
}

/**
 * The progress of task `taskId` (running for the backup named `name`), with Stop and Abort. `progress` is
 * undefined until the first progress state arrives.
 */
export function TaskProgress(props: { taskId: number; name: string; progress: ProgressState | undefined }) {
  const { progress } = props;
  const [confirmAbort, setConfirmAbort] = useState(false);
  const [stopRequested, setStopRequested] = useState(false);
  const [control, busy, error] = useAction(async (how: "stop" | "abort") => {
    await api.post(`/task/${props.taskId}/${how}`);
    setStopRequested(true);
    setConfirmAbort(false);
    await refreshLiveState();
  });
  const fraction = knownFraction(progress);
  const phase = progress ? phaseWords(progress.Phase) : "Starting";
  return (
    <div class="task-progress" aria-live="polite">
      <div class="task-progress-head">
        <strong>{phase}</strong>
        {fraction !== undefined ? <span class="task-progress-percent">{Math.round(fraction * 100)}%</span> : null}
        <span class="task-progress-actions">
          <button type="button" disabled={busy || stopRequested} onClick={() => void control("stop")}>
            {stopRequested ? "Stopping…" : "Stop"}
          </button>
          <button type="button" class="link-button" disabled={busy} onClick={() => setConfirmAbort(true)}>
            Abort…
          </button>
        </span>
      </div>
      <ProgressBar fraction={fraction} label={`Progress of ${props.name}`} />
      {progress ? <ProgressFacts progress={progress} /> : <p class="muted small">Waiting for the first progress…</p>}
      <ErrorBox error={error} title="Could not stop the task" />
      {confirmAbort
        ? (
          <Dialog title={`Abort ${props.name}?`} onClose={() => setConfirmAbort(false)}>
            <p>
              Abort ends the task right away instead of at the next safe point. What was already uploaded stays at the
              destination and the next run continues from there. Use it when Stop does not end the task.
            </p>
            <div class="button-row">
              <button type="button" class="danger" disabled={busy} onClick={() => void control("abort")}>
                Abort now
              </button>
              <button type="button" onClick={() => setConfirmAbort(false)}>Keep running</button>
            </div>
          </Dialog>
        )
        : null}
    </div>
  );
}

function ProgressFacts(props: { progress: ProgressState }) {
  const p = props.progress;
  const filesLeft = Math.max(0, p.TotalFileCount - p.ProcessedFileCount);
  const bytesLeft = Math.max(0, p.TotalFileSize - p.ProcessedFileSize);
  const counted = p.TotalFileCount > 0 || p.TotalFileSize > 0;
  const eta = p.EstimatedTimeToCompletion;
  const upload = p.BackendPath && p.BackendAction ? `${transferWord(p.BackendAction)} ${p.BackendPath}` : "";
  return (
    <dl class="task-progress-facts">
      <div>
        <dt>Files</dt>
        <dd>
          {counted
            ? `${p.ProcessedFileCount.toLocaleString()} of ${p.TotalFileCount.toLocaleString()} (${filesLeft.toLocaleString()} left)`
            : `${p.ProcessedFileCount.toLocaleString()} done`}
          {p.StillCounting ? " · still counting" : ""}
        </dd>
      </div>
      <div>
        <dt>Data</dt>
        <dd>
          {counted
            ? `${formatSize(p.ProcessedFileSize)} of ${formatSize(p.TotalFileSize)} (${formatSize(bytesLeft)} left)`
            : formatSize(p.ProcessedFileSize)}
        </dd>
      </div>
      <div>
        <dt>Speed</dt>
        <dd>{formatSpeed(p.Speed) || "—"}</dd>
      </div>
      <div>
        <dt>Time left</dt>
        <dd>{eta > 0 ? `about ${formatSeconds(eta)}` : eta === 0 ? "almost done" : "not known yet"}</dd>
      </div>
      {p.CurrentFilename
        ? (
          <div class="task-progress-wide">
            <dt>Current file</dt>
            <dd class="mono" title={p.CurrentFilename}>{p.CurrentFilename}</dd>
          </div>
        )
        : null}
      {upload
        ? (
          <div class="task-progress-wide">
            <dt>Destination</dt>
            <dd class="mono" title={upload}>
              {upload}
              {p.BackendFileSize > 0 ? ` (${formatSize(p.BackendFileSize)})` : ""}
            </dd>
          </div>
        )
        : null}
    </dl>
  );
}

function transferWord(action: string): string {
  switch (action) {
    case "Put":
      return "Uploading";
    case "Get":
      return "Downloading";
    case "List":
      return "Listing";
    case "Delete":
      return "Deleting";
    default:
      return action;
  }
}
