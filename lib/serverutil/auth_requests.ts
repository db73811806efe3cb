/**
 * The unauthenticated auth endpoints (§4.1): password login, refresh with the `RefreshToken_<port>` cookie and the
 * nonce, logout, and sign-in tokens from a password. A non-browser client copies the refresh cookie itself.
 * @module
 */
import type { TokenResponse } from "../server/api_types.ts";
import { ensureOk } from "./server_error.ts";

/** What a login, sign-in or refresh gave: the access token and the rotated refresh token and nonce. */
export interface LoginTokens {
  readonly accessToken: string;
  /** From the `RefreshToken_<port>` cookie; undefined when the server set none. */
  readonly refreshToken: string | undefined;
  readonly refreshNonce: string | undefined;
}

/** Where and how to send auth requests. */
export interface AuthTarget {
  /** The server URL with a trailing slash, e.g. "http://127.0.0.1:8200/". */
  readonly hostUrl: string;
  readonly fetch?: typeof fetch;
}

/** The API URL of `path` (relative to /api/v1/) on the server. */
export function apiUrl(hostUrl: string, path: string): URL {
  return new URL(`api/v1/${path}`, hostUrl);
}

/** The refresh cookie's name for a server URL: `RefreshToken_<port>` (80/443 when the URL has no port). */
export function refreshCookieName(hostUrl: string): string {
  const url = new URL(hostUrl);
  const port = url.port !== "" ? url.port : url.protocol === "https:" ? "443" : "80";
  return `RefreshToken_${port}`;
}

function post(target: AuthTarget, path: string, init: { body?: unknown; cookie?: string }): Promise<Response> {
  const headers = new Headers();
  if (init.body !== undefined) headers.set("Content-Type", "application/json");
  if (init.cookie !== undefined) headers.set("Cookie", init.cookie);
  const doFetch = target.fetch ?? fetch;
  return doFetch(apiUrl(target.hostUrl, path), {
    method: "POST",
    headers,
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
}

async function readTokens(response: Response, cookieName: string): Promise<LoginTokens> {
  await ensureOk(response);
  const body = await response.json() as Partial<TokenResponse>;
  if (typeof body.AccessToken !== "string" || body.AccessToken === "") {
    throw new Error("Failed to get access token: the server's answer has no AccessToken");
  }
  const cookie = response.headers.getSetCookie()
    .flatMap((line) => line.split(";"))
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${cookieName}=`));
  const refreshToken = cookie?.slice(cookieName.length + 1);
  return {
    accessToken: body.AccessToken,
    refreshToken: refreshToken === undefined || refreshToken === "" ? undefined : refreshToken,
    refreshNonce: typeof body.RefreshNonce === "string" ? body.RefreshNonce : undefined,
  };
}

/** POST auth/login `{Password, RememberMe}`. Throws ServerError (401) for a wrong password. */
export async function loginWithPassword(
  target: AuthTarget,
  login: { password: string; rememberMe: boolean },
): Promise<LoginTokens> {
  const response = await post(target, "auth/login", {
    body: { Password: login.password, RememberMe: login.rememberMe },
  });
  return await readTokens(response, refreshCookieName(target.hostUrl));
}

/** POST auth/refresh with the refresh cookie and `{Nonce}`; the answer carries the rotated token and nonce. */
export async function refreshLogin(
  target: AuthTarget,
  login: { refreshToken: string; refreshNonce: string | undefined },
): Promise<LoginTokens> {
  const name = refreshCookieName(target.hostUrl);
  const response = await post(target, "auth/refresh", {
    cookie: `${name}=${login.refreshToken}`,
    body: login.refreshNonce === undefined ? {} : { Nonce: login.refreshNonce },
  });
  return await readTokens(response, name);
}

/** POST auth/refresh/logout with the refresh cookie: revokes the token's family. */
export async function logoutRefresh(
  target: AuthTarget,
  login: { refreshToken: string; refreshNonce: string | undefined },
): Promise<void> {
  const response = await post(target, "auth/refresh/logout", {
    cookie: `${refreshCookieName(target.hostUrl)}=${login.refreshToken}`,
    body: login.refreshNonce === undefined ? {} : { Nonce: login.refreshNonce },
  });
  await ensureOk(response);
  await response.body?.cancel();
}

/** POST auth/issuesignintoken `{Password}` -> a 5-minute single-use sign-in token for `signin.html?token=`. */
export async function issueSigninToken(target: AuthTarget, password: string): Promise<string> {
  const response = await post(target, "auth/issuesignintoken", { body: { Password: password } });
  await ensureOk(response);
  const body = await response.json() as { Token?: unknown };
  if (typeof body.Token !== "string") throw new Error("Failed to get a sign-in token: the answer has no Token");
  return body.Token;
}
