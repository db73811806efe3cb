/**
 * The web UI's only way to the server: JSON requests to /api/v1 with the Bearer access token, one silent refresh
 * (through the httpOnly refresh cookie and the stored nonce) when the token has expired, and every failure turned
 * into an {@link ApiError} whose message is the server's own readable text.
 * @module
 */
import type { ErrorBody, TokenResponse } from "../../../lib/server/api_types.ts";

/** A failed request: `message` is fit to show in the page as it is. */
export class ApiError extends Error {
  readonly status: number;
  readonly reason: string | undefined;
  readonly field: string | undefined;
  constructor(message: string, init: { status: number; reason?: string | undefined; field?: string | undefined }) {
    super(message);
    this.name = "ApiError";
    this.status = init.status;
    this.reason = init.reason;
    this.field = init.field;
  }
}

type Listener = () => void;

const API = "/api/v1";

/** Where the refresh nonce lives between page loads (per server port: each port has its own cookie). */
function nonceKey(): string {
  return `duplicati-deno:refresh-nonce:${location.port || (location.protocol === "https:" ? "443" : "80")}`;
}

/** The session: access token in memory, refresh nonce in localStorage, refresh token in an httpOnly cookie. */
export class ApiClient {
  #accessToken: string | undefined;
  #refreshing: Promise<boolean> | undefined;
  readonly #listeners = new Set<Listener>();

  /** Whether a usable access token is held. */
  get signedIn(): boolean {
    return this.#accessToken !== undefined;
  }

  /** Called whenever the signed-in state changes. Returns the unsubscribe function. */
  onChange(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Signs in with the server password. */
  async login(password: string, rememberMe: boolean): Promise<void> {
    this.#accept(
      await this.#send<TokenResponse>("POST", "/auth/login", { Password: password, RememberMe: rememberMe }, {
        auth: false,
      }),
    );
  }

  /** Signs in with a single-use sign-in token (the link the server or tray launcher prints). */
  async signinWithToken(token: string): Promise<void> {
    this.#accept(
      await this.#send<TokenResponse>("POST", "/auth/signin", { SigninToken: token, RememberMe: true }, {
        auth: false,
      }),
    );
  }

  /** Whether this browser kept a session that resume() can try (without it, a refresh would only fail). */
  hasStoredSession(): boolean {
    return localStorage.getItem(nonceKey()) !== null;
  }

  /** Tries to resume a session from the refresh cookie; true when it worked. */
  resume(): Promise<boolean> {
    return this.#refresh();
  }

  /** Ends the session here and on the server (the refresh cookie is revoked and cleared). */
  async logout(): Promise<void> {
    try {
      await this.#send("POST", "/auth/refresh/logout", {}, { auth: false });
    } finally {
      localStorage.removeItem(nonceKey());
      this.#setToken(undefined);
    }
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>("GET", path);
  }
  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>("POST", path, body ?? {});
  }
  put<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>("PUT", path, body ?? {});
  }
  patch<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>("PATCH", path, body ?? {});
  }
  delete<T>(path: string): Promise<T> {
    return this.request<T>("DELETE", path);
  }

  /** An authenticated request; on 401 refreshes once and retries, then signs out. */
  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    try {
      return await this.#send<T>(method, path, body, { auth: true });
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401 || path.startsWith("/auth/")) throw error;
      if (!await this.#refresh()) throw new ApiError("Your session has ended; please sign in again.", { status: 401 });
      return await this.#send<T>(method, path, body, { auth: true });
    }
  }

  #refresh(): Promise<boolean> {
    this.#refreshing ??= (async () => {
      try {
        const nonce = localStorage.getItem(nonceKey()) ?? undefined;
        this.#accept(
          await this.#send<TokenResponse>("POST", "/auth/refresh", nonce ? { Nonce: nonce } : {}, {
            auth: false,
            quiet401: true,
          }),
        );
        return true;
      } catch {
        this.#setToken(undefined);
        return false;
      } finally {
        this.#refreshing = undefined;
      }
    })();
    return this.#refreshing;
  }

  #accept(tokens: TokenResponse): void {
    if (tokens.RefreshNonce) localStorage.setItem(nonceKey(), tokens.RefreshNonce);
    this.#setToken(tokens.AccessToken);
  }

  #setToken(token: string | undefined): void {
    const changed = (token === undefined) !== (this.#accessToken === undefined);
    this.#accessToken = token;
    if (changed) { for (const listener of this.#listeners) listener(); }
  }

  async #send<T>(
    method: string,
    path: string,
    body: unknown,
    options: { auth: boolean; quiet401?: boolean },
  ): Promise<T> {
    const headers: Record<string, string> = { Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (options.auth && this.#accessToken) headers.Authorization = `Bearer ${this.#accessToken}`;
    let response: Response;
    try {
      response = await fetch(API + path, {
        method,
        headers,
        credentials: "same-origin",
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch {
      throw new ApiError("Cannot reach the server. Is it still running?", { status: 0 });
    }
    const text = await response.text();
    let parsed: unknown = undefined;
    if (text !== "") {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    if (!response.ok) throw toApiError(response, parsed);
    return parsed as T;
  }
}

function toApiError(response: Response, parsed: unknown): ApiError {
  const body = (typeof parsed === "object" && parsed !== null ? parsed : {}) as Partial<ErrorBody>;
  let message = typeof body.Error === "string" && body.Error !== "" ? body.Error : undefined;
  if (message === undefined) {
    message = typeof parsed === "string" && parsed.trim() !== "" && parsed.length < 300
      ? parsed.trim()
      : `The server answered ${response.status} ${response.statusText}`.trim();
  }
  if (response.status === 429) {
    const wait = response.headers.get("Retry-After");
    if (wait) message += ` (try again in ${wait} s)`;
  }
  return new ApiError(message, { status: response.status, reason: body.Reason, field: body.Field });
}

/** The message of any error, for showing in the page. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** The one client of the page. */
export const api = new ApiClient();
