import { detachedSession } from "../../lib/tray/tray_session.ts";
import { parseTrayOptions } from "../../lib/tray/tray_options.ts";
import { FakeApiServer } from "../support/fake_api_server.ts";
import { assertEquals } from "../support/assert.ts";

Deno.test("detachedSession() renews a rejected access token through the refresh cookie, else signs in again", async () => {
  const fake = new FakeApiServer();
  fake.autoAdvance = false;
  const count = (path: string) => fake.requests.filter((r) => r.path === `/api/v1/auth/${path}`).length;
  try {
    const options = parseTrayOptions(
      ["--no-hosted-server", `--hosturl=${fake.url}`, "--webservice-password=secret"],
      {},
    );
    const session = await detachedSession(options, {});
    assertEquals((await session.client.serverState()).ProgramState, "Running");
    assertEquals([count("login"), count("refresh")], [1, 0]);

    fake.expireAccessTokens();
    await session.client.pause();
    assertEquals(fake.state, "Paused");
    assertEquals([count("login"), count("refresh")], [1, 1], "renewed with the refresh cookie, no second login");
    const refresh = fake.requests.find((r) => r.path === "/api/v1/auth/refresh")!;
    assertEquals(refresh.cookie?.startsWith(`RefreshToken_${fake.port}=refresh-`), true);
    assertEquals(Object.keys(JSON.parse(refresh.body)), ["Nonce"]);

    for (const state of fake.refreshTokens.values()) fake.revokedFamilies.add(state.family);
    fake.expireAccessTokens();
    await session.client.resume();
    assertEquals(fake.state, "Running");
    assertEquals([count("login"), count("refresh")], [2, 2], "a refused refresh falls back to the password");
  } finally {
    await fake.close();
  }
});
