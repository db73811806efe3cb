import { FakeApiServer } from "../support/fake_api_server.ts";
import { assert, assertEquals, assertMatch, assertStringIncludes } from "../support/assert.ts";
import { runUtil, storedLogins } from "./serverutil_helpers.ts";

async function withFake(body: (fake: FakeApiServer, dataFolder: string) => Promise<void>): Promise<void> {
  const fake = new FakeApiServer();
  const dataFolder = await Deno.makeTempDir({ prefix: "serverutil-" });
  try {
    await body(fake, dataFolder);
  } finally {
    await fake.close();
    await Deno.remove(dataFolder, { recursive: true });
  }
}

Deno.test("serverutil login stores a refresh token owner-only; later commands refresh with the cookie and nonce", async () => {
  await withFake(async (fake, dataFolder) => {
    const login = await runUtil(["login", "--hosturl", fake.url, "--password", "secret"], { dataFolder });
    assertEquals(login.code, 0, login.text);
    assertEquals(login.out[0], "Logging in to the server");
    assertEquals(login.out[1], `Connecting to ${fake.url}...`);
    const loginRequest = fake.requests.find((r) => r.path === "/api/v1/auth/login")!;
    assertEquals(JSON.parse(loginRequest.body), { Password: "secret", RememberMe: true });
    const [stored] = storedLogins(dataFolder);
    assert(stored !== undefined);
    assertEquals(stored.HostUrl, fake.url);
    assertEquals(stored.ServerDatafolder, dataFolder);
    assert(fake.refreshTokens.get(stored.RefreshToken!)?.current, "the stored token is the server's current one");
    if (Deno.build.os !== "windows") assertEquals(Deno.statSync(`${dataFolder}/settings.json`).mode! & 0o777, 0o600);

    const status = await runUtil(["status", `--hosturl=${fake.url}`], { dataFolder });
    assertEquals(status.code, 0, status.text);
    const refresh = fake.requests.find((r) => r.path === "/api/v1/auth/refresh")!;
    assertEquals(refresh.cookie, `RefreshToken_${fake.port}=${stored.RefreshToken}`);
    assertEquals(JSON.parse(refresh.body), { Nonce: stored.RefreshNonce });
    assertEquals(fake.requests.filter((r) => r.path === "/api/v1/auth/login").length, 1, "no second password login");
    const [rotated] = storedLogins(dataFolder);
    assert(rotated!.RefreshToken !== stored.RefreshToken, "the rotated token was saved");
    assert(fake.refreshTokens.get(rotated!.RefreshToken!)?.current);
  });
});

Deno.test("serverutil falls back to the password when the stored token was revoked, and forgets the dead token", async () => {
  await withFake(async (fake, dataFolder) => {
    assertEquals((await runUtil(["login", "--hosturl", fake.url, "--password", "secret"], { dataFolder })).code, 0);
    fake.revokedFamilies.add(fake.refreshTokens.get(storedLogins(dataFolder)[0]!.RefreshToken!)!.family);
    const noPassword = await runUtil(["status", "--hosturl", fake.url], { dataFolder });
    assertEquals(noPassword.code, 2);
    assertStringIncludes(
      noPassword.err.join("\n"),
      "Failed to use refresh token: Server error (401): Failed to refresh token",
    );
    assertStringIncludes(noPassword.err.join("\n"), "Failed to connect to server: Password is required");
    assertEquals(storedLogins(dataFolder), []);

    const prompted: string[] = [];
    const withPrompt = await runUtil(["status", "--hosturl", fake.url], {
      dataFolder,
      readSecret: (prompt) => {
        prompted.push(prompt);
        return Promise.resolve("secret");
      },
    });
    assertEquals(withPrompt.code, 0, withPrompt.text);
    assertEquals(prompted, ["Enter server password: "]);
  });
});

Deno.test("serverutil reports a wrong password as a user error (exit 2) with the server's message", async () => {
  await withFake(async (fake, dataFolder) => {
    const run = await runUtil(["status", "--hosturl", fake.url, "--password", "wrong"], { dataFolder });
    assertEquals(run.code, 2);
    assertEquals(run.err, ["Failed to connect to server: Server error (401): Invalid password"]);
  });
});

