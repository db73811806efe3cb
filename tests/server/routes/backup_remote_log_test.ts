/**
 * GET /backup/{id}/remotelog: Duplicati's RemoteOperation rows built from the local database of a backup made by
 * our CLI with the server's own arguments: a "put" per uploaded volume, a "get" per volume a verify downloaded,
 * newest first and paged by ID; an empty list before the first run; 409 while another connection holds the
 * database; no SQLite side files left behind.
 * @module
 */
import { existsSync } from "node:fs";
import { runCli } from "../../../lib/cli/run_cli.ts";
import type { CommandIo } from "../../../lib/cli/command.ts";
import { openDatabase } from "../../../lib/database/connection.ts";
import { systemClock } from "../../../lib/server/clock.ts";
import type { RemoteLogRowDto } from "../../../lib/server/routes/backup_remote_log.ts";
import { assert, assertEquals, assertMatch } from "../../support/assert.ts";
import { api, backupBody, type BackupServer, createThroughApi, withServer } from "./backup_routes_harness.ts";

/** Runs our CLI in-process with the backup's own arguments (GET /backup/{id}/export-argsonly). */
async function runCommand(server: BackupServer, id: number, command: "backup" | "test"): Promise<void> {
  const args = (await api(server.app, `/backup/${id}/export-argsonly?export-passwords=true`)).body;
  const lines: string[] = [];
  const io: CommandIo = {
    out: (line) => lines.push(line),
    err: (line) => lines.push(line),
    isTty: false,
    raw: () => {},
    readSecret: undefined,
    env: { DUPLICATI_DATA_FOLDER: server.dataFolder, TMPDIR: server.dataFolder },
    cwd: server.dataFolder,
    executableDir: server.dataFolder,
    signal: new AbortController().signal,
  };
  const positionals = command === "backup" ? args.Arguments : ["all"];
  const code = await runCli([command, args.Backend, ...positionals, ...args.Options], io);
  assertEquals(code, 0, lines.join("\n"));
}

async function sourceBackup(server: BackupServer): Promise<number> {
  const src = `${server.dataFolder}/src`;
  Deno.mkdirSync(src, { recursive: true });
  Deno.writeTextFileSync(`${src}/a.txt`, "hello");
  Deno.writeTextFileSync(`${src}/b.txt`, "world");
  return await createThroughApi(
    server.app,
    backupBody({
      TargetURL: `file://${server.dataFolder}/dest`,
      Sources: [`${src}/`],
      Settings: [{ Name: "passphrase", Value: "remote log pass" }],
      Filters: [],
    }),
  );
}

function remoteNames(server: BackupServer): string[] {
  return [...Deno.readDirSync(`${server.dataFolder}/dest`)].map((e) => e.name).sort();
}

Deno.test("GET /backup/{id}/remotelog is an empty list before the first run and 404 for an unknown backup", async () => {
  await withServer(async (server) => {
    const id = await sourceBackup(server);
    const answer = await api(server.app, `/backup/${id}/remotelog`);
    assertEquals(answer.status, 200);
    assertEquals(answer.body, []);
    assertEquals(existsSync(server.store.getBackup(id)!.dbPath), false, "no database is created by reading");
    const missing = await api(server.app, "/backup/99/remotelog");
    assertEquals(missing.status, 404);
    assertEquals(missing.body.Reason, "not-found");
    const bad = await api(server.app, `/backup/${id}/remotelog?pagesize=0`);
    assertEquals(bad.status, 400);
    assertEquals(bad.body.Field, "pagesize");
  });
});

