/**
 * A small stand-in for the server's REST API (Deno.serve on 127.0.0.1, port 0) for serverutil and tray-launcher
 * tests: the endpoints those clients call, with the real wire shapes of lib/server/api_types.ts and the real auth
 * flow (Bearer access tokens, rotating `RefreshToken_<port>` cookies with nonces, reuse revoking the family).
 * Tasks advance deterministically: with `autoAdvance`, each plain GET serverstate moves the queue one step
 * (queued -> active -> finished with the backup's configured ParsedResult); tests can also drive them by hand.
 * @module
 */
import type {
  BackupDto,
  BackupEnvelope,
  LogRowDto,
  NotificationDto,
  ProgressState,
  ServerStatus,
  TaskResultJson,
} from "../../lib/server/api_types.ts";
import { ProgressTracker } from "../../lib/server/tasks/progress_state.ts";
import { isTimespan, parseTimespan } from "../../lib/options/parse_timespan.ts";
import { FakeClock } from "./fake_clock.ts";

export interface FakeRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly cookie: string | null;
  readonly authorization: string | null;
  readonly body: string;
}

interface RefreshState {
  family: string;
  nonce: string;
  current: boolean;
}

interface FakeTask {
  readonly id: number;
  readonly backupId: string;
}

type ParsedResult = TaskResultJson["ParsedResult"];

export class FakeApiServer {
  password = "secret";
  readonly requests: FakeRequest[] = [];
  readonly backups = new Map<string, { dto: BackupDto; result: ParsedResult }>();
  readonly logs = new Map<string, LogRowDto[]>();
  readonly notificationsList: NotificationDto[] = [];
  readonly accessTokens = new Set<string>();
  readonly revokedFamilies = new Set<string>();
  readonly refreshTokens = new Map<string, RefreshState>();
  readonly signinTokens = new Set<string>();
  state: "Running" | "Paused" = "Running";
  pauseDuration: string | undefined;
  queue: FakeTask[] = [];
  active: FakeTask | undefined;
  autoAdvance = true;
  progress: Partial<ProgressState> = {};
  serverPassphrase: string | undefined;
  /** False: logins and refreshes set no `RefreshToken_<port>` cookie (as behind a proxy on another port). */
  sendRefreshCookie = true;
  #eventId = 1;
  #notificationId = 0;
  #nextTask = 1;
  #nextLog = 1;
  #nextBackup = 1;
  #waiters = new Set<() => void>();
  #server: Deno.HttpServer<Deno.NetAddr>;
  readonly port: number;
  readonly url: string;

