/**
 * A typed client of the REST API under /api/v1 (the wire types of lib/server/api_types.ts), used by serverutil and
 * the tray launcher. Every call sends `Authorization: Bearer <access token>`; after a 401 it asks its token source
 * for a renewed token once and repeats the call. Failed calls throw {@link ServerError}.
 * @module
 */
import type {
  BackupEnvelope,
  LogRowDto,
  NotificationDto,
  ProgressState,
  ServerStatus,
  TaskDto,
  TaskStarted,
  TokenResponse,
} from "../server/api_types.ts";
import { toBase64 } from "../core/bytes.ts";
import { apiUrl } from "./auth_requests.ts";
import { ensureOk, ServerError } from "./server_error.ts";

/** Supplies access tokens; `renew` is true after the server rejected the last one. */
export interface TokenSource {
  accessToken(renew: boolean): Promise<string>;
}

/** How to reach the server. */
export interface ApiClientOptions {
  /** The server URL with a trailing slash, e.g. "http://127.0.0.1:8200/". */
  readonly hostUrl: string;
  readonly tokens: TokenSource;
  readonly fetch?: typeof fetch;
}

interface RequestInit {
  readonly query?: Record<string, string | boolean | number | undefined>;
  readonly body?: unknown;
  readonly signal?: AbortSignal;
}

/** Flags of DELETE backup/{id}. */
export interface DeleteBackupFlags {
  readonly deleteRemoteFiles: boolean;
  readonly deleteLocalDb: boolean;
  readonly force: boolean;
}

/** Body of POST backups/import with `direct: true`. */
export interface ImportRequest {
  /** The export file's bytes (JSON, or AES Crypt when it starts with "AES"). */
  readonly config: Uint8Array;
  readonly passphrase: string | undefined;
  readonly importMetadata: boolean;
  /** Duplicati's replace_settings: "targeturl", "settings.passphrase", ... */
  readonly replaceSettings?: Readonly<Record<string, string>>;
}

/** The REST API, one method per endpoint the clients use. */
export class ApiClient {
  readonly hostUrl: string;
  readonly #tokens: TokenSource;
  readonly #fetch: typeof fetch;

  constructor(options: ApiClientOptions) {
    this.hostUrl = options.hostUrl;
    this.#tokens = options.tokens;
    this.#fetch = options.fetch ?? fetch;
  }

  /** Sends one authenticated request; throws ServerError for a non-2xx answer (body consumed). */
  async request(method: string, path: string, init: RequestInit = {}): Promise<Response> {
    const url = apiUrl(this.hostUrl, path);
    for (const [key, value] of Object.entries(init.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const send = async (renew: boolean) => {
      const headers = new Headers({ Authorization: `Bearer ${await this.#tokens.accessToken(renew)}` });
      if (init.body !== undefined) headers.set("Content-Type", "application/json");
      return await this.#fetch(url, {
        method,
        headers,
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
        ...(init.signal === undefined ? {} : { signal: init.signal }),
      });
    };
    let response = await send(false);
    if (response.status === 401) {
      await response.body?.cancel();
      response = await send(true);
    }
    return await ensureOk(response);
  }

