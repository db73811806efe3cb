import { Hono } from "hono";
import { hostFilter, hostPart, isIpLiteral } from "../../../lib/server/auth/host_filter.ts";
import { assertEquals } from "../../support/assert.ts";

function appWith(allowed: string[]): Hono {
  const app = new Hono();
  app.use("/api/*", hostFilter(allowed));
  app.get("/api/v1/ping", (c) => c.text("pong"));
  return app;
}

async function statusFor(app: Hono, host: string): Promise<number> {
  return (await app.request("http://localhost:8200/api/v1/ping", { headers: { Host: host } })).status;
}

Deno.test("hostFilter accepts localhost names, IP literals and listed names (any case, any port)", async () => {
  const app = appWith(["backup.example.org"]);
  for (
    const host of [
      "localhost",
      "localhost:8200",
      "LOCALHOST:8200",
      "localhost.localdomain",
      "127.0.0.1:8200",
      "192.168.1.20",
      "10.0.0.1:8300",
      "[::1]:8200",
      "[::1]",
      "[fe80::1ff:fe23:4567:890a]:8200",
      "[::ffff:192.0.2.128]",
      "backup.example.org",
      "Backup.Example.ORG:8200",
    ]
  ) {
    assertEquals(await statusFor(app, host), 200, host);
  }
});

Deno.test("hostFilter answers 403 naming the host for other names", async () => {
  const app = appWith(["backup.example.org"]);
  const response = await app.request("http://x/api/v1/ping", { headers: { Host: "evil.example.com:8200" } });
  assertEquals(response.status, 403);
  assertEquals(await response.json(), { Error: "Invalid hostname: evil.example.com", Code: 403 });
  for (
    const host of [
      "example.org",
      "backup.example.org.evil",
      "localhost.evil",
      "127.0.0.1.nip.io",
      "256.1.1.1",
      "[zz::1]",
    ]
  ) {
    assertEquals(await statusFor(app, host), 403, host);
  }
});

Deno.test("hostFilter with * accepts any host", async () => {
  const app = appWith(["*"]);
  assertEquals(await statusFor(app, "anything.example"), 200);
  assertEquals(await statusFor(appWith([]), "anything.example"), 403);
});

Deno.test("hostPart and isIpLiteral", () => {
  assertEquals(hostPart("[::1]:8200"), "[::1]");
  assertEquals(hostPart("example.com:8200"), "example.com");
  assertEquals(hostPart("example.com"), "example.com");
  assertEquals(hostPart("::1"), "::1");
  for (const ip of ["0.0.0.0", "255.255.255.255", "::", "::1", "[::1]", "2001:db8::8a2e:370:7334", "1:2:3:4:5:6:7:8"]) {
    assertEquals(isIpLiteral(ip), true, ip);
  }
  for (const text of ["1.2.3", "01.2.3.4", "1.2.3.4.5", "1:2:3:4:5:6:7:8:9", "1::2::3", "g::1", "", "localhost"]) {
    assertEquals(isIpLiteral(text), false, text);
  }
});
