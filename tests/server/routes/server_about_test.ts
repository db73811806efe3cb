/**
 * GET /systeminfo/server: the About page's server facts (data folder, server database, start, port, runtime
 * versions), behind the token like every other route.
 * @module
 */
import { join } from "node:path";
import { createApp } from "../../../lib/server/app.ts";
import type { ServerAboutDto } from "../../../lib/server/routes/server_about.ts";
import { assertEquals } from "../../support/assert.ts";
import { assertNeedsToken, callJson, fakeServerDeps } from "../../support/fake_server_deps.ts";

Deno.test("GET /systeminfo/server names the data folder, the server database, the start and the runtime", async () => {
  const dataFolder = Deno.makeTempDirSync({ prefix: "server-about-" });
  try {
    using fake = fakeServerDeps({ dataFolder, now: Date.UTC(2024, 4, 1, 12, 0, 0) });
    const { status, body } = await callJson(createApp(fake.deps), "/api/v1/systeminfo/server");
    assertEquals(status, 200);
    const about = body as ServerAboutDto;
    assertEquals(about, {
      DataFolder: dataFolder,
      ServerDatabase: join(dataFolder, "Duplicati-server.sqlite"),
      StartedAt: "2024-05-01T11:59:00.000Z",
      StartedBy: "Server",
      Port: 8200,
      Https: false,
      ProcessId: Deno.pid,
      Platform: Deno.build.target,
      DenoVersion: Deno.version.deno,
      V8Version: Deno.version.v8,
      TypeScriptVersion: Deno.version.typescript,
    });
  } finally {
    Deno.removeSync(dataFolder, { recursive: true });
  }
});

Deno.test("GET /systeminfo/server answers 401 without a token", async () => {
  using fake = fakeServerDeps();
  await assertNeedsToken(createApp(fake.deps), [["GET", "/systeminfo/server"]]);
});
