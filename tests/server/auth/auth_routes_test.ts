/**
 * The /auth routes through createApp(), so the whole middleware chain (host check, auth, body limit, error
 * mapping) is exercised, with the real AuthService over the real config store in memory.
 */
import type { Hono } from "hono";
import { createApp } from "../../../lib/server/app.ts";
import { createAuthService } from "../../../lib/server/auth/auth_service.ts";
import type { AuthService } from "../../../lib/server/auth/auth_types.ts";
import type { ConfigStore } from "../../../lib/server/config_store/model.ts";
import type { ServerDeps, ServerInfo } from "../../../lib/server/deps.ts";
import { assert, assertEquals, assertMatch, assertStringIncludes } from "../../support/assert.ts";
import { FakeClock } from "../../support/fake_clock.ts";
import { fakeServerDeps } from "../../support/fake_server_deps.ts";

const PASSWORD = "s3cret pass";
const COOKIE = "RefreshToken_8200";

interface Setup extends Disposable {
  app: Hono;
  auth: AuthService;
  store: ConfigStore;
  clock: FakeClock;
}

async function setup(info: Partial<ServerInfo> = {}): Promise<Setup> {
  const fake = fakeServerDeps();
  const clock = new FakeClock();
  const auth = await createAuthService({ store: fake.store, clock });
  await auth.setPassword(PASSWORD);
  const serverInfo: ServerInfo = { ...fake.deps.info, dataFolder: "/tmp/none", startedAt: clock.now(), ...info };
  const deps: ServerDeps = { ...fake.deps, auth, clock, info: serverInfo };
  return { app: createApp(deps), auth, store: fake.store, clock, [Symbol.dispose]: () => fake[Symbol.dispose]() };
}

function post(app: Hono, path: string, init: { body?: unknown; cookie?: string; bearer?: string; ip?: string } = {}) {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (init.cookie !== undefined) headers.Cookie = `${COOKIE}=${init.cookie}`;
  if (init.bearer !== undefined) headers.Authorization = `Bearer ${init.bearer}`;
  const body = init.body === undefined ? null : JSON.stringify(init.body);
  const env = { remoteAddr: { hostname: init.ip ?? "127.0.0.1" } };
  return app.request(`http://localhost:8200/api/v1${path}`, { method: "POST", headers, body }, env);
}

/** The refresh cookie's value and attributes from a response. */
function refreshCookie(response: Response): { value: string; attributes: string } {
  const header = response.headers.getSetCookie().find((line) => line.startsWith(`${COOKIE}=`));
  assert(header !== undefined, "a refresh cookie is set");
  const [pair, ...attributes] = header.split("; ");
  return { value: (pair ?? "").slice(COOKIE.length + 1), attributes: attributes.join("; ") };
}

async function login(s: Setup, rememberMe = false): Promise<{ access: string; nonce: string; cookie: string }> {
  const response = await post(s.app, "/auth/login", { body: { Password: PASSWORD, RememberMe: rememberMe } });
  assertEquals(response.status, 200);
  const body = await response.json();
  return { access: body.AccessToken, nonce: body.RefreshNonce, cookie: refreshCookie(response).value };
}

Deno.test("POST /auth/login answers tokens and sets the RefreshToken_<port> cookie", async () => {
  using s = await setup();
  const response = await post(s.app, "/auth/login", { body: { Password: PASSWORD, RememberMe: true } });
  assertEquals(response.status, 200);
  const body = await response.json();
  assertEquals(Object.keys(body), ["AccessToken", "RefreshNonce"]);
  assert(await s.auth.verifyAccess(body.AccessToken) !== undefined);
  const cookie = refreshCookie(response);
  const expires = new Date(s.clock.now() + 30 * 24 * 3_600_000).toUTCString();
  assertEquals(cookie.attributes, `Path=/api/v1/auth/refresh; Expires=${expires}; HttpOnly; SameSite=Strict`);
  assertMatch(cookie.value, /^[\w-]+\.[\w-]+\.[\w-]+$/);

  const short = await post(s.app, "/auth/login", { body: { Password: PASSWORD } });
  assertStringIncludes(refreshCookie(short).attributes, `Expires=${new Date(s.clock.now() + 7_200_000).toUTCString()}`);
});

