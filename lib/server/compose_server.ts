/**
 * Builds ServerDeps from resolved options: the key and configuration store, authentication, events, the task
 * queue (its pause survives restarts through the "paused-until" setting), the backup tasks and the scheduler.
 * @module
 */
import { errorMessage } from "../core/errors.ts";
import { levelRank, type Logger, type LogWriter } from "../core/log.ts";
import type { Options } from "../options/option_spec.ts";
import { createAuthService } from "./auth/auth_service.ts";
import type { Clock } from "./clock.ts";
import { openConfigStore } from "./config_store/config_store.ts";
import type { ConfigStore } from "./config_store/model.ts";
import { serverDatabasePath } from "./config_store/server_database.ts";
import { loadServerKey } from "./config_store/server_key.ts";
import type { ServerDeps, ServerInfo } from "./deps.ts";
import { EventHub } from "./events.ts";
import { checkTimeZone } from "./scheduler/next_run.ts";
import { Scheduler } from "./scheduler/scheduler.ts";
import { serverTimeZone } from "./scheduler/server_time_zone.ts";
import * as so from "./server_options.ts";
import { createBackupTasks } from "./tasks/backup_tasks.ts";
import { recordDatabaseStamp } from "./tasks/external_use.ts";
import { SerialTaskQueue } from "./tasks/task_queue.ts";
import { TemporaryBackups, withTemporaryBackups } from "./temporary_backups.ts";

/** ServerInfo whose port and scheme are filled in once the server is bound. */
export type MutableServerInfo = { -readonly [K in keyof ServerInfo]: ServerInfo[K] };

export interface ComposedServer {
  readonly deps: ServerDeps;
  /** The same object as deps.info, writable for start_server.ts. */
  readonly info: MutableServerInfo;
  /** Stops the scheduler and the queue (the running task stops at a safe point). */
  stop(): Promise<void>;
  close(): void;
}

export async function composeServer(env: {
  options: Options;
  dataFolder: string;
  clock: Clock;
  log: LogWriter;
  startedBy: string;
  env: Readonly<Record<string, string | undefined>>;
  executableDir: string;
}): Promise<ComposedServer> {
  const { options, dataFolder, clock, log } = env;
  const key = loadServerKey({ dataFolder, settingsEncryptionKey: options.get(so.SETTINGS_ENCRYPTION_KEY) });
  const store = openConfigStore({ path: serverDatabasePath(dataFolder), dataFolder, key, now: () => clock.now() });
  try {
    applyPersistentOptions(options, store);
    const logger: Logger = {
      log(entry) {
        log.write(entry.level, entry.tag, entry.message, entry.error);
        if (levelRank(entry.level) < levelRank("Warning")) return;
        store.addServerLog({
          backupId: null,
          level: entry.level,
          message: `${entry.tag}: ${entry.message}`,
          exception: entry.error === undefined ? null : errorMessage(entry.error),
          timestamp: clock.now(),
        });
      },
    };
    const auth = await createAuthService({ store, clock, logger });
    const password = options.get(so.WEBSERVICE_PASSWORD);
    if (password !== undefined && password !== "") await auth.setPassword(password);
    const events = new EventHub();
    // The queue's change hook refreshes the scheduler, which is built after the queue.
    const late: { scheduler?: Scheduler } = {};
    const queue = new SerialTaskQueue({
      clock,
      onChange: () => {
        events.bump();
        late.scheduler?.refresh();
      },
      persist: (until) => store.setSetting("paused-until", until === null ? null : String(until)),
      // The server's own tasks change the local database; remember how it looks so only outside use is noticed.
      onFinished: (task) => {
        if (/^\d+$/.test(task.BackupID)) recordDatabaseStamp(store, Number(task.BackupID));
      },
    });
    // Direct restore's in-memory backups, overlaid on the store the routes and tasks use.
    const temporaryBackups = new TemporaryBackups({
      dataFolder,
      clock,
      store,
      isBusy: (id) => [queue.active(), ...queue.queued()].some((t) => t?.BackupID === String(id)),
    });
    const overlaid = withTemporaryBackups(store, temporaryBackups);
    const tempDir = options.get(so.SERVER_TEMPDIR);
    const tasks = createBackupTasks({
      store: overlaid,
      events,
      dataFolder,
      executableDir: env.executableDir,
      clock,
      ...(tempDir ? { tempDir } : {}),
    });
    const scheduler = late.scheduler = new Scheduler({
      clock,
      schedules: store,
      queue,
      makeTask: (id) => tasks.backup(id),
      timeZone: () => serverTimeZone(store),
      onError: (backupId, error) =>
        store.addServerLog({
          backupId,
          level: "Error",
          message: `The scheduler could not start backup ${backupId}: ${errorMessage(error)}`,
          exception: null,
          timestamp: clock.now(),
        }),
      onChange: () => events.bump(),
    });
    restorePause(store, { queue, clock });
    scheduler.start();
    const info: MutableServerInfo = {
      port: 0,
      https: false,
      allowedHostnames: (store.getSetting("allowed-hostnames") ?? "").split(";").map((h) => h.trim()).filter((h) =>
        h !== ""
      ),
      dataFolder,
      startedAt: clock.now(),
      startedBy: env.startedBy,
    };
    const purge = startDailyPurge({ store, clock, retentionMs: options.get(so.LOG_RETENTION) });
    const deps = { store: overlaid, temporaryBackups, events, queue, tasks, scheduler, auth, clock, info };
    temporaryBackups.start();
    return {
      deps,
      info,
      async stop() {
        purge.stop();
        scheduler.stop();
        await queue.shutdown({ stopRunning: true });
        temporaryBackups.stop();
      },
      close: () => store.close(),
    };
  } catch (error) {
    store.close();
    throw error;
  }
}

