/**
 * The auth middleware: `Authorization: Bearer <access token>` (or `PreAuth <token>` for configured pre-auth
 * tokens) puts the {@link Session} into `c.var.session`; anything else answers 401 `{"Error":"Unauthorized",
 * "Code":401}`. {@link isPublicApiPath} names the /api/v1 routes that need no token.
 * @module
 */
import type { Context, MiddlewareHandler } from "hono";
import type { AuthService, Session } from "./auth_types.ts";
import { constantTimeEqual } from "./password.ts";

/** Hono variables set by {@link requireAuth}. */
export type AuthVariables = { session: Session };

export interface RequireAuthOptions {
  /** `--webservice-pre-auth-tokens`: static tokens accepted as `Authorization: PreAuth <token>`. */
  readonly preAuthTokens?: readonly string[];
}

/** User id of sessions authenticated by a pre-auth token. */
export const PRE_AUTH_USER = "preauth";

/** Rejects requests without a valid token; a session already set by an earlier run of it is kept. */
export function requireAuth(
  auth: AuthService,
  options: RequireAuthOptions = {},
): MiddlewareHandler<{ Variables: AuthVariables }> {
  return async function requireAuthMiddleware(c, next) {
    if (c.get("session") === undefined) {
      const session = await sessionFromRequest(c, { auth, ...options });
      if (session === undefined) {
        c.header("WWW-Authenticate", "Bearer");
        return c.json({ Error: "Unauthorized", Code: 401 }, 401);
      }
      c.set("session", session);
    }
    await next();
  };
}

/** The session of the request's Authorization header, undefined when there is none or it is invalid. */
export async function sessionFromRequest(
  c: Context,
  env: RequireAuthOptions & { auth: AuthService },
): Promise<Session | undefined> {
  const header = c.req.header("Authorization")?.trim() ?? "";
  const match = /^(\S+)\s+(\S+)$/.exec(header);
  if (!match) return undefined;
  const scheme = (match[1] ?? "").toLowerCase();
  const token = match[2] ?? "";
  if (scheme === "bearer") return await env.auth.verifyAccess(token);
  if (scheme === "preauth" && matchesPreAuthToken(token, env.preAuthTokens ?? [])) {
    return { userId: PRE_AUTH_USER, familyId: "temporary" };
  }
  return undefined;
}

/** True for a token among the configured ones (each compared in constant time). */
export function matchesPreAuthToken(token: string, tokens: readonly string[]): boolean {
  const encoder = new TextEncoder();
  const given = encoder.encode(token);
  let found = false;
  for (const candidate of tokens) {
    if (candidate.length >= 10 && constantTimeEqual(given, encoder.encode(candidate))) found = true;
  }
  return found;
}

const PUBLIC_PATHS: readonly RegExp[] = [
  /^\/auth\/(login|signin|refresh|refresh\/logout|issuesignintoken|status)$/,
  /^\/backup\/[^/]+\/export$/,
  /^\/bugreport\/[^/]+$/,
];

/**
 * True for the /api/v1 routes that take no access token (auth entry points; export and bug-report downloads,
 * which check a single-operation token in `?token=` themselves). Takes the path with or without "/api/v1".
 */
export function isPublicApiPath(path: string): boolean {
  const relative = path.startsWith("/api/v1/") ? path.slice("/api/v1".length) : path;
  return PUBLIC_PATHS.some((pattern) => pattern.test(relative));
}