  constructor() {
    this.#server = Deno.serve(
      { port: 0, hostname: "127.0.0.1", onListen: () => {} },
      (request) => this.#handle(request),
    );
    this.port = this.#server.addr.port;
    this.url = `http://127.0.0.1:${this.port}/`;
  }

  async close(): Promise<void> {
    for (const wake of [...this.#waiters]) wake();
    await this.#server.shutdown();
  }

  addBackup(name: string, env: { result?: ParsedResult; description?: string } = {}): string {
    const id = String(this.#nextBackup++);
    this.backups.set(id, { dto: backupDto(id, name, env.description ?? ""), result: env.result ?? "Success" });
    this.logs.set(id, []);
    this.bump();
    return id;
  }

  /** Moves the task queue one step: finishes the active task, else starts the first queued one. */
  advance(): void {
    if (this.state === "Paused") return;
    if (this.active) this.finishActive();
    else if (this.queue.length > 0) this.active = this.queue.shift();
    this.bump();
  }

  finishActive(result?: ParsedResult): void {
    const task = this.active;
    if (!task) return;
    this.active = undefined;
    const parsed = result ?? this.backups.get(task.backupId)?.result ?? "Success";
    const body: TaskResultJson = {
      MainOperation: "Backup",
      ParsedResult: parsed,
      ExitCode: 0,
      BeginTime: new Date().toISOString(),
      EndTime: new Date().toISOString(),
      Duration: "00:00:01",
      Messages: [],
      Warnings: [],
      Errors: [],
    };
    const rows = this.logs.get(task.backupId) ?? [];
    rows.unshift({
      ID: this.#nextLog++,
      OperationID: task.id,
      Timestamp: Math.floor(Date.now() / 1000),
      Type: "Result",
      Message: JSON.stringify(body),
      Exception: null,
    });
    this.logs.set(task.backupId, rows);
    this.bump();
  }

  addNotification(type: NotificationDto["Type"], title: string, message: string): void {
    this.notificationsList.push({
      ID: ++this.#notificationId,
      Type: type,
      Title: title,
      Message: message,
      Exception: "",
      BackupID: null,
      Action: "backup:show-log",
      Timestamp: new Date().toISOString(),
      LogEntryID: null,
      MessageID: null,
      MessageLogTag: null,
    });
    this.bump();
  }

  /** Forgets every access token (as if they expired), so clients must renew. */
  expireAccessTokens(): void {
    this.accessTokens.clear();
  }

  bump(): void {
    this.#eventId++;
    for (const wake of [...this.#waiters]) wake();
  }

  status(): ServerStatus {
    const paused = this.state === "Paused";
    const warn = this.notificationsList.some((n) => n.Type === "Warning");
    const error = this.notificationsList.some((n) => n.Type === "Error");
    const icon = this.active
      ? (paused ? "ActivePaused" : "Active")
      : paused
      ? "Paused"
      : error
      ? "ReadyError"
      : warn
      ? "ReadyWarning"
      : "Ready";
    return {
      ActiveTask: this.active ? { Item1: this.active.id, Item2: this.active.backupId } : null,
      ProgramState: this.state,
      SchedulerQueueIds: this.queue.map((task) => ({ Item1: task.id, Item2: task.backupId })),
      ProposedSchedule: [],
      HasWarning: warn,
      HasError: error,
      SuggestedStatusIcon: icon,
      EstimatedPauseEnd: "0001-01-01T00:00:00Z",
      LastEventID: this.#eventId,
      LastDataUpdateID: 0,
      LastNotificationUpdateID: this.#notificationId,
      UpdatedVersion: null,
      UpdaterState: "Waiting",
      UpdateDownloadLink: null,
      UpdateDownloadProgress: 0,
      Type: "legacystatus",
    };
  }

  #issue(family: string = crypto.randomUUID()): { headers: Headers; body: string } {
    const access = `access-${crypto.randomUUID()}`;
    const refresh = `refresh-${crypto.randomUUID()}`;
    const nonce = `nonce-${crypto.randomUUID()}`;
    this.accessTokens.add(access);
    for (const state of this.refreshTokens.values()) if (state.family === family) state.current = false;
    this.refreshTokens.set(refresh, { family, nonce, current: true });
    const headers = new Headers({ "Content-Type": "application/json" });
    if (this.sendRefreshCookie) {
      headers.append(
        "Set-Cookie",
        `RefreshToken_${this.port}=${refresh}; Path=/api/v1/auth/refresh; HttpOnly; SameSite=Strict`,
      );
    }
    return { headers, body: JSON.stringify({ AccessToken: access, RefreshNonce: nonce }) };
  }

  async #handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const body = await request.text();
    const query = Object.fromEntries(url.searchParams);
    this.requests.push({
      method: request.method,
      path: url.pathname,
      query,
      cookie: request.headers.get("Cookie"),
      authorization: request.headers.get("Authorization"),
      body,
    });
    if (url.pathname === "/health") return new Response("Healthy");
    const path = url.pathname.replace(/^\/api\/v1\//, "");
    const json = (value: unknown, status = 200) => Response.json(value, { status });
    const fail = (status: number, message: string) => json({ Error: message, Code: status }, status);
    const parsed = body === "" ? {} : JSON.parse(body);

    if (request.method === "POST" && path === "auth/login") {
      if (parsed.Password !== this.password) return fail(401, "Invalid password");
      const issued = this.#issue();
      return new Response(issued.body, { headers: issued.headers });
    }
    if (request.method === "POST" && path === "auth/refresh") {
      const token = cookieValue(request.headers.get("Cookie"), `RefreshToken_${this.port}`);
      const state = token === undefined ? undefined : this.refreshTokens.get(token);
      if (!state || this.revokedFamilies.has(state.family)) return fail(401, "Failed to refresh token");
      if (!state.current) {
        this.revokedFamilies.add(state.family);
        return fail(401, "Failed to refresh token");
      }
      if (state.nonce !== parsed.Nonce) return fail(401, "Failed to refresh token");
      const issued = this.#issue(state.family);
      return new Response(issued.body, { headers: issued.headers });
    }
    if (request.method === "POST" && path === "auth/refresh/logout") {
      const token = cookieValue(request.headers.get("Cookie"), `RefreshToken_${this.port}`);
      const state = token === undefined ? undefined : this.refreshTokens.get(token);
      if (state) this.revokedFamilies.add(state.family);
      return json({ success: true });
    }
    if (request.method === "POST" && path === "auth/issuesignintoken") {
      if (parsed.Password !== this.password) return fail(401, "Invalid password");
      const token = `signin-${crypto.randomUUID()}`;
      this.signinTokens.add(token);
      return json({ Token: token });
    }
    const exportMatch = /^backup\/([^/]+)\/export$/.exec(path);
    if (request.method === "GET" && exportMatch) return this.#export(exportMatch[1]!, query);

    const auth = request.headers.get("Authorization") ?? "";
    if (!auth.startsWith("Bearer ") || !this.accessTokens.has(auth.slice(7))) {
      return new Response(null, { status: 401 });
    }
    return await this.#authed(request.method, path, query, parsed);
  }

  // deno-lint-ignore no-explicit-any
  async #authed(method: string, path: string, query: Record<string, string>, body: any): Promise<Response> {
    const json = (value: unknown, status = 200) => Response.json(value, { status });
    const fail = (status: number, message: string) => json({ Error: message, Code: status }, status);
    if (method === "GET" && path === "serverstate") {
      if (query.longpoll === "true" && Number(query.lastEventId) === this.#eventId) {
        await this.#waitForChange(longPollMs(query.duration ?? "5m"));
      } else if (query.longpoll !== "true" && this.autoAdvance) {
        const before = this.status();
        this.advance();
        return json(before);
      }
      return json(this.status());
    }
    if (method === "POST" && path === "serverstate/pause") {
      this.state = "Paused";
      this.pauseDuration = query.duration;
      this.bump();
      return new Response(null, { status: 200 });
    }
    if (method === "POST" && path === "serverstate/resume") {
      this.state = "Running";
      this.bump();
      return new Response(null, { status: 200 });
    }
    if (method === "GET" && path === "progressstate") {
      if (!this.active) return fail(404, "No active backup");
      return json({ ...defaultProgress(this.active), ...this.progress });
    }
    if (method === "GET" && path === "backups") {
      return json([...this.backups.values()].map((b): BackupEnvelope => ({ Backup: b.dto, Schedule: null })));
    }
    if (method === "GET" && path === "notifications") return json(this.notificationsList);
    if (method === "POST" && path === "auth/issuetoken/export") return json({ Token: "export-token" });
    if (method === "PUT" && path === "serversetting/server-passphrase") {
      if (typeof body !== "string" || body === "") return fail(400, "The password must be a non-empty string");
      this.serverPassphrase = body;
      this.password = body;
      return new Response(null, { status: 200 });
    }
    if (method === "POST" && path === "backups/import") return this.#import(body);
    const match = /^backup\/([^/]+)(?:\/(run|log))?$/.exec(path);
    const entry = match ? this.backups.get(decodeURIComponent(match[1]!)) : undefined;
    if (match && !entry) return fail(404, "Backup not found");
    if (match && entry) {
      const id = entry.dto.ID;
      if (method === "GET" && match[2] === undefined) {
        return json({ Backup: entry.dto, Schedule: null, DisplayNames: {} });
      }
      if (method === "DELETE" && match[2] === undefined) {
        this.backups.delete(id);
        this.bump();
        return json({ Status: "OK" });
      }
      if (method === "POST" && match[2] === "run") {
        const existing = [...this.queue, ...(this.active ? [this.active] : [])].find((t) => t.backupId === id);
        const task = existing ?? { id: this.#nextTask++, backupId: id };
        if (!existing) {
          if (query.skipqueue === "true") this.queue.unshift(task);
          else this.queue.push(task);
          this.bump();
        }
        return json({ Status: "OK", ID: task.id });
      }
      if (method === "GET" && match[2] === "log") {
        return json((this.logs.get(id) ?? []).slice(0, Number(query.pagesize ?? 100)));
      }
    }
    const taskMatch = /^task\/(\d+)$/.exec(path);
    if (method === "GET" && taskMatch) return fail(404, "No such task");
    return fail(404, `No route for ${method} ${path}`);
  }

  #export(id: string, query: Record<string, string>): Response {
    const entry = this.backups.get(decodeURIComponent(id));
    if (query.token !== "export-token") return new Response(null, { status: 401 });
    if (!entry) return Response.json({ Error: "Backup not found", Code: 404 }, { status: 404 });
    const file = { CreatedByVersion: "fake", Schedule: null, Backup: entry.dto, DisplayNames: {} };
    const text = JSON.stringify(file, null, 2);
    const payload = query.passphrase ? `AES${JSON.stringify({ pass: query.passphrase, text })}` : text;
    return new Response(payload, { headers: { "Content-Type": "application/octet-stream" } });
  }

  // deno-lint-ignore no-explicit-any
  #import(body: any): Response {
    let text = atob(body.config ?? "");
    if (text.startsWith("AES")) {
      const sealed = JSON.parse(text.slice(3));
      if (sealed.pass !== body.passphrase) {
        return Response.json({ Error: "Wrong passphrase", Code: 400 }, { status: 400 });
      }
      text = sealed.text;
    }
    const file = JSON.parse(text);
    let name = file.Backup.Name as string;
    const names = new Set([...this.backups.values()].map((b) => b.dto.Name));
    for (let n = 1; names.has(name); n++) name = `${file.Backup.Name} (${n})`;
    const id = this.addBackup(name, { description: file.Backup.Description });
    const url = body.replace_settings?.targeturl;
    if (url) this.backups.get(id)!.dto = { ...this.backups.get(id)!.dto, TargetURL: url };
    return Response.json({ Id: id });
  }

  #waitForChange(ms: number): Promise<void> {
    const seen = this.#eventId;
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#waiters.add(done);
      if (this.#eventId !== seen) done();
    });
  }
}

