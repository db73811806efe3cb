/**
 * createApp() as a whole: every /api/v1 route answers 403 for a Host header that is not an IP, localhost or an
 * allowed name (DNS rebinding), and 401 without a Bearer token except the documented public ones; unknown
 * endpoints and thrown errors become `{Error, Code}` JSON; bodies over the limit answer 413.
 */
import { WrongPassphraseError } from "../../lib/core/errors.ts";
import type { ErrorBody } from "../../lib/server/api_types.ts";
import { createApp, INTERNAL_ERROR_MESSAGE, MAX_REQUEST_BODY_BYTES } from "../../lib/server/app.ts";
import { ConflictError } from "../../lib/server/config_store/conflict_error.ts";
import type { ConfigStore, ServerLogRow } from "../../lib/server/config_store/model.ts";
import { assert, assertEquals, assertStringIncludes } from "../support/assert.ts";
import { fakeServerDeps, memoryStore, TEST_TOKEN } from "../support/fake_server_deps.ts";

/** The routes below /api/v1 that take no Bearer token (they authenticate otherwise or not at all). */
const PUBLIC = new Set([
  "POST /api/v1/auth/login",
  "POST /api/v1/auth/signin",
  "POST /api/v1/auth/refresh",
  "POST /api/v1/auth/refresh/logout",
  "POST /api/v1/auth/issuesignintoken",
  "POST /api/v1/auth/status",
  "GET /api/v1/backup/:id/export",
]);

