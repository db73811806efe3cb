/**
 * Noticing use of a backup's local database outside the server: only a real outside run logs, the server's own
 * browsing does not, and a database an outside run still holds never makes a request wait.
 */
import { DatabaseSync } from "node:sqlite";
import { runCli } from "../../../lib/cli/run_cli.ts";
import { openDatabase } from "../../../lib/database/connection.ts";
import { readKnownVolumeNames, readTargetStatistics } from "../../../lib/server/tasks/backup_statistics.ts";
import {
  DATABASE_STAMP_KEY,
  databaseStamp,
  noticeExternalUse,
  recordDatabaseStamp,
} from "../../../lib/server/tasks/external_use.ts";
import { createTaskIo } from "../../../lib/server/tasks/task_io.ts";
import { assert, assertEquals } from "../../support/assert.ts";
import { writeTree } from "../../support/engine.ts";
import { type TaskWorkspace, withTaskWorkspace } from "../../support/task_harness.ts";

const idleQueue = { active: () => undefined, queued: () => [] };

/** The server's part: its task ran, then the queue's onFinished recorded the stamp (compose_server.ts). */
async function serverBackup(ws: TaskWorkspace): Promise<number> {
  writeTree(ws.src, { "a.txt": "first", "b/c.txt": "second" });
  const backup = ws.createBackup();
  assertEquals(await ws.run(ws.tasks.backup(backup.id)), { exitCode: 0 });
  recordDatabaseStamp(ws.store, backup.id);
  return backup.id;
}

function notice(ws: TaskWorkspace, id: number) {
  return noticeExternalUse({ store: ws.store, queue: idleQueue, now: 1_700_000_000_000 }, ws.store.getBackup(id)!);
}

function outsideRows(ws: TaskWorkspace, id: number) {
  return ws.store.listBackupLog(id, { pageSize: 50 }).filter((row) => row.type === "Information");
}

/** The exported backup command, run through our CLI in-process as a user's terminal would run it. */
async function outsideBackup(ws: TaskWorkspace, id: number): Promise<number> {
  const config = ws.store.getBackup(id)!;
  const line = ws.tasks.commandLine(config, { exportPasswords: true, globalOptions: ws.store.getGlobalOptions() });
  const taskIo = createTaskIo({
    control: { signal: new AbortController().signal, progress: () => {} },
    dataFolder: ws.root,
    executableDir: ws.root,
  });
  return await runCli(["backup", ...line.arguments, ...line.options], taskIo.io);
}

Deno.test("the database file's stamp is recorded after a task and unchanged by the server's browsing", async () => {
  await withTaskWorkspace(async (ws) => {
    const id = await serverBackup(ws);
    const dbPath = ws.store.getBackup(id)!.dbPath;
    const stamp = databaseStamp(dbPath);
    assert(stamp !== undefined && /^\d+:\d+$/.test(stamp), String(stamp));
    assertEquals(ws.store.getBackup(id)!.metadata[DATABASE_STAMP_KEY], stamp);
    // The way routes/backup_browse.ts reads a database: a read-write open made query-only, then closed. It creates
    // and removes the -wal file; the reads after a task (readTargetStatistics) may leave one behind.
    for (let i = 0; i < 2; i++) {
      const db = new DatabaseSync(dbPath);
      db.exec("PRAGMA busy_timeout=2000");
      db.exec("PRAGMA query_only=1");
      assert(db.prepare("SELECT COUNT(*) AS n FROM fileset").get() !== undefined);
      db.close();
      readTargetStatistics(dbPath);
      const before = ws.store.getBackup(id)!;
      assertEquals(notice(ws, id), before);
    }
    assertEquals(outsideRows(ws, id), []);
    assertEquals(ws.store.getBackup(id)!.metadata[DATABASE_STAMP_KEY], stamp);
  });
});

Deno.test("a real command line run on the database logs one row and re-reads the statistics", async () => {
  await withTaskWorkspace(async (ws) => {
    const id = await serverBackup(ws);
    assertEquals(ws.store.getBackup(id)!.metadata["BackupListCount"], "1");
    Deno.writeTextFileSync(`${ws.src}/a.txt`, "changed outside the server");
    assertEquals(await outsideBackup(ws, id), 0);
    const updated = notice(ws, id);
    assertEquals(updated.metadata["BackupListCount"], "2");
    assertEquals(updated.metadata[DATABASE_STAMP_KEY], databaseStamp(updated.dbPath));
    const rows = outsideRows(ws, id);
    assertEquals(rows.length, 1);
    assert(rows[0]!.message.startsWith("The local database was used outside the server"), rows[0]!.message);
    // Noticed once: the next requests find the stored stamp.
    notice(ws, id);
    assertEquals(outsideRows(ws, id).length, 1);
  });
});

Deno.test("a database held by an outside run is not waited for; the notice comes once it is free", async () => {
  await withTaskWorkspace(async (ws) => {
    const id = await serverBackup(ws);
    const dbPath = ws.store.getBackup(id)!.dbPath;
    const recorded = ws.store.getBackup(id)!.metadata[DATABASE_STAMP_KEY];
    // A CLI run holds the database (locking_mode=EXCLUSIVE) and has changed it.
    const holder = openDatabase(dbPath);
    try {
      holder.exec("CREATE TABLE IF NOT EXISTS outside_marker (x INTEGER)");
      holder.exec("INSERT INTO outside_marker VALUES (1)");
      const later = new Date(Deno.statSync(dbPath).mtime!.getTime() + 5000);
      Deno.utimeSync(dbPath, later, later);
      assert(databaseStamp(dbPath) !== recorded);
      const started = Date.now();
      assertEquals(readTargetStatistics(dbPath, { busyTimeoutMs: 0 }), undefined);
      const seen = notice(ws, id);
      assert(Date.now() - started < 2000, `the notice waited ${Date.now() - started} ms`);
      // Nothing recorded, nothing logged: the next request tries again.
      assertEquals(seen.metadata[DATABASE_STAMP_KEY], recorded);
      assertEquals(outsideRows(ws, id), []);
    } finally {
      holder.close();
    }
    const freed = notice(ws, id);
    assertEquals(freed.metadata[DATABASE_STAMP_KEY], databaseStamp(dbPath));
    assertEquals(outsideRows(ws, id).length, 1);
  });
});

Deno.test("readKnownVolumeNames lists every remote volume the database knows; statistics count them", async () => {
  await withTaskWorkspace(async (ws) => {
    const id = await serverBackup(ws);
    const dbPath = ws.store.getBackup(id)!.dbPath;
    assertEquals([...readKnownVolumeNames(dbPath)!].sort(), ws.remoteNames());
    const stats = readTargetStatistics(dbPath)!;
    assertEquals([stats.fileCount, stats.filesetCount], [ws.remoteNames().length, 1]);
    assertEquals(readKnownVolumeNames(`${ws.root}/missing.sqlite`), undefined);
    assertEquals(readTargetStatistics(`${ws.root}/missing.sqlite`), undefined);
  });
});
