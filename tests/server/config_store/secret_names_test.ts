import { DatabaseSync } from "node:sqlite";
import { createApp } from "../../../lib/server/app.ts";
import { serverDatabasePath } from "../../../lib/server/config_store/server_database.ts";
import { isSecretOptionName, isSecretSettingKey } from "../../../lib/server/config_store/secret_names.ts";
import type { BackupConfig } from "../../../lib/server/config_store/model.ts";
import { configurationSecrets } from "../../../lib/server/tasks/cli_task.ts";
import { assert, assertEquals, assertMatch } from "../../support/assert.ts";
import { callJson, fakeServerDeps } from "../../support/fake_server_deps.ts";
import { openTestStore } from "./store_fixtures.ts";

Deno.test("isSecretOptionName: a known option is a secret only when declared as a password or listed", () => {
  for (const name of ["passphrase", "--passphrase", "PASSPHRASE", "--password", "secret"]) {
    assertEquals(isSecretOptionName(name), true, name);
  }
  // A boolean flag whose name merely contains "passphrase".
  for (const name of ["force-passphrase-from-stdin", "--force-passphrase-from-stdin", "--no-encryption"]) {
    assertEquals(isSecretOptionName(name), false, name);
  }
});

Deno.test("isSecretOptionName: names the registry does not know are judged by their credential-like look", () => {
  for (
    const name of [
      "--auth-password",
      "ssh-key",
      "--ssh-keyfile-password",
      "s3-secret-key",
      "--aws-secret-access-key",
      "--b2-accountkey",
      "--oauth-token",
      "--azure-access-key",
      "--some-backend-passphrase",
    ]
  ) {
    assertEquals(isSecretOptionName(name), true, name);
  }
  for (const name of ["--auth-username", "ssh-fingerprint", "--dblock-size", "--s3-server-name"]) {
    assertEquals(isSecretOptionName(name), false, name);
  }
});

Deno.test("task-output scrubbing does not hide a --force-passphrase-from-stdin=true value, but does the passphrase", () => {
  const backup: BackupConfig = {
    id: 1,
    name: "B",
    description: "",
    tags: [],
    targetUrl: "file:///mnt/b",
    dbPath: "/tmp/b.sqlite",
    externalId: null,
    sources: ["/src/"],
    settings: [
      { filter: "", name: "--force-passphrase-from-stdin", value: "true" },
      { filter: "", name: "passphrase", value: "pass-phrase-value" },
    ],
    filters: [],
    metadata: {},
  };
  const secrets = configurationSecrets(backup, []);
  assert(!secrets.includes("true"), `"true" would be scrubbed from all output: ${JSON.stringify(secrets)}`);
  assert(secrets.includes("pass-phrase-value"));
});

Deno.test("isSecretSettingKey: the listed keys and key-material-looking names, in any case", () => {
  for (
    const key of [
      "pbkdf-config",
      "jwt-config",
      "server-ssl-certificate",
      "server-ssl-certificate-password",
      "server-ca-certificate-key",
      "server-passphrase",
      "server-passphrase-salt",
      "remote-control-storage-api-key",
      "client-license-key",
      "my-private-key",
      "JWT-Config",
    ]
  ) {
    assertEquals(isSecretSettingKey(key), true, key);
  }
  for (const key of ["startup-delay", "server-timezone", "disable-signin-tokens", "last-webserver-port", "keyword"]) {
    assertEquals(isSecretSettingKey(key), false, key);
  }
});

Deno.test("server-ca-certificate-key is encrypted at rest and never returned by GET /serversettings", async () => {
  const dir = Deno.makeTempDirSync({ prefix: "secret_names_test_" });
  const store = openTestStore(dir);
  try {
    store.setSetting("server-ca-certificate-key", "CA-KEY-SECRET");
    store.setSetting("startup-delay", "5m");
    const raw = new DatabaseSync(serverDatabasePath(dir), { readOnly: true });
    try {
      const row = raw.prepare("SELECT value FROM server_setting WHERE key = ?").get("server-ca-certificate-key");
      assertMatch((row as { value: string }).value, /^enc:v1:/);
      const plain = raw.prepare("SELECT value FROM server_setting WHERE key = ?").get("startup-delay");
      assertEquals((plain as { value: string }).value, "5m");
    } finally {
      raw.close();
    }
    assertEquals(store.getSetting("server-ca-certificate-key"), "CA-KEY-SECRET");
    using fake = fakeServerDeps({ dataFolder: dir });
    const app = createApp({ ...fake.deps, store });
    const all = await callJson(app, "/api/v1/serversettings");
    assertEquals(all.status, 200);
    assert(!JSON.stringify(all.body).includes("CA-KEY-SECRET"));
    assertEquals((all.body as Record<string, string>)["startup-delay"], "5m");
    assertEquals((await callJson(app, "/api/v1/serversetting/server-ca-certificate-key")).status, 404);
  } finally {
    store.close();
    Deno.removeSync(dir, { recursive: true });
  }
});