Deno.test("GET /backup/{id}/remotelog lists every uploaded volume as a put and every verified one as a get", async () => {
  await withServer(async (server) => {
    const { app } = server;
    const id = await sourceBackup(server);
    await runCommand(server, id, "backup");
    const uploaded = remoteNames(server);
    assertEquals(uploaded.filter((n) => n.includes(".dlist.")).length, 1, uploaded.join(", "));
    assert(uploaded.some((n) => n.includes(".dblock.")) && uploaded.some((n) => n.includes(".dindex.")));

    const first = await api(app, `/backup/${id}/remotelog`);
    assertEquals(first.status, 200);
    const rows = first.body as RemoteLogRowDto[];
    const puts = rows.filter((r) => r.Operation === "put");
    // The backup's own check after uploading downloads a sample of volumes: those appear as gets.
    const gets = rows.filter((r) => r.Operation === "get");
    assertEquals(puts.map((r) => r.Path).sort(), uploaded);
    assert(gets.length >= 1 && gets.every((g) => uploaded.includes(g.Path)), JSON.stringify(gets));
    assertEquals(rows.length, puts.length + gets.length);
    assertEquals(rows.map((r) => r.ID), rows.map((_, i) => rows.length - i), "newest first, IDs from 1");
    const now = Math.floor(Date.now() / 1000);
    for (const row of rows) {
      assertEquals(Object.keys(row), ["ID", "OperationID", "Timestamp", "Operation", "Path", "Data"]);
      assert(row.Timestamp > now - 120 && row.Timestamp <= now, `epoch seconds: ${row.Timestamp}`);
      const data = JSON.parse(row.Data!);
      assertEquals(data.Size, Deno.statSync(`${server.dataFolder}/dest/${row.Path}`).size, row.Path);
      assertMatch(data.Hash, /^[A-Za-z0-9+/=_-]{20,}$/);
      if (row.Operation === "put") assertEquals(data.State, "Uploaded");
    }
    for (let i = 1; i < rows.length; i++) assert(rows[i - 1]!.Timestamp >= rows[i]!.Timestamp, "newest first");
    const putOf = (name: string) => rows.find((r) => r.Path === name && r.Operation === "put")!;
    for (const get of gets) assert(get.ID > putOf(get.Path).ID, "a volume is downloaded after it was uploaded");

    await runCommand(server, id, "test");
    const after = (await api(app, `/backup/${id}/remotelog`)).body as RemoteLogRowDto[];
    assertEquals(after.length, uploaded.length * 2, "test all downloaded every volume");
    const newest = after.slice(0, uploaded.length);
    assertEquals(newest.map((r) => r.Operation), uploaded.map(() => "get"));
    assertEquals(newest.map((r) => r.Path).sort(), uploaded);
    assertEquals(
      after.filter((r) => r.Operation === "put"),
      puts,
      "uploads keep their rows and IDs",
    );

    const total = after.length;
    const page1 = (await api(app, `/backup/${id}/remotelog?pagesize=4`)).body as RemoteLogRowDto[];
    assertEquals(page1.map((r) => r.ID), [total, total - 1, total - 2, total - 3]);
    const page2 = (await api(app, `/backup/${id}/remotelog?pagesize=4&offset=3`)).body as RemoteLogRowDto[];
    assertEquals(page2.map((r) => r.ID), [2, 1]);
    assertEquals(page2, after.slice(-2));

    const dbPath = server.store.getBackup(id)!.dbPath;
    const leftovers = [`${dbPath}-wal`, `${dbPath}-shm`].filter((path) => existsSync(path));
    assertEquals(leftovers, [], "reading leaves no SQLite side files behind");
  }, { clock: systemClock });
});

Deno.test("GET /backup/{id}/remotelog answers 409 while an operation holds the local database", async () => {
  await withServer(async (server) => {
    const id = await sourceBackup(server);
    await runCommand(server, id, "backup");
    const db = openDatabase(server.store.getBackup(id)!.dbPath);
    try {
      db.prepare("SELECT COUNT(*) FROM remote_volume").get(); // takes the exclusive lock, as a running task does
      const answer = await api(server.app, `/backup/${id}/remotelog`);
      assertEquals(answer.status, 409);
      assertEquals(answer.body.Reason, "database-locked");
      assertMatch(answer.body.Error, /while an operation is using its local database/);
    } finally {
      db.close();
    }
    assertEquals((await api(server.app, `/backup/${id}/remotelog`)).status, 200);
  });
});

Deno.test("GET /backup/{id}/remotelog leaves the local database as it was", async () => {
  await withServer(async (server) => {
    const id = await sourceBackup(server);
    await runCommand(server, id, "backup");
    const dbPath = server.store.getBackup(id)!.dbPath;
    const before = Deno.readFileSync(dbPath);
    const answer = await api(server.app, `/backup/${id}/remotelog`);
    assertEquals(answer.status, 200);
    assertEquals(answer.body.filter((r: RemoteLogRowDto) => r.Operation === "put").length, remoteNames(server).length);
    assertEquals(Deno.readFileSync(dbPath), before, "the database file is byte for byte the same");
    assertEquals([`${dbPath}-wal`, `${dbPath}-shm`].filter((path) => existsSync(path)), []);
  });
});
