/**
 * ServerDeps: everything createApp() needs, built once by run_server.ts (or by a test with fakes).
 * @module
 */
import type { AuthService } from "./auth/auth_types.ts";
import type { Clock } from "./clock.ts";
import type { ConfigStore } from "./config_store/model.ts";
import type { EventHub } from "./events.ts";
import type { BackupTasks } from "./tasks/backup_tasks_types.ts";
import type { TaskQueue } from "./tasks/task_types.ts";
import type { TemporaryBackups } from "./temporary_backups.ts";

/** The running server's listening details, for cookie names, links and host checks. */
export interface ServerInfo {
  readonly port: number;
  readonly https: boolean;
  /** Accepted Host names besides IP literals and localhost; contains "*" to accept any. */
  readonly allowedHostnames: readonly string[];
  /** The data folder (absolute). */
  readonly dataFolder: string;
  /** Epoch ms when the server started. */
  readonly startedAt: number;
  /** "Server", "Tray" or "Service". */
  readonly startedBy: string;
}

export interface SchedulerView {
  /** (backup id, next run epoch ms) for every scheduled backup, soonest first. */
  proposedSchedule(): { backupId: number; time: number }[];
  /** Re-reads schedules after a change through the API. */
  refresh(): void;
}

export interface ServerDeps {
  /** The config store, with the temporary backups overlaid (withTemporaryBackups). */
  readonly store: ConfigStore;
  /** In-memory backups for direct restore (temporary_backups.ts). */
  readonly temporaryBackups: TemporaryBackups;
  readonly events: EventHub;
  readonly queue: TaskQueue;
  readonly tasks: BackupTasks;
  readonly scheduler: SchedulerView;
  readonly auth: AuthService;
  readonly clock: Clock;
  readonly info: ServerInfo;
}
