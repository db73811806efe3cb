import { DatabaseSync } from "node:sqlite";
import { serverDatabasePath } from "../../../lib/server/config_store/server_database.ts";
import { assertEquals, assertMatch, assertNotEquals, assertThrows } from "../../support/assert.ts";
import { openTestStore, sampleBackup, withDataFolder, withStore } from "./store_fixtures.ts";

Deno.test("setSchedule() stores one schedule per backup, replaces it, removes it with null and ignores unknown backups", () => {
  withStore((store) => {
    const a = store.createBackup(sampleBackup({ name: "A" })).id;
    const b = store.createBackup(sampleBackup({ name: "B" })).id;
    assertEquals(store.getSchedule(a), undefined);
    store.setSchedule(b, { time: 1_700_000_000_123, repeat: "1W", lastRun: 0, allowedDays: [] });
    store.setSchedule(a, { time: 1_700_000_000_000, repeat: "1D", lastRun: 5, allowedDays: ["mon", "fri"] });
    store.setSchedule(a, { time: 1_800_000_000_000, repeat: "2h", lastRun: 1_700_000_000_999, allowedDays: ["sun"] });
    assertEquals(store.getSchedule(a), {
      backupId: a,
      time: 1_800_000_000_000,
      repeat: "2h",
      lastRun: 1_700_000_000_999,
      allowedDays: ["sun"],
    });
    assertEquals(store.listSchedules(), [
      { backupId: a, time: 1_800_000_000_000, repeat: "2h", lastRun: 1_700_000_000_999, allowedDays: ["sun"] },
      { backupId: b, time: 1_700_000_000_123, repeat: "1W", lastRun: 0, allowedDays: [] },
    ]);
    store.setSchedule(a, null);
    assertEquals(store.getSchedule(a), undefined);
    store.setSchedule(77, { time: 1, repeat: "", lastRun: 0, allowedDays: [] });
    assertEquals(store.getSchedule(77), undefined);
    assertEquals(store.listSchedules().map((s) => s.backupId), [b]);
  });
});

Deno.test("server settings: get, set, overwrite, delete and allSettings with secrets decrypted", () => {
  withStore((store) => {
    assertEquals(store.getSetting("startup-delay"), undefined);
    store.setSetting("startup-delay", "5m");
    store.setSetting("jwt-config", '{"SigningKey":"abc"}');
    store.setSetting("startup-delay", "10m");
    store.setSetting("gone", "x");
    store.setSetting("gone", null);
    assertEquals(store.getSetting("startup-delay"), "10m");
    assertEquals(store.getSetting("jwt-config"), '{"SigningKey":"abc"}');
    assertEquals(store.getSetting("gone"), undefined);
    assertEquals(store.allSettings(), { "jwt-config": '{"SigningKey":"abc"}', "startup-delay": "10m" });
  });
});

Deno.test("global options keep their order, filters and secret values, and are replaced as a whole", () => {
  withStore((store) => {
    assertEquals(store.getGlobalOptions(), []);
    const options = [
      { filter: "", name: "--zeta", value: "1" },
      { filter: "ssh", name: "--auth-password", value: "global-pw" },
      { filter: "", name: "--alpha", value: "" },
    ];
    store.setGlobalOptions(options);
    assertEquals(store.getGlobalOptions(), options);
    store.setGlobalOptions([{ filter: "", name: "--passphrase", value: "p" }]);
    assertEquals(store.getGlobalOptions(), [{ filter: "", name: "--passphrase", value: "p" }]);
  });
});

Deno.test("UI settings are kept per scheme and patched key by key", () => {
  withStore((store) => {
    assertEquals(store.getUiSettings("dark"), {});
    store.patchUiSettings("dark", { a: "1", b: "2" });
    store.patchUiSettings("light", { a: "x" });
    store.patchUiSettings("dark", { b: null, c: "3", a: "10" });
    assertEquals(store.getUiSettings("dark"), { a: "10", c: "3" });
    assertEquals(store.getUiSettings("light"), { a: "x" });
  });
});