  async #json<T>(method: string, path: string, init: RequestInit = {}): Promise<T> {
    const response = await this.request(method, path, init);
    return await response.json() as T;
  }

  async #discard(method: string, path: string, init: RequestInit = {}): Promise<void> {
    const response = await this.request(method, path, init);
    await response.body?.cancel();
  }

  /** GET serverstate; with `longPoll` the server answers when LastEventID moves past `lastEventId` or after `duration`. */
  serverState(
    env: { longPoll?: { lastEventId: number; duration: string }; signal?: AbortSignal } = {},
  ): Promise<ServerStatus> {
    const query = env.longPoll === undefined
      ? {}
      : { longpoll: true, lastEventId: env.longPoll.lastEventId, duration: env.longPoll.duration };
    return this.#json("GET", "serverstate", { query, ...(env.signal ? { signal: env.signal } : {}) });
  }

  /** GET progressstate; undefined when the server has no active task (404). */
  async progressState(signal?: AbortSignal): Promise<ProgressState | undefined> {
    try {
      return await this.#json<ProgressState>("GET", "progressstate", signal ? { signal } : {});
    } catch (error) {
      if (error instanceof ServerError && error.status === 404) return undefined;
      throw error;
    }
  }

  /** POST serverstate/pause, indefinitely or for a Duplicati timespan such as "30m". */
  pause(duration?: string): Promise<void> {
    return this.#discard("POST", "serverstate/pause", { query: { duration } });
  }

  resume(): Promise<void> {
    return this.#discard("POST", "serverstate/resume");
  }

  listBackups(): Promise<BackupEnvelope[]> {
    return this.#json("GET", "backups");
  }

  getBackup(id: string): Promise<BackupEnvelope> {
    return this.#json("GET", `backup/${encodeURIComponent(id)}`);
  }

  /** POST backup/{id}/run; the answer names the (possibly already queued) task. */
  runBackup(id: string, skipQueue: boolean): Promise<TaskStarted> {
    return this.#json("POST", `backup/${encodeURIComponent(id)}/run`, { query: { skipqueue: skipQueue } });
  }

  /** GET backup/{id}/log: rows newest first. */
  backupLog(id: string, pageSize = 100): Promise<LogRowDto[]> {
    return this.#json("GET", `backup/${encodeURIComponent(id)}/log`, { query: { pagesize: pageSize } });
  }

  /** GET task/{id}; undefined when the server does not know the task (404). */
  async task(id: number): Promise<TaskDto | undefined> {
    try {
      return await this.#json<TaskDto>("GET", `task/${id}`);
    } catch (error) {
      if (error instanceof ServerError && error.status === 404) return undefined;
      throw error;
    }
  }

  deleteBackup(id: string, flags: DeleteBackupFlags): Promise<unknown> {
    return this.#json("DELETE", `backup/${encodeURIComponent(id)}`, {
      query: {
        "delete-remote-files": flags.deleteRemoteFiles,
        "delete-local-db": flags.deleteLocalDb,
        force: flags.force,
      },
    });
  }

  /** POST auth/issuetoken/{operation}: a one-minute single-operation token. */
  async issueOperationToken(operation: string): Promise<string> {
    const body = await this.#json<{ Token?: unknown }>("POST", `auth/issuetoken/${encodeURIComponent(operation)}`);
    if (typeof body.Token !== "string") {
      throw new Error(`Failed to get a "${operation}" token: the answer has no Token`);
    }
    return body.Token;
  }

  /** The export file of one backup (an export token, then GET backup/{id}/export). */
  async exportBackup(
    id: string,
    env: { passphrase: string | undefined; exportPasswords: boolean },
  ): Promise<Uint8Array> {
    const token = await this.issueOperationToken("export");
    const response = await this.request("GET", `backup/${encodeURIComponent(id)}/export`, {
      query: { passphrase: env.passphrase ?? "", "export-passwords": env.exportPasswords, token },
    });
    return new Uint8Array(await response.arrayBuffer());
  }

  /** POST backups/import with `direct: true`; returns the new backup's ID. */
  async importBackup(request: ImportRequest): Promise<string> {
    const body = await this.#json<{ Id?: unknown; ID?: unknown }>("POST", "backups/import", {
      body: {
        config: toBase64(request.config),
        cmdline: false,
        direct: true,
        import_metadata: request.importMetadata,
        passphrase: request.passphrase ?? null,
        replace_settings: request.replaceSettings ?? {},
      },
    });
    const id = body.Id ?? body.ID;
    if (id === undefined || id === null) throw new Error("Added backup but failed to get its ID from the answer");
    return String(id);
  }

  /** PUT serversetting/server-passphrase with the new password as a JSON string. */
  changePassword(password: string): Promise<void> {
    return this.#discard("PUT", "serversetting/server-passphrase", { body: password });
  }

  notifications(): Promise<NotificationDto[]> {
    return this.#json("GET", "notifications");
  }

  /** POST auth/issue-forever-token (only when the server allows it). */
  async issueForeverToken(): Promise<string> {
    const body = await this.#json<Partial<TokenResponse>>("POST", "auth/issue-forever-token");
    if (typeof body.AccessToken !== "string") throw new Error("Failed to get a token: the answer has no AccessToken");
    return body.AccessToken;
  }
}
