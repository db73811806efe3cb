import { join } from "node:path";
import { UserInputError } from "../../../lib/core/errors.ts";
import { ConflictError } from "../../../lib/server/config_store/conflict_error.ts";
import { assert, assertEquals, assertMatch, assertThrows } from "../../support/assert.ts";
import { countRowsIn, openTestStore, sampleBackup, withDataFolder, withStore } from "./store_fixtures.ts";

Deno.test("createBackup() round-trips every field and getBackup/findBackupByName/listBackups return it", () => {
  withStore((store, dir) => {
    const input = sampleBackup({ externalId: "ext-1", metadata: { BackupListCount: "3" } });
    const created = store.createBackup(input);
    assertEquals(created.id, 1);
    assertMatch(created.dbPath, /\/[A-Z]{10}\.sqlite$/);
    assertEquals(created.dbPath.slice(0, dir.length + 1), `${dir}/`);
    const expected = {
      id: 1,
      name: "Documents",
      description: "My documents",
      tags: ["home", "daily"],
      targetUrl: "file:///mnt/backup/docs",
      dbPath: created.dbPath,
      externalId: "ext-1",
      sources: ["/home/me/Documents/", "/home/me/notes.txt"],
      settings: input.settings,
      filters: input.filters,
      metadata: { BackupListCount: "3" },
    };
    assertEquals(created, expected);
    assertEquals(store.getBackup(1), expected);
    assertEquals(store.findBackupByName("DOCUMENTS"), expected);
    assertEquals(store.listBackups(), [expected]);
    assertEquals(store.getBackup(2), undefined);
    assertEquals(store.findBackupByName("Pictures"), undefined);
  });
});

Deno.test("createBackup() keeps a given dbPath and gives each backup a different random one otherwise", () => {
  withStore((store, dir) => {
    const given = store.createBackup(sampleBackup({ name: "A", dbPath: "/var/db/a.sqlite" }));
    assertEquals(given.dbPath, "/var/db/a.sqlite");
    const paths = new Set<string>();
    for (let i = 0; i < 20; i++) paths.add(store.createBackup(sampleBackup({ name: `B${i}` })).dbPath);
    assertEquals(paths.size, 20);
    for (const path of paths) assertMatch(path, new RegExp(`^${join(dir, "[A-Z]{10}\\.sqlite")}$`));
  });
});

Deno.test("createBackup() rejects a duplicate name case-insensitively with ConflictError", () => {
  withStore((store) => {
    store.createBackup(sampleBackup({ name: "Documents" }));
    const error = assertThrows(
      () => store.createBackup(sampleBackup({ name: "dOCUMENTS" })),
      ConflictError,
      'Cannot create backup "dOCUMENTS": a backup with that name already exists',
    );
    assertEquals(error.code, "duplicate-name");
    assertEquals(store.listBackups().length, 1);
  });
});

Deno.test("updateBackup() replaces fields, keeps id, dbPath and metadata unless given, and rejects a taken name", () => {
  withStore((store) => {
    const first = store.createBackup(sampleBackup({ name: "One", metadata: { LastBackupDate: "x" } }));
    store.createBackup(sampleBackup({ name: "Two" }));
    const updated = store.updateBackup(first.id, {
      ...sampleBackup({ name: "ONE renamed", targetUrl: "ssh://h/p", sources: ["/b"], tags: [] }),
      settings: [{ filter: "ssh", name: "auth-password", value: "pw2" }],
      filters: [],
    });
    assertEquals(updated, {
      ...first,
      name: "ONE renamed",
      tags: [],
      targetUrl: "ssh://h/p",
      sources: ["/b"],
      settings: [{ filter: "ssh", name: "auth-password", value: "pw2" }],
      filters: [],
    });
    assertEquals(updated.metadata, { LastBackupDate: "x" });
    const again = store.updateBackup(first.id, sampleBackup({ name: "one RENAMED", metadata: {}, dbPath: "/x.db" }));
    assertEquals(again.metadata, {});
    assertEquals(again.dbPath, "/x.db");
    assertEquals(again.name, "one RENAMED");
    assertThrows(() => store.updateBackup(first.id, sampleBackup({ name: "two" })), ConflictError, "another backup");
    assertThrows(() => store.updateBackup(99, sampleBackup({ name: "Z" })), UserInputError, "no such backup");
  });
});

