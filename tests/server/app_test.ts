/**
 * createApp() as a whole: every /api/v1 route answers 403 for a Host header that is not an IP, localhost or an
 * allowed name (DNS rebinding), and 401 without a Bearer token except the documented public ones; unknown
 * endpoints and thrown errors become `{Error, Code}` JSON.
 */
import { createApp } from "../../lib/server/app.ts";
import { assert, assertEquals } from "../support/assert.ts";
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