Deno.test("serverutil renews an expired access token through the refresh cookie during run --wait", async () => {
  await withFake(async (fake, dataFolder) => {
    const id = fake.addBackup("Docs");
    const run = await runUtil(["run", id, "--wait", "--hosturl", fake.url, "--password", "secret"], {
      dataFolder,
      sleep: () => Promise.resolve(fake.expireAccessTokens()),
    });
    assertEquals(run.code, 0, run.text);
    assert(
      fake.requests.filter((r) => r.path === "/api/v1/auth/refresh").length >= 1,
      "renewed with the refresh token",
    );
    assertEquals(fake.requests.filter((r) => r.path === "/api/v1/auth/login").length, 1);
  });
});

Deno.test("serverutil encrypts the stored token with --settings-encryption-key", async () => {
  await withFake(async (fake, dataFolder) => {
    const key = ["--settings-encryption-key", "correct horse"];
    assertEquals(
      (await runUtil(["login", "--hosturl", fake.url, "--password", "secret", ...key], { dataFolder })).code,
      0,
    );
    const stored = storedLogins(dataFolder)[0]!;
    assertMatch(stored.RefreshToken!, /^enc-v1:/);
    assert(!Deno.readTextFileSync(`${dataFolder}/settings.json`).includes("refresh-"), "no plain token in the file");
    const withKey = await runUtil(["status", "--hosturl", fake.url], {
      dataFolder,
      env: { SETTINGS_ENCRYPTION_KEY: "correct horse" },
    });
    assertEquals(withKey.code, 0, withKey.text);
    const withoutKey = await runUtil(["status", "--hosturl", fake.url], { dataFolder });
    assertEquals(withoutKey.code, 2);
    assertStringIncludes(withoutKey.err.join("\n"), "The stored login token is encrypted");
  });
});

Deno.test("serverutil logout revokes the stored login on the server and removes it", async () => {
  await withFake(async (fake, dataFolder) => {
    assertEquals((await runUtil(["login", "--hosturl", fake.url, "--password", "secret"], { dataFolder })).code, 0);
    const token = storedLogins(dataFolder)[0]!.RefreshToken!;
    const logout = await runUtil(["logout", "--hosturl", fake.url], { dataFolder });
    assertEquals(logout.code, 0, logout.text);
    assertStringIncludes(logout.text, "Logged out, stored token removed");
    const request = fake.requests.find((r) => r.path === "/api/v1/auth/refresh/logout")!;
    assertEquals(request.cookie, `RefreshToken_${fake.port}=${token}`);
    assert(fake.revokedFamilies.has(fake.refreshTokens.get(token)!.family));
    assertEquals(storedLogins(dataFolder), []);
  });
});

Deno.test("serverutil change-password sends the new password as a JSON string", async () => {
  await withFake(async (fake, dataFolder) => {
    const run = await runUtil(["change-password", "n3w pass", "--hosturl", fake.url, "--password", "secret"], {
      dataFolder,
    });
    assertEquals(run.code, 0, run.text);
    const put = fake.requests.find((r) => r.method === "PUT")!;
    assertEquals(put.path, "/api/v1/serversetting/server-passphrase");
    assertEquals(put.body, '"n3w pass"');
    const json = await runUtil(["change-password", "--json", "--hosturl", fake.url, "--password", "n3w pass"], {
      dataFolder,
    });
    assertEquals(json.code, 2);
    assertStringIncludes(JSON.parse(json.out.join("\n")).Exceptions[0], "no new password given in --json mode");
  });
});

Deno.test("serverutil login refuses to claim a stored login when the server sent no refresh cookie", async () => {
  await withFake(async (fake, dataFolder) => {
    fake.sendRefreshCookie = false;
    const login = await runUtil(["login", "--hosturl", fake.url, "--password", "secret"], { dataFolder });
    assertEquals(login.code, 2, login.text);
    assertStringIncludes(
      login.err.join("\n"),
      "The server did not send a refresh token cookie for this address, so the login cannot be kept",
    );
    assert(!login.out.some((line) => /logged in/i.test(line)), login.text);
    let stored = true;
    try {
      Deno.statSync(`${dataFolder}/settings.json`);
    } catch {
      stored = false;
    }
    assert(!stored, "no settings.json was written");
  });
});