Deno.test("the refresh cookie is Secure and named after the port on an https server", async () => {
  using s = await setup({ https: true, port: 8300 });
  const response = await s.app.request("http://localhost:8300/api/v1/auth/login", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ Password: PASSWORD }),
  });
  const header = response.headers.get("Set-Cookie") ?? "";
  assertMatch(header, /^RefreshToken_8300=[\w.-]+; Path=\/api\/v1\/auth\/refresh; Expires=[^;]+; HttpOnly; Secure;/);
});

Deno.test("POST /auth/login answers 401 for a wrong password and 400 for a bad body", async () => {
  using s = await setup();
  const wrong = await post(s.app, "/auth/login", { body: { Password: "nope" } });
  assertEquals([wrong.status, await wrong.json()], [401, {
    Error: "Failed to log in",
    Code: 401,
    Reason: "wrong-password",
  }]);
  assertEquals(wrong.headers.get("Set-Cookie"), null);
  assertEquals((await post(s.app, "/auth/login", { body: {} })).status, 400);
  assertEquals((await post(s.app, "/auth/login", { body: { Password: 5 } })).status, 400);
  assertEquals((await post(s.app, "/auth/login")).status, 400);
});

Deno.test("failed logins from one address back off with 429 and Retry-After", async () => {
  using s = await setup();
  for (let i = 0; i < 3; i++) {
    assertEquals((await post(s.app, "/auth/login", { body: { Password: "x" }, ip: "10.0.0.9" })).status, 401);
  }
  const limited = await post(s.app, "/auth/login", { body: { Password: PASSWORD }, ip: "10.0.0.9" });
  assertEquals(limited.status, 429);
  assertEquals(limited.headers.get("Retry-After"), "1");
  assertEquals((await limited.json()).Code, 429);
  assertEquals((await post(s.app, "/auth/login", { body: { Password: PASSWORD }, ip: "10.0.0.8" })).status, 200);
  s.clock.advance(1_000);
  assertEquals((await post(s.app, "/auth/login", { body: { Password: PASSWORD }, ip: "10.0.0.9" })).status, 200);
});

Deno.test("POST /auth/refresh rotates the cookie and nonce; replaying the old cookie later revokes the family", async () => {
  using s = await setup();
  const first = await login(s);
  const missing = await post(s.app, "/auth/refresh", { body: { Nonce: first.nonce } });
  assertEquals([missing.status, (await missing.json()).Error], [401, "Missing refresh cookie"]);
  const noNonce = await post(s.app, "/auth/refresh", { cookie: first.cookie });
  assertEquals([noNonce.status, (await noNonce.json()).Error], [401, "Failed to refresh token"]);

  const response = await post(s.app, "/auth/refresh", { body: { Nonce: first.nonce }, cookie: first.cookie });
  assertEquals(response.status, 200);
  const body = await response.json();
  const rotated = refreshCookie(response).value;
  assert(rotated !== first.cookie && body.RefreshNonce !== first.nonce && body.AccessToken !== first.access);
  assert(await s.auth.verifyAccess(body.AccessToken) !== undefined);

  s.clock.advance(60_000);
  const replay = await post(s.app, "/auth/refresh", { body: { Nonce: first.nonce }, cookie: first.cookie });
  assertEquals(replay.status, 401);
  assertEquals(await s.auth.verifyAccess(body.AccessToken), undefined, "the family is gone");
  const next = await post(s.app, "/auth/refresh", { body: { Nonce: body.RefreshNonce }, cookie: rotated });
  assertEquals(next.status, 401);
});

Deno.test("POST /auth/refresh/logout revokes the family and clears the cookie", async () => {
  using s = await setup();
  const session = await login(s);
  const family = (await s.auth.verifyAccess(session.access))?.familyId ?? "";
  assertEquals(s.store.getTokenFamily(family)?.userId, "webserver");
  const response = await post(s.app, "/auth/refresh/logout", {
    body: { Nonce: session.nonce },
    cookie: session.cookie,
  });
  assertEquals([response.status, await response.json()], [200, { success: true }]);
  const cleared = refreshCookie(response);
  assertEquals(cleared.value, "");
  assertStringIncludes(cleared.attributes, "Max-Age=0");
  assertStringIncludes(cleared.attributes, "Path=/api/v1/auth/refresh");
  assertEquals(await s.auth.verifyAccess(session.access), undefined);
  assertEquals(s.store.getTokenFamily(family), undefined);
  const again = await post(s.app, "/auth/refresh/logout", { cookie: "garbage" });
  assertEquals([again.status, await again.json()], [200, { success: true }]);
  assertEquals((await post(s.app, "/auth/refresh/logout")).status, 200);
});

