/**
 * Follows a server's state as Duplicati's tray does: long-polls GET serverstate while idle, polls serverstate and
 * progressstate while a task runs, and reads GET notifications when LastNotificationUpdateID moves. Reports only
 * changes. Two failed requests in a row count as disconnected; `maxFailures` in a row end the watch.
 * @module
 */
import { abortableSleep } from "../core/abortable_sleep.ts";
import type { NotificationDto, ServerStatus } from "../server/api_types.ts";
import type { ApiClient } from "../serverutil/client.ts";
import { describeProgress, describeState } from "./status_text.ts";

/** What the watch tells its owner. */
export interface WatchReport {
  /** The state line changed (the first state counts as a change). */
  state(status: ServerStatus, line: string): void;
  /** The running task's progress line changed. */
  progress(line: string): void;
  /** A notification that appeared after the watch started. */
  notification(notification: NotificationDto): void;
  /** Two requests in a row failed. */
  disconnected(error: unknown): void;
  /** A request worked again after {@link WatchReport.disconnected}. */
  reconnected(): void;
}

export interface WatchOptions {
  readonly report: WatchReport;
  readonly signal: AbortSignal;
  /** Between polls while a task runs. */
  readonly progressIntervalMs: number;
  /** Between retries after a failed request. */
  readonly retryDelayMs: number;
  /** Failed requests in a row that end the watch ("lost"); Infinity to retry for ever. */
  readonly maxFailures: number;
  /** Long-poll duration as a Duplicati timespan; default "5m". */
  readonly longPollDuration?: string;
}

/** Watches until `signal` aborts ("stopped") or the server stays unreachable ("lost"). */
export async function watchServer(client: ApiClient, options: WatchOptions): Promise<"stopped" | "lost"> {
  const { report, signal } = options;
  let lastEventId: number | undefined;
  let active = false;
  let stateLine: string | undefined;
  let progressLine: string | undefined;
  let notificationId: number | undefined;
  let seen: Set<number> | undefined;
  let failures = 0;
  while (!signal.aborted) {
    try {
      const status: ServerStatus = lastEventId === undefined || active
        ? await client.serverState({ signal })
        : await client.serverState({
          longPoll: { lastEventId, duration: options.longPollDuration ?? "5m" },
          signal,
        });
      if (failures >= 2) report.reconnected();
      failures = 0;
      const line = describeState(status);
      if (line !== stateLine) report.state(status, stateLine = line);
      if (status.LastNotificationUpdateID !== notificationId) {
        const list = await client.notifications();
        if (seen !== undefined) { for (const item of list) if (!seen.has(item.ID)) report.notification(item); }
        seen = new Set(list.map((item) => item.ID));
        notificationId = status.LastNotificationUpdateID;
      }
      lastEventId = status.LastEventID;
      active = status.ActiveTask !== null;
      if (!active) {
        progressLine = undefined;
        continue;
      }
      const progress = await client.progressState(signal);
      const next = progress === undefined ? undefined : describeProgress(progress);
      if (next !== undefined && next !== progressLine) report.progress(progressLine = next);
      await abortableSleep(options.progressIntervalMs, signal);
    } catch (error) {
      if (signal.aborted) break;
      failures++;
      if (failures === 2) report.disconnected(error);
      if (failures >= options.maxFailures) return "lost";
      await abortableSleep(options.retryDelayMs, signal);
    }
  }
  return "stopped";
}
