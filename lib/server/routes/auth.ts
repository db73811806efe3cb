/**
 * /api/v1/auth/*: password login, sign-in tokens, refresh-token rotation through the `RefreshToken_<port>` cookie,
 * logout, single-operation tokens and the status probe (Duplicati 2.1+ shapes).
 * @module
 */
import { type Context, Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { TokenResponse } from "../api_types.ts";
import type { IssuedTokens } from "../auth/auth_types.ts";
import { sessionFromRequest } from "../auth/require_auth.ts";
import type { ServerDeps } from "../deps.ts";
import { HttpError } from "../http_error.ts";
import { booleanField, objectField, readJson, stringField } from "../request_body.ts";

/** The refresh cookie's path; "/api/v1/auth/refresh/logout" receives it too, as a prefix match. */
export const REFRESH_COOKIE_PATH = "/api/v1/auth/refresh";
const OPERATIONS: ReadonlySet<string> = new Set(["export", "bugreport", "websocket"]);

/** The refresh cookie's name for a server port. */
export function refreshCookieName(port: number): string {
  return `RefreshToken_${port}`;
}

/** The auth routes, relative to /api/v1. */
export function authRoutes(deps: ServerDeps): Hono {
  const app = new Hono();
  const cookieName = refreshCookieName(deps.info.port);

  function answerWithTokens(c: Context, tokens: IssuedTokens): Response {
    setCookie(c, cookieName, tokens.refreshToken, {
      path: REFRESH_COOKIE_PATH,
      httpOnly: true,
      sameSite: "Strict",
      secure: deps.info.https,
      expires: new Date(tokens.refreshExpires),
    });
    const body: TokenResponse = { AccessToken: tokens.accessToken, RefreshNonce: tokens.refreshNonce };
    return c.json(body);
  }

  app.post("/auth/login", async (c) => {
    const body = objectField(await readJson(c), "body");
    const password = stringField(body, "Password", {});
    const rememberMe = booleanField(body, "RememberMe", { fallback: false });
    return answerWithTokens(c, await deps.auth.login(password, { rememberMe, client: clientAddress(c) }));
  });

  app.post("/auth/signin", async (c) => {
    if (signinTokensDisabled(deps)) throw new HttpError(401, "Signin tokens are disabled", { reason: "disabled" });
    const body = objectField(await readJson(c), "body");
    const signinToken = stringField(body, "SigninToken", {});
    const rememberMe = booleanField(body, "RememberMe", { fallback: false });
    return answerWithTokens(c, await deps.auth.signin(signinToken, { rememberMe }));
  });

  app.post("/auth/refresh", async (c) => {
    const body = objectField(await readJson(c, { allowEmpty: true }), "body");
    const nonce = stringField(body, "Nonce", { optional: true });
    const refreshToken = getCookie(c, cookieName);
    if (refreshToken === undefined || refreshToken === "") {
      throw new HttpError(401, "Missing refresh cookie", { reason: "missing-cookie" });
    }
    return answerWithTokens(c, await deps.auth.refresh(refreshToken, nonce));
  });

  app.post("/auth/refresh/logout", async (c) => {
    try {
      await deps.auth.logout(getCookie(c, cookieName));
    } catch {
      // Logging out with an invalid or revoked cookie still clears it.
    }
    deleteCookie(c, cookieName, { path: REFRESH_COOKIE_PATH, secure: deps.info.https, httpOnly: true });
    return c.json({ success: true });
  });

  app.post("/auth/issuesignintoken", async (c) => {
    if (signinTokensDisabled(deps)) throw new HttpError(401, "Signin tokens are disabled", { reason: "disabled" });
    const password = stringField(objectField(await readJson(c), "body"), "Password", {});
    return c.json({ Token: await deps.auth.issueSigninToken(password, { client: clientAddress(c) }) });
  });

  // Behind the app's auth middleware (not a public route).
  app.post("/auth/issuetoken/:operation", async (c) => {
    const operation = c.req.param("operation");
    if (!OPERATIONS.has(operation)) {
      throw new HttpError(400, `Invalid operation "${operation}": expected export, bugreport or websocket`, {
        reason: "invalid-operation",
      });
    }
    return c.json({ Token: await deps.auth.createOperationToken(operation) });
  });

  app.post("/auth/status", async (c) => {
    const session = await sessionFromRequest(c, { auth: deps.auth });
    if (session === undefined) return c.json({ authorized: false, message: "Not authorized" });
    const socketToken = await deps.auth.createOperationToken("websocket");
    return c.json({ authorized: true, message: "Authorized", socketToken });
  });

  return app;
}

/** The client's address for login throttling: Deno.serve's `info.remoteAddr` when app.fetch got it as env. */
export function clientAddress(c: Context): string {
  const env = c.env as { remoteAddr?: { hostname?: unknown } } | undefined;
  const hostname = env?.remoteAddr?.hostname;
  return typeof hostname === "string" && hostname !== "" ? hostname : "unknown";
}

function signinTokensDisabled(deps: ServerDeps): boolean {
  return (deps.store.getSetting("disable-signin-tokens") ?? "").toLowerCase() === "true";
}