Deno.test("POST /auth/issuesignintoken and /auth/signin exchange a single-use sign-in token", async () => {
  using s = await setup();
  const wrong = await post(s.app, "/auth/issuesignintoken", { body: { Password: "bad" } });
  assertEquals([wrong.status, (await wrong.json()).Error], [401, "Incorrect password"]);
  const issued = await post(s.app, "/auth/issuesignintoken", { body: { Password: PASSWORD } });
  const { Token } = await issued.json();
  const signin = await post(s.app, "/auth/signin", { body: { SigninToken: Token, RememberMe: true } });
  assertEquals(signin.status, 200);
  const body = await signin.json();
  assertEquals((await s.auth.verifyAccess(body.AccessToken))?.userId, "web-api");
  assertStringIncludes(refreshCookie(signin).attributes, "HttpOnly");
  const reused = await post(s.app, "/auth/signin", { body: { SigninToken: Token } });
  assertEquals(reused.status, 401);

  const late = await s.auth.createSigninToken("server-cli");
  s.clock.advance(5 * 60_000 + 6_000);
  const expired = await post(s.app, "/auth/signin", { body: { SigninToken: late } });
  assertEquals([expired.status, (await expired.json()).Error], [401, "Signin token expired"]);
});

Deno.test("sign-in tokens are refused while the disable-signin-tokens setting is true", async () => {
  using s = await setup();
  const token = await s.auth.createSigninToken("server-cli");
  s.store.setSetting("disable-signin-tokens", "True");
  const response = await post(s.app, "/auth/signin", { body: { SigninToken: token } });
  assertEquals([response.status, (await response.json()).Error], [401, "Signin tokens are disabled"]);
  assertEquals((await post(s.app, "/auth/issuesignintoken", { body: { Password: PASSWORD } })).status, 401);
});

Deno.test('with disable-signin-tokens "true" (as --webservice-disable-signin-tokens writes it) both routes answer 401', async () => {
  using s = await setup();
  const token = await s.auth.createSigninToken("server-cli");
  s.store.setSetting("disable-signin-tokens", "true");
  const signin = await post(s.app, "/auth/signin", { body: { SigninToken: token } });
  assertEquals([signin.status, await signin.json()], [401, {
    Error: "Signin tokens are disabled",
    Code: 401,
    Reason: "disabled",
  }]);
  const issue = await post(s.app, "/auth/issuesignintoken", { body: { Password: PASSWORD } });
  assertEquals([issue.status, (await issue.json()).Error], [401, "Signin tokens are disabled"]);
  s.store.setSetting("disable-signin-tokens", null);
  assertEquals((await post(s.app, "/auth/signin", { body: { SigninToken: token } })).status, 200);
});

Deno.test("POST /auth/issuetoken/:operation needs a Bearer token and a known operation", async () => {
  using s = await setup();
  const session = await login(s);
  const unauthorized = await post(s.app, "/auth/issuetoken/export");
  assertEquals([unauthorized.status, await unauthorized.json()], [401, { Error: "Unauthorized", Code: 401 }]);
  for (const operation of ["export", "bugreport", "websocket"]) {
    const response = await post(s.app, `/auth/issuetoken/${operation}`, { bearer: session.access });
    assertEquals(response.status, 200);
    assertEquals(await s.auth.verifyOperationToken((await response.json()).Token, operation), true);
  }
  const bad = await post(s.app, "/auth/issuetoken/delete", { bearer: session.access });
  assertEquals(bad.status, 400);
});

Deno.test("POST /auth/status reports whether the request carries a valid access token", async () => {
  using s = await setup();
  const anonymous = await post(s.app, "/auth/status");
  assertEquals([anonymous.status, await anonymous.json()], [200, { authorized: false, message: "Not authorized" }]);
  const session = await login(s);
  const response = await post(s.app, "/auth/status", { bearer: session.access });
  const body = await response.json();
  assertEquals([response.status, body.authorized, body.message], [200, true, "Authorized"]);
  assertEquals(await s.auth.verifyOperationToken(body.socketToken, "websocket"), true);
  const stale = await post(s.app, "/auth/status", { bearer: "x.y.z" });
  assertEquals((await stale.json()).authorized, false);
});
