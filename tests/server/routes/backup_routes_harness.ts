/**
 * The server the backup route tests talk to: createApp() over the real config store in a temp data folder, with
 * a recording queue, recording backup tasks (the real command-line builder), a counting scheduler and an auth
 * service that accepts one access token and one export token.
 * @module
 */
import type { Hono } from "hono";
import { createApp } from "../../../lib/server/app.ts";
import type { AuthService } from "../../../lib/server/auth/auth_types.ts";
import type { Clock } from "../../../lib/server/clock.ts";
import type { ConfigStore } from "../../../lib/server/config_store/model.ts";
import type { ServerDeps } from "../../../lib/server/deps.ts";
import { buildCommandLine } from "../../../lib/server/tasks/cli_arguments.ts";
import type { BackupTasks, RestoreRequest } from "../../../lib/server/tasks/backup_tasks_types.ts";
import type { TaskRequest } from "../../../lib/server/tasks/task_types.ts";
import { FakeAuthService, fakeServerDeps } from "../../support/fake_server_deps.ts";
import { FakeTaskQueue } from "../../support/fake_task_queue.ts";
import { openTestStore } from "../config_store/store_fixtures.ts";

export const ACCESS_TOKEN = "test-token";
export const EXPORT_TOKEN = "export-token-123";
/** 2025-03-10T12:00:00Z. */
export const NOW = Date.UTC(2025, 2, 10, 12, 0, 0);

/** The fake auth service, also accepting {@link EXPORT_TOKEN} for the "export" operation (and nothing else). */
function exportAuth(): AuthService {
  const auth: AuthService = new FakeAuthService();
  const verify: AuthService["verifyOperationToken"] = (token, operation) =>
    Promise.resolve(token === EXPORT_TOKEN && operation === "export");
  Object.defineProperty(auth, "verifyOperationToken", { value: verify });
  return auth;
}

/** One recorded BackupTasks call. */
export interface TaskCall {
  readonly method: string;
  readonly backupId: number;
  readonly args: readonly unknown[];
}

/** BackupTasks that record what was asked; commandLine is the real builder. */
export function recordingTasks(calls: TaskCall[]): BackupTasks {
  const request = (method: string, operation: string) => (backupId: number, ...args: unknown[]): TaskRequest => {
    calls.push({ method, backupId, args });
    return { operation, backupId: String(backupId), run: () => Promise.resolve({ exitCode: 0 }) };
  };
  return {
    backup: request("backup", "Backup"),
    restore: request("restore", "Restore") as (id: number, r: RestoreRequest) => TaskRequest,
    verify: request("verify", "Verify"),
    compact: request("compact", "Compact"),
    repair: request("repair", "Repair"),
    deleteVersions: request("deleteVersions", "Delete") as (id: number, v: readonly number[]) => TaskRequest,
    vacuum: request("vacuum", "Vacuum"),
    deleteBackup: request("deleteBackup", "DeleteBackup") as BackupTasks["deleteBackup"],
    commandLine: (backup, env) =>
      buildCommandLine(backup, {
        globalOptions: env.globalOptions,
        exportPasswords: env.exportPasswords,
        os: "posix",
        ...(env.command ? { command: env.command } : {}),
      }),
  };
}

/** A running test server; `close()` closes the store and removes the data folder. */
export interface BackupServer {
  readonly app: Hono;
  readonly deps: ServerDeps;
  readonly store: ConfigStore;
  readonly queue: FakeTaskQueue;
  readonly calls: TaskCall[];
  /** How often the routes asked the scheduler to re-read schedules. */
  readonly refreshes: () => number;
  readonly dataFolder: string;
  close(): void;
}

/** Starts a server over a fresh data folder; the clock is frozen at {@link NOW} unless `clock` is given. */
export function backupServer(env: { clock?: Clock } = {}): BackupServer {
  const dataFolder = Deno.makeTempDirSync({ prefix: "backup_routes_test_" });
  const store = openTestStore(dataFolder, { now: () => NOW });
  const fake = fakeServerDeps({ dataFolder, now: NOW, store });
  const calls: TaskCall[] = [];
  let refreshes = 0;
  const deps: ServerDeps = {
    ...fake.deps,
    store,
    auth: exportAuth(),
    tasks: recordingTasks(calls),
    scheduler: { proposedSchedule: () => [], refresh: () => void refreshes++ },
    ...(env.clock ? { clock: env.clock } : {}),
  };
  return {
    app: createApp(deps),
    deps,
    store,
    queue: fake.queue,
    calls,
    refreshes: () => refreshes,
    dataFolder,
    close() {
      store.close();
      Deno.removeSync(dataFolder, { recursive: true });
    },
  };
}

/** Runs `fn` with a server that is closed afterwards. */
export async function withServer(
  fn: (server: BackupServer) => Promise<void>,
  env: { clock?: Clock } = {},
): Promise<void> {
  const server = backupServer(env);
  try {
    await fn(server);
  } finally {
    server.close();
  }
}

/** An API answer: status, parsed JSON (undefined when empty) and headers. */
export interface ApiAnswer {
  readonly status: number;
  // deno-lint-ignore no-explicit-any
  readonly body: any;
  readonly headers: Headers;
}

/** Calls /api/v1`path` with the access token (unless `token: null`) and a JSON body (strings sent verbatim). */
export async function api(
  app: Hono,
  path: string,
  init: { method?: string; body?: unknown; token?: string | null } = {},
): Promise<ApiAnswer> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  const token = init.token === undefined ? ACCESS_TOKEN : init.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const body = init.body === undefined
    ? undefined
    : typeof init.body === "string"
    ? init.body
    : JSON.stringify(init.body);
  const response = await app.request(`http://localhost:8200/api/v1${path}`, {
    method: init.method ?? "GET",
    headers,
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  let parsed: unknown = undefined;
  if (text !== "") {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

/** A valid POST /backups body; `backup` and `schedule` fields override the defaults. */
export function backupBody(
  backup: Record<string, unknown> = {},
  schedule: Record<string, unknown> | null | undefined = undefined,
): Record<string, unknown> {
  return {
    Backup: {
      Name: "Documents",
      Description: "My documents",
      Tags: ["home"],
      TargetURL: "file:///mnt/backup/docs",
      Sources: ["/home/me/Documents/", "/home/me/notes.txt"],
      Settings: [
        { Filter: "", Name: "encryption-module", Value: "aes" },
        { Filter: "", Name: "passphrase", Value: "correct horse" },
        { Filter: "", Name: "--exclude-files-attributes", Value: "temporary" },
      ],
      Filters: [{ Order: 0, Include: false, Expression: "*.tmp" }],
      ...backup,
    },
    ...(schedule === undefined ? {} : { Schedule: schedule }),
  };
}

/** Creates a backup through the API and returns its numeric id. */
export async function createThroughApi(app: Hono, body: Record<string, unknown> = backupBody()): Promise<number> {
  const answer = await api(app, "/backups", { method: "POST", body });
  if (answer.status !== 200) throw new Error(`POST /backups failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  return Number(answer.body.ID);
}
