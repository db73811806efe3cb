import { DatabaseSync } from "node:sqlite";
import { join } from "node:path";
import { UserInputError } from "../../../lib/core/errors.ts";
import { openConfigStore } from "../../../lib/server/config_store/config_store.ts";
import { serverDatabasePath } from "../../../lib/server/config_store/server_database.ts";
import { loadServerKey, SERVER_KEY_FILE } from "../../../lib/server/config_store/server_key.ts";
import { assert, assertEquals, assertMatch, assertThrows } from "../../support/assert.ts";
import { openTestStore, sampleBackup, TEST_KEY, withDataFolder } from "./store_fixtures.ts";

const SECRETS = [
  "correct-horse-battery-staple",
  "ssh://host/path?auth-password=s3cretPW",
  "s3cretPW",
  "jwt-signing-key-0123456789",
  "global-option-secret",
  "backend-password-xyz",
  "cert-password-abc",
];

function fileBytesText(path: string): string {
  let text = "";
  for (const file of [path, `${path}-wal`]) {
    try {
      text += new TextDecoder("latin1").decode(Deno.readFileSync(file));
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
  return text;
}

function storeSecrets(dir: string): void {
  const store = openTestStore(dir);
  try {
    const backup = sampleBackup({ targetUrl: "ssh://host/path?auth-password=s3cretPW" });
    const { id } = store.createBackup({
      ...backup,
      settings: [...backup.settings, { filter: "", name: "--ftp-password", value: "backend-password-xyz" }],
    });
    store.setSetting("jwt-config", '{"SigningKey":"jwt-signing-key-0123456789"}');
    store.setSetting("server-ssl-certificate-password", "cert-password-abc");
    store.setSetting("startup-delay", "plain-setting-value");
    store.setGlobalOptions([{ filter: "", name: "--passphrase", value: "global-option-secret" }]);
    // While open, the data sits in the WAL: check it there too.
    const text = fileBytesText(serverDatabasePath(dir));
    assert(text.includes("plain-setting-value"), "the searched bytes hold the plain values");
    for (const secret of SECRETS) assert(!text.includes(secret), `"${secret}" is in the open database's bytes`);
    assertEquals(store.getBackup(id)!.targetUrl, "ssh://host/path?auth-password=s3cretPW");
  } finally {
    store.close();
  }
}

Deno.test("secrets are absent from the database file bytes, and come back decrypted", () => {
  withDataFolder((dir) => {
    storeSecrets(dir);
    const path = serverDatabasePath(dir);
    const text = fileBytesText(path);
    for (const secret of SECRETS) assert(!text.includes(secret), `"${secret}" is in the database file's bytes`);
    // Sanity: the bytes we searched do hold the plain values.
    assert(text.includes("plain-setting-value"));
    assert(text.includes("/home/me/notes.txt"));
    const raw = new DatabaseSync(path, { readOnly: true });
    try {
      const url = raw.prepare("SELECT target_url FROM backup").get() as { target_url: string };
      assertMatch(url.target_url, /^enc:v1:[A-Za-z0-9+/]+=*$/);
    } finally {
      raw.close();
    }
    const store = openTestStore(dir);
    try {
      const backup = store.listBackups()[0]!;
      assertEquals(backup.targetUrl, "ssh://host/path?auth-password=s3cretPW");
      assertEquals(backup.settings.find((s) => s.name === "passphrase")?.value, "correct-horse-battery-staple");
      assertEquals(backup.settings.find((s) => s.name === "--ftp-password")?.value, "backend-password-xyz");
      assertEquals(store.getSetting("jwt-config"), '{"SigningKey":"jwt-signing-key-0123456789"}');
      assertEquals(store.allSettings()["server-ssl-certificate-password"], "cert-password-abc");
      assertEquals(store.getGlobalOptions()[0]?.value, "global-option-secret");
    } finally {
      store.close();
    }
  });
});

Deno.test("opening with a different key fails with a clear error and leaves the database usable", () => {
  withDataFolder((dir) => {
    storeSecrets(dir);
    const wrong = new Uint8Array(32).fill(7);
    assertThrows(
      () => openTestStore(dir, { key: wrong }),
      UserInputError,
      "Cannot open the server database: the settings encryption key does not match the one it was created with; " +
        `it was created with the generated key in "${SERVER_KEY_FILE}"`,
    );
    const store = openTestStore(dir);
    try {
      assertEquals(store.listBackups()[0]?.targetUrl, "ssh://host/path?auth-password=s3cretPW");
    } finally {
      store.close();
    }
  });
});

Deno.test("a --settings-encryption-key text opens only its own database", () => {
  withDataFolder((dir) => {
    const env = { path: serverDatabasePath(dir), dataFolder: dir };
    const store = openConfigStore({ ...env, key: { passphrase: "a long settings key" } });
    store.setSetting("jwt-config", "secret-json");
    store.close();
    const again = openConfigStore({ ...env, key: { passphrase: "a long settings key" } });
    assertEquals(again.getSetting("jwt-config"), "secret-json");
    again.close();
    for (const key of [{ passphrase: "another long key" }, TEST_KEY]) {
      assertThrows(
        () => openConfigStore({ ...env, key }),
        UserInputError,
        "does not match the one it was created with; it was created with --settings-encryption-key",
      );
    }
  });
});

Deno.test("a database created with the key file refuses a --settings-encryption-key text", () => {
  withDataFolder((dir) => {
    openTestStore(dir).close();
    assertThrows(
      () => openConfigStore({ path: serverDatabasePath(dir), dataFolder: dir, key: { passphrase: "a long key text" } }),
      UserInputError,
      "the settings encryption key does not match",
    );
  });
});

Deno.test("the database, its -wal and -shm files are mode 0600 and a new data folder is 0700", {
  ignore: Deno.build.os === "windows",
}, () => {
  withDataFolder((parent) => {
    const dir = join(parent, "data");
    const store = openTestStore(dir);
    try {
      store.createBackup(sampleBackup());
      const path = serverDatabasePath(dir);
      for (const file of [path, `${path}-wal`, `${path}-shm`]) {
        assertEquals(Deno.statSync(file).mode! & 0o777, 0o600, file);
      }
      assertEquals(Deno.statSync(dir).mode! & 0o777, 0o700);
    } finally {
      store.close();
    }
  });
});

Deno.test("loadServerKey() creates the key file once (mode 0600) and returns the same key afterwards", () => {
  withDataFolder((parent) => {
    const dir = join(parent, "fresh");
    const key = loadServerKey({ dataFolder: dir });
    assert(key instanceof Uint8Array);
    assertEquals(key.length, 32);
    const file = join(dir, SERVER_KEY_FILE);
    const text = Deno.readTextFileSync(file);
    assertMatch(text, /^[A-Za-z0-9+/]{43}=\n$/);
    if (Deno.build.os !== "windows") {
      assertEquals(Deno.statSync(file).mode! & 0o777, 0o600);
      assertEquals(Deno.statSync(dir).mode! & 0o777, 0o700);
    }
    assertEquals(loadServerKey({ dataFolder: dir }), key);
    assertEquals([...Deno.readDirSync(dir)].map((e) => e.name), [SERVER_KEY_FILE]);
    // The file's key opens a store, and another load gives the key that opens it again.
    const path = serverDatabasePath(dir);
    openConfigStore({ path, dataFolder: dir, key }).close();
    openConfigStore({ path, dataFolder: dir, key: loadServerKey({ dataFolder: dir }) }).close();
  });
});

Deno.test("loadServerKey() refuses a damaged key file", () => {
  withDataFolder((dir) => {
    Deno.writeTextFileSync(join(dir, SERVER_KEY_FILE), "c2hvcnQ=\n");
    assertThrows(() => loadServerKey({ dataFolder: dir }), UserInputError, "expected 32 bytes in base64");
  });
});

Deno.test("loadServerKey() takes a settings encryption key text and refuses weak ones", () => {
  withDataFolder((dir) => {
    assertEquals(loadServerKey({ dataFolder: dir, settingsEncryptionKey: "Tr0ub4dor&3x" }), {
      passphrase: "Tr0ub4dor&3x",
    });
    for (const weak of ["", "short", "1234567"]) {
      assertThrows(
        () => loadServerKey({ dataFolder: dir, settingsEncryptionKey: weak }),
        UserInputError,
        "Cannot use the settings encryption key: it must have at least 8 characters",
      );
    }
    for (const weak of ["password", "PASSWORD", "12345678", "aaaaaaaaaaaa"]) {
      assertThrows(
        () => loadServerKey({ dataFolder: dir, settingsEncryptionKey: weak }),
        UserInputError,
        "too easy to guess",
      );
    }
    assertEquals([...Deno.readDirSync(dir)], []);
  });
});
