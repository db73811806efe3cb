import { Hono } from "hono";
import { isPublicRoute } from "../../../lib/server/app.ts";
import { createAuthService } from "../../../lib/server/auth/auth_service.ts";
import type { AuthService } from "../../../lib/server/auth/auth_types.ts";
import { type AuthVariables, requireAuth } from "../../../lib/server/auth/require_auth.ts";
import { assertEquals } from "../../support/assert.ts";
import { FakeClock } from "../../support/fake_clock.ts";
import { memoryStore } from "../../support/fake_server_deps.ts";

interface Setup extends Disposable {
  app: Hono<{ Variables: AuthVariables }>;
  auth: AuthService;
  clock: FakeClock;
}

async function setup(): Promise<Setup> {
  const clock = new FakeClock();
  const store = memoryStore();
  const auth = await createAuthService({ store, clock });
  await auth.setPassword("pw");
  const app = new Hono<{ Variables: AuthVariables }>();
  app.use("/api/v1/*", requireAuth(auth));
  app.get("/api/v1/whoami", (c) => c.json(c.get("session")));
  return { app, auth, clock, [Symbol.dispose]: () => store.close() };
}

async function expectUnauthorized(response: Response): Promise<void> {
  assertEquals(response.status, 401);
  assertEquals(await response.json(), { Error: "Unauthorized", Code: 401 });
}

Deno.test("requireAuth puts the Bearer token's session into c.var.session", async () => {
  using s = await setup();
  const { app, auth } = s;
  const { accessToken } = await auth.login("pw", { rememberMe: false, client: "t" });
  const family = (await auth.verifyAccess(accessToken))?.familyId;
  const response = await app.request("/api/v1/whoami", { headers: { Authorization: `Bearer ${accessToken}` } });
  assertEquals(response.status, 200);
  assertEquals(await response.json(), { userId: "webserver", familyId: family });
  const lower = await app.request("/api/v1/whoami", { headers: { Authorization: `bearer ${accessToken}` } });
  assertEquals(lower.status, 200);
});

Deno.test("requireAuth answers 401 without, with malformed, expired or revoked tokens", async () => {
  using s = await setup();
  const { app, auth, clock } = s;
  const tokens = await auth.login("pw", { rememberMe: false, client: "t" });
  await expectUnauthorized(await app.request("/api/v1/whoami"));
  for (const header of ["Bearer", "Bearer ", "Basic dXNlcjpwdw==", `Token ${tokens.accessToken}`, "Bearer a b"]) {
    await expectUnauthorized(await app.request("/api/v1/whoami", { headers: { Authorization: header } }));
  }
  const refreshAsAccess = { Authorization: `Bearer ${tokens.refreshToken}` };
  await expectUnauthorized(await app.request("/api/v1/whoami", { headers: refreshAsAccess }));
  await auth.logout(tokens.refreshToken);
  const revoked = { Authorization: `Bearer ${tokens.accessToken}` };
  await expectUnauthorized(await app.request("/api/v1/whoami", { headers: revoked }));
  const fresh = await auth.login("pw", { rememberMe: false, client: "t" });
  clock.advance(15 * 60_000 + 5_001);
  const expired = { Authorization: `Bearer ${fresh.accessToken}` };
  await expectUnauthorized(await app.request("/api/v1/whoami", { headers: expired }));
});

Deno.test("requireAuth checks the token even when an earlier middleware set a session", async () => {
  using s = await setup();
  const app = new Hono<{ Variables: AuthVariables }>();
  app.use("*", async (c, next) => {
    c.set("session", { userId: "forged", familyId: "none" });
    await next();
  });
  app.use("*", requireAuth(s.auth));
  app.get("/whoami", (c) => c.json(c.get("session")));
  await expectUnauthorized(await app.request("/whoami"));
  const { accessToken } = await s.auth.login("pw", { rememberMe: false, client: "t" });
  const response = await app.request("/whoami", { headers: { Authorization: `Bearer ${accessToken}` } });
  assertEquals((await response.json()).userId, "webserver");
});

Deno.test("isPublicRoute lists the auth entry points and the token-in-query export download", () => {
  for (
    const path of [
      "/api/v1/auth/login",
      "/auth/signin",
      "/auth/refresh",
      "/auth/refresh/logout",
      "/auth/issuesignintoken",
      "/auth/status",
    ]
  ) {
    assertEquals(isPublicRoute("POST", path), true, path);
  }
  assertEquals(isPublicRoute("GET", "/backup/3/export"), true);
  assertEquals(isPublicRoute("GET", "/api/v1/backup/3/export"), true);
  for (
    const path of ["/auth/issuetoken/export", "/api/v1/backups", "/backup/3", "/backup/3/export/x", "/auth/loginx"]
  ) {
    assertEquals(isPublicRoute("POST", path), false, path);
    assertEquals(isPublicRoute("GET", path), false, path);
  }
  assertEquals(isPublicRoute("GET", "/auth/login"), false, "only the method the route has");
});