Deno.test("notifications: add with and without a timestamp, list oldest first, dismiss once", () => {
  withDataFolder((dir) => {
    const store = openTestStore(dir, { now: () => 1_234_567 });
    try {
      const base = { title: "T", message: "M", exception: "", action: "backup:show-log" };
      const first = store.addNotification({ ...base, type: "Warning", backupId: null });
      const second = store.addNotification({ ...base, type: "Error", backupId: 3, timestamp: 99 });
      assertEquals(first, { ...base, id: 1, type: "Warning", backupId: null, timestamp: 1_234_567 });
      assertEquals(second, { ...base, id: 2, type: "Error", backupId: 3, timestamp: 99 });
      assertEquals(store.listNotifications(), [first, second]);
      assertEquals(store.dismissNotification(1), true);
      assertEquals(store.dismissNotification(1), false);
      assertEquals(store.listNotifications(), [second]);
    } finally {
      store.close();
    }
  });
});

Deno.test("backup log: newest first, paged with a before cursor, filtered by type and per backup", () => {
  withStore((store) => {
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) {
      ids.push(store.addBackupLog({
        backupId: 1,
        operationId: 10 + i,
        timestamp: 1000 + i,
        type: i % 2 === 0 ? "Result" : "Warning",
        message: `m${i}`,
        exception: i === 1 ? "boom" : null,
      }));
    }
    store.addBackupLog({
      backupId: 2,
      operationId: 1,
      timestamp: 1,
      type: "Result",
      message: "other",
      exception: null,
    });
    const page1 = store.listBackupLog(1, { pageSize: 4 });
    assertEquals(page1.map((r) => r.message), ["m5", "m4", "m3", "m2"]);
    const page2 = store.listBackupLog(1, { pageSize: 4, before: page1[3]!.id });
    assertEquals(page2.map((r) => r.message), ["m1", "m0"]);
    assertEquals(page2[0], {
      id: ids[1],
      backupId: 1,
      operationId: 11,
      timestamp: 1001,
      type: "Warning",
      message: "m1",
      exception: "boom",
    });
    assertEquals(store.listBackupLog(1, { pageSize: 10, type: "Result" }).map((r) => r.message), ["m4", "m2", "m0"]);
    assertEquals(
      store.listBackupLog(1, { pageSize: 10, type: "Result", before: ids[4]! }).map((r) => r.message),
      ["m2", "m0"],
    );
    assertEquals(store.listBackupLog(2, { pageSize: 10 }).map((r) => r.message), ["other"]);
    assertEquals(store.listBackupLog(3, { pageSize: 10 }), []);
  });
});

Deno.test("server log: newest first with a before cursor; purgeLogs() removes old rows of both logs", () => {
  withStore((store) => {
    const a = store.addServerLog({ backupId: null, level: "Error", message: "a", exception: "x", timestamp: 100 });
    const b = store.addServerLog({ backupId: 4, level: "Warning", message: "b", exception: null, timestamp: 200 });
    const c = store.addServerLog({
      backupId: null,
      level: "Information",
      message: "c",
      exception: null,
      timestamp: 300,
    });
    assertEquals(store.listServerLog({ pageSize: 2 }).map((r) => r.id), [c, b]);
    assertEquals(store.listServerLog({ pageSize: 5, before: b }), [
      { id: a, backupId: null, level: "Error", message: "a", exception: "x", timestamp: 100 },
    ]);
    assertEquals(store.listServerLog({ pageSize: 5 })[1], {
      id: b,
      backupId: 4,
      level: "Warning",
      message: "b",
      exception: null,
      timestamp: 200,
    });
    store.addBackupLog({
      backupId: 1,
      operationId: 1,
      timestamp: 150,
      type: "Result",
      message: "old",
      exception: null,
    });
    store.addBackupLog({
      backupId: 1,
      operationId: 2,
      timestamp: 250,
      type: "Result",
      message: "new",
      exception: null,
    });
    assertEquals(store.purgeLogs(200), 2);
    assertEquals(store.listServerLog({ pageSize: 5 }).map((r) => r.message), ["c", "b"]);
    assertEquals(store.listBackupLog(1, { pageSize: 5 }).map((r) => r.message), ["new"]);
    assertEquals(store.purgeLogs(200), 0);
  });
});