function apiRoutes(app: ReturnType<typeof createApp>): { method: string; path: string }[] {
  const seen = new Set<string>();
  const out: { method: string; path: string }[] = [];
  for (const route of app.routes) {
    if (!route.path.startsWith("/api/v1/") || route.method === "ALL" || route.path.includes("*")) continue;
    const key = `${route.method} ${route.path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ method: route.method, path: route.path });
  }
  return out;
}

function concrete(path: string): string {
  return path.replace(/:([a-z]+)(\{[^}]*\})?/gi, (_m, name: string) => (name === "operation" ? "export" : "1"));
}

Deno.test("every /api/v1 route needs a Bearer token except the public ones", async () => {
  using server = fakeServerDeps({ store: memoryStore() });
  const app = createApp(server.deps);
  const routes = apiRoutes(app);
  assert(routes.length >= 50, `only ${routes.length} routes found`);
  const open: string[] = [];
  for (const { method, path } of routes) {
    const response = await app.request(concrete(path), {
      method,
      headers: { host: "localhost:8200", "content-type": "application/json" },
      body: method === "GET" || method === "HEAD" ? null : "{}",
    });
    const body = await response.text();
    // The auth middleware's bare answer; public routes may answer 401 too, but for their own reasons.
    if (response.status !== 401 || body !== '{"Error":"Unauthorized","Code":401}') open.push(`${method} ${path}`);
  }
  assertEquals(open.sort(), [...PUBLIC].sort());
});

Deno.test("every /api/v1 route answers 403 for a Host that is not an IP, localhost or an allowed name", async () => {
  using server = fakeServerDeps({ store: memoryStore() });
  const app = createApp(server.deps);
  for (const { method, path } of apiRoutes(app)) {
    const response = await app.request(concrete(path), {
      method,
      headers: { host: "attacker.example:8200", authorization: `Bearer ${TEST_TOKEN}` },
    });
    assertEquals(
      [response.status, await response.json()],
      [403, { Error: "Invalid hostname: attacker.example", Code: 403 }],
      `${method} ${path}`,
    );
  }
  for (const host of ["127.0.0.1:8200", "[::1]:8200", "192.168.1.20", "LOCALHOST:8200", "localhost.localdomain"]) {
    const response = await app.request("/api/v1/serverstate", {
      headers: { host, authorization: `Bearer ${TEST_TOKEN}` },
    });
    assertEquals(response.status, 200, host);
    await response.body?.cancel();
  }
});

Deno.test("allowed host names are accepted; /health needs neither token nor host check", async () => {
  using server = fakeServerDeps({ store: memoryStore() });
  const deps = { ...server.deps, info: { ...server.deps.info, allowedHostnames: ["backup.lan"] } };
  const app = createApp(deps);
  const ok = await app.request("/api/v1/serverstate", {
    headers: { host: "Backup.LAN:8200", authorization: `Bearer ${TEST_TOKEN}` },
  });
  assertEquals(ok.status, 200);
  await ok.body?.cancel();
  const health = await app.request("/health", { headers: { host: "anything.example" } });
  assertEquals([health.status, await health.text()], [200, "Healthy"]);
});

Deno.test("unknown endpoints and malformed JSON give JSON errors, never HTML", async () => {
  using server = fakeServerDeps({ store: memoryStore() });
  const app = createApp(server.deps);
  const headers = { host: "localhost", authorization: `Bearer ${TEST_TOKEN}`, "content-type": "application/json" };
  const missing = await app.request("/api/v1/no-such-thing", { headers });
  assertEquals([missing.status, await missing.json()], [404, {
    Error: "No such API endpoint: GET /api/v1/no-such-thing",
    Code: 404,
  }]);
  const bad = await app.request("/api/v1/backups", { method: "POST", headers, body: "{not json" });
  assertEquals(bad.status, 400);
  const body = await bad.json() as { Error: string; Code: number; Reason: string };
  assertEquals([body.Code, body.Reason], [400, "invalid-json"]);
});

/** `store` whose listNotifications() (GET /api/v1/notifications) throws `error`. */
function failingStore(store: ConfigStore, error: unknown): ConfigStore {
  return new Proxy(store, {
    get(target, name) {
      if (name === "listNotifications") {
        return () => {
          throw error;
        };
      }
      const value = Reflect.get(target, name);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

async function notificationsWith(error: unknown): Promise<{ status: number; body: ErrorBody; log: ServerLogRow[] }> {
  using server = fakeServerDeps();
  const app = createApp({ ...server.deps, store: failingStore(server.store, error) });
  const response = await app.request("/api/v1/notifications", {
    headers: { host: "localhost", authorization: `Bearer ${TEST_TOKEN}` },
  });
  return { status: response.status, body: await response.json(), log: server.store.listServerLog({ pageSize: 10 }) };
}

Deno.test("an unexpected error answers 500 with a generic message and its details go to the server log", async () => {
  const secretDetail = "SQLITE_IOERR: disk I/O error at /home/me/.config/Duplicati/Duplicati-server.sqlite";
  const { status, body, log } = await notificationsWith(new Error(secretDetail));
  assertEquals([status, body], [500, { Error: INTERNAL_ERROR_MESSAGE, Code: 500, Reason: "internal-error" }]);
  assert(!JSON.stringify(body).includes("SQLITE"), "the answer carries no internal detail");
  assertEquals(log.length, 1);
  assertEquals([log[0]!.level, log[0]!.message], ["Error", `GET /api/v1/notifications failed: ${secretDetail}`]);
  assertStringIncludes(log[0]!.exception ?? "", secretDetail);
});

Deno.test("the engine's typed errors map to 409 and 400 with their code as Reason, and are not logged", async () => {
  const conflict = await notificationsWith(new ConflictError('Cannot create backup "A": the name is taken'));
  assertEquals([conflict.status, conflict.body], [409, {
    Error: 'Cannot create backup "A": the name is taken',
    Code: 409,
    Reason: "duplicate-name",
  }]);
  const wrong = await notificationsWith(new WrongPassphraseError("Cannot decrypt the file: wrong passphrase"));
  assertEquals([wrong.status, wrong.body], [400, {
    Error: "Cannot decrypt the file: wrong passphrase",
    Code: 400,
    Reason: "wrong-passphrase",
  }]);
  assertEquals([conflict.log, wrong.log], [[], []]);
});

Deno.test("request bodies above 16 MiB answer 413 before any route reads them, also on /auth/login", async () => {
  using server = fakeServerDeps();
  const app = createApp(server.deps);
  const headers = { host: "localhost", authorization: `Bearer ${TEST_TOKEN}`, "content-type": "application/json" };
  const tooBig = JSON.stringify({ Password: "x".repeat(MAX_REQUEST_BODY_BYTES) });
  const declared = await app.request("/api/v1/auth/login", { method: "POST", headers, body: tooBig });
  assertEquals([declared.status, await declared.json()], [413, {
    Error: "Cannot read the request: its body is larger than 16 MiB",
    Code: 413,
    Reason: "body-too-large",
  }]);
  // Without a Content-Length (chunked), the limit is counted while reading.
  const chunk = new Uint8Array(1024 * 1024).fill(0x20);
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent++ < 17) controller.enqueue(chunk);
      else controller.close();
    },
  });
  const streamed = await app.request("/api/v1/uisettings/ngclient", { method: "PATCH", headers, body: stream });
  assertEquals([streamed.status, (await streamed.json()).Reason], [413, "body-too-large"]);
  assertEquals(server.store.getUiSettings("ngclient"), {});
  // Just under the limit is read as usual.
  const padded = JSON.stringify({ theme: "dark" }).padEnd(MAX_REQUEST_BODY_BYTES, " ");
  const ok = await app.request("/api/v1/uisettings/ngclient", { method: "PATCH", headers, body: padded });
  assertEquals(ok.status, 200);
  await ok.body?.cancel();
  assertEquals(server.store.getUiSettings("ngclient"), { theme: "dark" });
});
