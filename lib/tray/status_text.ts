/**
 * Terminal text for the tray launcher: the server's state (from SuggestedStatusIcon, as Duplicati's tray picks its
 * icon), a task's progress, and notifications.
 * @module
 */
import type { NotificationDto, ProgressState, ServerStatus } from "../server/api_types.ts";
import { formatSize } from "../core/format_size.ts";

const NO_PAUSE_END = "0001-01-01";

/** One line for the server state: idle, idle with warnings or errors, running (task and backup), paused. */
export function describeState(status: ServerStatus): string {
  const task = status.ActiveTask ? ` (task ${status.ActiveTask.Item1}, backup ${status.ActiveTask.Item2})` : "";
  const queued = status.SchedulerQueueIds.length > 0 ? `, ${status.SchedulerQueueIds.length} queued` : "";
  const until = status.EstimatedPauseEnd && !status.EstimatedPauseEnd.startsWith(NO_PAUSE_END)
    ? ` until ${new Date(status.EstimatedPauseEnd).toLocaleString()}`
    : "";
  switch (status.SuggestedStatusIcon) {
    case "Active":
      return `Running${task}${queued}`;
    case "ActivePaused":
      return `Paused${until} while running${task}${queued}`;
    case "Paused":
      return `Paused${until}${queued}`;
    case "ReadyError":
      return `Idle, with errors${queued}`;
    case "ReadyWarning":
      return `Idle, with warnings${queued}`;
    default:
      return `Idle${queued}`;
  }
}

/** One line for a running task: phase, files, bytes, percent, speed and current file. */
export function describeProgress(progress: ProgressState): string {
  const parts = [progress.Phase || "Working"];
  if (progress.TotalFileCount > 0 || progress.ProcessedFileCount > 0) {
    const total = progress.StillCounting ? `${progress.TotalFileCount}+` : `${progress.TotalFileCount}`;
    parts.push(`${progress.ProcessedFileCount}/${total} files`);
    parts.push(`${formatSize(progress.ProcessedFileSize)} of ${formatSize(progress.TotalFileSize)}`);
  }
  if (Number.isFinite(progress.OverallProgress) && progress.OverallProgress > 0) {
    parts.push(`${Math.floor(Math.min(1, progress.OverallProgress) * 100)}%`);
  }
  const speed = progress.Speed || progress.BackendSpeed;
  if (speed > 0) parts.push(`${formatSize(speed)}/s`);
  if (progress.CurrentFilename) parts.push(progress.CurrentFilename);
  return parts.join(", ");
}

/** One line for a notification: "Warning: <title>: <message>". */
export function describeNotification(notification: NotificationDto): string {
  const message = notification.Message.trim();
  return `${notification.Type}: ${notification.Title}${message ? `: ${message}` : ""}`;
}

/** Local clock time "HH:MM:SS" as a line prefix. */
export function clockPrefix(date: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `[${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}]`;
}