Deno.test("patchMetadata() merges keys, removes null ones and ignores an unknown backup", () => {
  withStore((store) => {
    const { id } = store.createBackup(sampleBackup({ metadata: { A: "1", B: "2" } }));
    store.patchMetadata(id, { B: null, C: "3", A: "10" });
    assertEquals(store.getBackup(id)!.metadata, { A: "10", C: "3" });
    store.patchMetadata(42, { A: "1" });
    assertEquals(store.getBackup(42), undefined);
  });
});

Deno.test("deleteBackup() removes the backup with its sources, settings, filters, metadata, schedule, logs and notifications", () => {
  withStore((store, dir) => {
    const gone = store.createBackup(sampleBackup({ name: "Gone", metadata: { A: "1" } }));
    const kept = store.createBackup(sampleBackup({ name: "Kept", metadata: { A: "1" } }));
    for (const id of [gone.id, kept.id]) {
      store.setSchedule(id, { time: 1000, repeat: "1D", lastRun: 0, allowedDays: [] });
      store.addBackupLog({
        backupId: id,
        operationId: 1,
        timestamp: 5,
        type: "Result",
        message: "{}",
        exception: null,
      });
      store.addNotification({
        type: "Error",
        title: "t",
        message: "m",
        exception: "",
        backupId: id,
        action: "",
        timestamp: 5,
      });
    }
    store.deleteBackup(gone.id);
    assertEquals(store.getBackup(gone.id), undefined);
    assertEquals(store.listBackups().map((b) => b.name), ["Kept"]);
    const tables = ["backup_source", "backup_setting", "backup_filter", "backup_metadata", "schedule", "backup_log"];
    for (const table of [...tables, "notification"]) {
      assertEquals(countRowsIn(dir, table, `WHERE backup_id = ${gone.id}`), 0, table);
      assert(countRowsIn(dir, table, `WHERE backup_id = ${kept.id}`) > 0, table);
    }
    assertEquals(store.getBackup(kept.id)!.sources.length, 2);
    assertEquals(store.listSchedules().map((s) => s.backupId), [kept.id]);
    assertEquals(store.listNotifications().map((n) => n.backupId), [kept.id]);
    // The name is free again.
    assertEquals(store.createBackup(sampleBackup({ name: "gone" })).name, "gone");
  });
});

Deno.test("listBackups() returns 200 backups with their own sources, settings, filters and metadata", () => {
  withStore((store) => {
    for (let i = 0; i < 200; i++) {
      store.createBackup(sampleBackup({
        name: `Backup ${i}`,
        targetUrl: `file:///dest/${i}`,
        sources: [`/src/${i}/a`, `/src/${i}/b`],
        settings: [{ filter: "", name: "passphrase", value: `pw-${i}` }, {
          filter: "",
          name: "dblock-size",
          value: "50mb",
        }],
        filters: [{ order: 0, include: i % 2 === 0, expression: `*.${i}` }],
        metadata: { BackupListCount: String(i) },
      }));
    }
    const all = store.listBackups();
    assertEquals(all.length, 200);
    all.forEach((backup, i) => {
      assertEquals(backup.id, i + 1);
      assertEquals(backup.name, `Backup ${i}`);
      assertEquals(backup.targetUrl, `file:///dest/${i}`);
      assertEquals(backup.sources, [`/src/${i}/a`, `/src/${i}/b`]);
      assertEquals(backup.settings, [
        { filter: "", name: "passphrase", value: `pw-${i}` },
        { filter: "", name: "dblock-size", value: "50mb" },
      ]);
      assertEquals(backup.filters, [{ order: 0, include: i % 2 === 0, expression: `*.${i}` }]);
      assertEquals(backup.metadata, { BackupListCount: String(i) });
      assertEquals(store.getBackup(backup.id), backup);
    });
  });
});

Deno.test("backups survive closing and reopening the store", () => {
  withDataFolder((dir) => {
    const first = openTestStore(dir);
    const created = first.createBackup(sampleBackup());
    first.close();
    first.close();
    const second = openTestStore(dir);
    try {
      assertEquals(second.listBackups(), [created]);
      assertEquals(second.createBackup(sampleBackup({ name: "Next" })).id, 2);
    } finally {
      second.close();
    }
  });
});

Deno.test("two stores on one database (server and CLI) see each other's changes", () => {
  withDataFolder((dir) => {
    const server = openTestStore(dir);
    const cli = openTestStore(dir);
    try {
      const created = server.createBackup(sampleBackup());
      assertEquals(cli.getBackup(created.id), created);
      cli.patchMetadata(created.id, { LastBackupDate: "20240101T000000Z" });
      assertEquals(server.getBackup(created.id)!.metadata, { LastBackupDate: "20240101T000000Z" });
    } finally {
      cli.close();
      server.close();
    }
  });
});