/**
 * Options that Duplicati keeps once given: allowed host names and the scheduler's time zone. Sign-in tokens are
 * refused (routes/auth.ts reads "disable-signin-tokens") exactly while the server runs with
 * --webservice-disable-signin-tokens.
 */
function applyPersistentOptions(options: Options, store: { setSetting(k: string, v: string | null): void }): void {
  if (options.isSet(so.WEBSERVICE_ALLOWED_HOSTNAMES)) {
    store.setSetting("allowed-hostnames", options.get(so.WEBSERVICE_ALLOWED_HOSTNAMES) ?? null);
  }
  store.setSetting("disable-signin-tokens", options.get(so.NO_SIGNIN_LINK) ? "true" : null);
  const zone = options.get(so.WEBSERVICE_TIMEZONE);
  if (zone !== undefined) {
    checkTimeZone(zone);
    store.setSetting("server-timezone", zone);
  }
}

/** A pause that was in effect when the server stopped continues: indefinitely, or until its end time. */
function restorePause(
  store: { getSetting(k: string): string | undefined },
  env: { queue: SerialTaskQueue; clock: Clock },
): void {
  const raw = store.getSetting("paused-until");
  if (raw === undefined) return;
  const until = Number(raw);
  if (until === 0) env.queue.pause();
  else if (until > env.clock.now()) env.queue.pause({ durationMs: until - env.clock.now() });
}

/** The longest refresh-token lifetime (RememberMe, 30 days): a token family unused for longer is dead. */
export const TOKEN_FAMILY_MAX_AGE_MS = 30 * 86_400_000;

/**
 * The daily purge, first an hour after start: log rows older than `retentionMs` and token families unused for
 * longer than {@link TOKEN_FAMILY_MAX_AGE_MS}. A purge that fails (a busy database) is tried again the next day.
 */
export function startDailyPurge(env: {
  store: Pick<ConfigStore, "purgeLogs" | "deleteTokenFamiliesOlderThan">;
  clock: Clock;
  retentionMs: number;
}): { stop(): void } {
  const { store, clock } = env;
  let timer: number | undefined;
  const attempt = (purge: () => void) => {
    try {
      purge();
    } catch {
      // Tried again tomorrow; a timer callback that throws would end the server.
    }
  };
  const run = (delay: number) => {
    timer = clock.setTimeout(() => {
      const now = clock.now();
      attempt(() => store.purgeLogs(now - env.retentionMs));
      attempt(() => store.deleteTokenFamiliesOlderThan(now - TOKEN_FAMILY_MAX_AGE_MS));
      run(86_400_000);
    }, delay);
  };
  run(3_600_000);
  return { stop: () => timer !== undefined && clock.clearTimeout(timer) };
}