Deno.test("token families: random ids, update the counter, delete one and all", () => {
  withStore((store) => {
    const one = store.createTokenFamily("webserver", 1000);
    const two = store.createTokenFamily("server-cli", 2000);
    assertMatch(one.id, /^[A-Za-z0-9_-]{22}$/);
    assertNotEquals(one.id, two.id);
    assertEquals(one, { id: one.id, userId: "webserver", counter: 0, lastUpdated: 1000 });
    assertEquals(store.getTokenFamily(one.id), one);
    store.updateTokenFamily(one.id, 3, 5000);
    assertEquals(store.getTokenFamily(one.id), { id: one.id, userId: "webserver", counter: 3, lastUpdated: 5000 });
    store.deleteTokenFamily(one.id);
    assertEquals(store.getTokenFamily(one.id), undefined);
    assertEquals(store.getTokenFamily(two.id)?.userId, "server-cli");
    store.deleteAllTokenFamilies();
    assertEquals(store.getTokenFamily(two.id), undefined);
    assertEquals(store.getTokenFamily("nope"), undefined);
  });
});

Deno.test("deleteTokenFamiliesOlderThan() removes only families last rotated before the cutoff", () => {
  withStore((store) => {
    const stale = store.createTokenFamily("webserver", 1_000);
    const rotated = store.createTokenFamily("webserver", 1_000);
    const fresh = store.createTokenFamily("server-cli", 5_000);
    store.updateTokenFamily(rotated.id, 1, 4_000);
    assertEquals(store.deleteTokenFamiliesOlderThan(4_000), 1);
    assertEquals(store.getTokenFamily(stale.id), undefined);
    assertEquals(store.getTokenFamily(rotated.id), {
      id: rotated.id,
      userId: "webserver",
      counter: 1,
      lastUpdated: 4_000,
    });
    assertEquals(store.getTokenFamily(fresh.id)?.userId, "server-cli");
    assertEquals(store.deleteTokenFamiliesOlderThan(4_000), 0);
    assertEquals(store.deleteTokenFamiliesOlderThan(10_000), 2);
    assertEquals(store.getTokenFamily(fresh.id), undefined);
  });
});

Deno.test("setSettings() sets and deletes several settings, secrets encrypted, in one transaction", () => {
  withStore((store, dir) => {
    store.setSetting("gone", "x");
    store.setSettings({ "startup-delay": "5m", "jwt-config": "JWT-SECRET", gone: null });
    assertEquals(store.allSettings(), { "jwt-config": "JWT-SECRET", "startup-delay": "5m" });
    const raw = new DatabaseSync(serverDatabasePath(dir));
    try {
      const row = raw.prepare("SELECT value FROM server_setting WHERE key = 'jwt-config'").get() as { value: string };
      assertMatch(row.value, /^enc:v1:/);
      // A write that fails half-way (here: the second key) must leave every setting as it was.
      raw.exec(
        "CREATE TRIGGER refuse_boom BEFORE INSERT ON server_setting WHEN NEW.key = 'boom' " +
          "BEGIN SELECT RAISE(ABORT, 'refused'); END",
      );
    } finally {
      raw.close();
    }
    assertThrows(() => store.setSettings({ "startup-delay": "10m", boom: "1", "jwt-config": null }), Error, "refused");
    assertEquals(store.allSettings(), { "jwt-config": "JWT-SECRET", "startup-delay": "5m" });
  });
});

Deno.test("listServerLog() with beforeTimestamp lets SQL skip any number of newer rows", () => {
  withStore((store) => {
    const old = [100, 200, 300].map((timestamp) =>
      store.addServerLog({
        backupId: null,
        level: "Information",
        message: `old ${timestamp}`,
        exception: null,
        timestamp,
      })
    );
    store.addServerLog({ backupId: null, level: "Error", message: "at 400", exception: null, timestamp: 400 });
    store.addServerLog({ backupId: null, level: "Error", message: "at 500", exception: null, timestamp: 500 });
    assertEquals(store.listServerLog({ pageSize: 10, beforeTimestamp: 400 }).map((r) => r.id), [...old].reverse());
    assertEquals(store.listServerLog({ pageSize: 2, beforeTimestamp: 301 }).map((r) => r.message), [
      "old 300",
      "old 200",
    ]);
    assertEquals(store.listServerLog({ pageSize: 10, beforeTimestamp: 300, before: old[1]! }).map((r) => r.id), [
      old[0],
    ]);
    assertEquals(store.listServerLog({ pageSize: 10, beforeTimestamp: 100 }), []);
  });
});
