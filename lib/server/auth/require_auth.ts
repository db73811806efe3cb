/**
 * The auth middleware: `Authorization: Bearer <access token>` puts the {@link Session} into `c.var.session`;
 * anything else answers 401 `{"Error":"Unauthorized","Code":401}`. Which routes skip it is app.ts's PUBLIC_ROUTES.
 * @module
 */
import type { Context, MiddlewareHandler } from "hono";
import type { AuthService, Session } from "./auth_types.ts";

/** Hono variables set by {@link requireAuth}. */
export type AuthVariables = { session: Session };

/** Rejects requests without a valid access token. */
export function requireAuth(auth: AuthService): MiddlewareHandler<{ Variables: AuthVariables }> {
  return async function requireAuthMiddleware(c, next) {
    const session = await sessionFromRequest(c, { auth });
    if (session === undefined) {
      c.header("WWW-Authenticate", "Bearer");
      return c.json({ Error: "Unauthorized", Code: 401 }, 401);
    }
    c.set("session", session);
    await next();
  };
}

/** The session of the request's Authorization header, undefined when there is none or it is invalid. */
export async function sessionFromRequest(c: Context, env: { auth: AuthService }): Promise<Session | undefined> {
  const header = c.req.header("Authorization")?.trim() ?? "";
  const match = /^(\S+)\s+(\S+)$/.exec(header);
  if (!match || (match[1] ?? "").toLowerCase() !== "bearer") return undefined;
  return await env.auth.verifyAccess(match[2] ?? "");
}
