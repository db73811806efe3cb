import { Hono } from "hono";
import { createAuthService } from "../../../lib/server/auth/auth_service.ts";
import type { AuthService } from "../../../lib/server/auth/auth_types.ts";
import { type AuthVariables, isPublicApiPath, requireAuth } from "../../../lib/server/auth/require_auth.ts";
import { assertEquals } from "../../support/assert.ts";
import { FakeClock } from "../../support/fake_clock.ts";
import { MemoryAuthStore } from "../../support/memory_auth_store.ts";

async function setup(): Promise<{ app: Hono<{ Variables: AuthVariables }>; auth: AuthService; clock: FakeClock }> {
  const clock = new FakeClock();
  const auth = await createAuthService({ store: new MemoryAuthStore(), clock });
  await auth.setPassword("pw");
  const app = new Hono<{ Variables: AuthVariables }>();
  app.use("/api/v1/*", requireAuth(auth, { preAuthTokens: ["static-token-123", "short"] }));
  app.get("/api/v1/whoami", (c) => c.json(c.get("session")));
  return { app, auth, clock };
}

async function expectUnauthorized(response: Response): Promise<void> {
  assertEquals(response.status, 401);
  assertEquals(await response.json(), { Error: "Unauthorized", Code: 401 });
}

Deno.test("requireAuth puts the Bearer token's session into c.var.session", async () => {
  const { app, auth } = await setup();
  const { accessToken } = await auth.login("pw", { rememberMe: false, client: "t" });
  const family = (await auth.verifyAccess(accessToken))?.familyId;
  const response = await app.request("/api/v1/whoami", { headers: { Authorization: `Bearer ${accessToken}` } });
  assertEquals(response.status, 200);
  assertEquals(await response.json(), { userId: "webserver", familyId: family });
  const lower = await app.request("/api/v1/whoami", { headers: { Authorization: `bearer ${accessToken}` } });
  assertEquals(lower.status, 200);
});

Deno.test("requireAuth answers 401 without, with malformed, expired or revoked tokens", async () => {
  const { app, auth, clock } = await setup();
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

Deno.test("requireAuth accepts configured pre-auth tokens of at least 10 characters", async () => {
  const { app } = await setup();
  const ok = await app.request("/api/v1/whoami", { headers: { Authorization: "PreAuth static-token-123" } });
  assertEquals(await ok.json(), { userId: "preauth", familyId: "temporary" });
  for (const token of ["static-token-12", "static-token-1234", "short"]) {
    await expectUnauthorized(await app.request("/api/v1/whoami", { headers: { Authorization: `PreAuth ${token}` } }));
  }
});

Deno.test("isPublicApiPath lists the auth entry points and the token-in-query downloads", () => {
  for (
    const path of [
      "/api/v1/auth/login",
      "/auth/signin",
      "/auth/refresh",
      "/auth/refresh/logout",
      "/auth/issuesignintoken",
      "/auth/status",
      "/backup/3/export",
      "/api/v1/bugreport/7",
    ]
  ) {
    assertEquals(isPublicApiPath(path), true, path);
  }
  for (
    const path of ["/auth/issuetoken/export", "/api/v1/backups", "/backup/3", "/backup/3/export/x", "/auth/loginx"]
  ) {
    assertEquals(isPublicApiPath(path), false, path);
  }
});