function cookieValue(header: string | null, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return rest.join("=");
  }
  return undefined;
}

/** A long-poll duration in milliseconds; five minutes when it is not a timespan. */
function longPollMs(text: string): number {
  return isTimespan(text) ? parseTimespan(text) : 300_000;
}

function backupDto(id: string, name: string, description: string): BackupDto {
  return {
    ID: id,
    ExternalID: null,
    Name: name,
    Description: description,
    Tags: [],
    TargetURL: "file:///tmp/fake-target",
    ConnectionStringID: -1,
    OperationType: "Backup",
    DBPath: `/tmp/fake-${id}.sqlite`,
    Sources: ["/tmp/source/"],
    Settings: [],
    Filters: [],
    Metadata: { LastBackupDate: "2024-05-01T10:00:00Z", SourceFilesSize: "1048576", BackupListCount: "3" },
    IsTemporary: false,
  };
}

/** Half-way through a backup: 5 of 10 files (5 of 10 KiB), the last one /tmp/source/a.txt, on a clock that stands. */
function defaultProgress(task: FakeTask): ProgressState {
  const tracker = new ProgressTracker({ taskId: task.id, backupId: task.backupId, clock: new FakeClock() });
  tracker.apply({ type: "phase", phase: "Backup_ProcessingFiles" });
  tracker.apply({ type: "counted", files: 10, bytes: 10240, done: true });
  tracker.apply({ type: "processed", files: 4, bytes: 4096 });
  tracker.apply({ type: "file", path: "/tmp/source/a.txt", size: 1024 });
  return tracker.state();
}
