import { existsSync } from "node:fs";
import { runCli } from "../../../lib/cli/run_cli.ts";
import { systemClock } from "../../../lib/server/clock.ts";
import type { BackupConfig } from "../../../lib/server/config_store/model.ts";
import { localDatabaseExists } from "../../../lib/server/routes/backup_browse.ts";
import type { CommandIo } from "../../../lib/cli/command.ts";
import { assertEquals, assertMatch } from "../../support/assert.ts";
import { api, backupBody, type BackupServer, createThroughApi, withServer } from "./backup_routes_harness.ts";

/** Runs our CLI in-process with the arguments GET /backup/{id}/export-argsonly gives (the server's own run). */
async function runBackup(server: BackupServer, id: number): Promise<void> {
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
  const code = await runCli(["backup", args.Backend, ...args.Arguments, ...args.Options], io);
  assertEquals(code, 0, lines.join("\n"));
}

/** A backup of `<data folder>/src` to `<data folder>/dest` (unencrypted) created through the API. */
async function sourceBackup(server: BackupServer): Promise<{ id: number; src: string }> {
  const src = `${server.dataFolder}/src`;
  Deno.mkdirSync(`${src}/sub/deep`, { recursive: true });
  Deno.writeTextFileSync(`${src}/a.txt`, "hello");
  Deno.writeTextFileSync(`${src}/sub/b.txt`, "world!");
  Deno.writeTextFileSync(`${src}/sub/deep/c.log`, "x");
  const id = await createThroughApi(
    server.app,
    backupBody({
      TargetURL: `file://${server.dataFolder}/dest`,
      Sources: [`${src}/`],
      Settings: [{ Name: "--no-encryption", Value: "true" }],
      Filters: [],
    }),
  );
  return { id, src };
}

Deno.test("browsing a backup that has not run yet answers 409 The backup has not run yet", async () => {
  await withServer(async (server) => {
    const { id } = await sourceBackup(server);
    for (const path of [`/backup/${id}/filesets`, `/backup/${id}/files?time=now&prefix-only=true`]) {
      const answer = await api(server.app, path);
      assertEquals(answer.status, 409, path);
      assertEquals(answer.body.Reason, "not-run-yet");
      assertMatch(answer.body.Error, /^The backup has not run yet/);
    }
    assertEquals((await api(server.app, "/backup/9/filesets")).status, 404);
    assertEquals((await api(server.app, "/backup/9/files?time=now")).status, 404);
  });
});

Deno.test("GET /backup/{id}/filesets and /files browse a backup made by the CLI with the server's arguments", async () => {
  await withServer(async (server) => {
    const { app } = server;
    const { id, src } = await sourceBackup(server);
    await runBackup(server, id);
    const first = (await api(app, `/backup/${id}/filesets`)).body;
    assertEquals(first.length, 1);
    Deno.writeTextFileSync(`${src}/a.txt`, "hello again");
    Deno.removeSync(`${src}/sub/deep/c.log`);
    await runBackup(server, id);

    const filesets = await api(app, `/backup/${id}/filesets`);
    assertEquals(filesets.status, 200);
    assertEquals(filesets.body.map((f: { Version: number }) => f.Version), [0, 1]);
    assertEquals(filesets.body[1], { ...first[0], Version: 1 });
    assertEquals(filesets.body[1].FileCount, 3);
    assertEquals(filesets.body[1].FileSizes, 12);
    assertEquals(filesets.body[0].FileCount, 2);
    assertEquals(filesets.body[0].FileSizes, 17);
    assertEquals(filesets.body[0].IsFullBackup, true);
    assertMatch(filesets.body[0].Time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const olderTime = filesets.body[1].Time;
    // Not "now": two runs within one second give the second version the next second, which may be in the future.
    const newestTime = filesets.body[0].Time;

    const prefix = await api(app, `/backup/${id}/files?prefix-only=true&folder-contents=false&time=${newestTime}`);
    assertEquals(prefix.status, 200);
    assertEquals(prefix.body.Files, [{ Path: `${src}/`, Sizes: [] }]);
    assertEquals(prefix.body.Filesets, [filesets.body[0]]);

    const folder = await api(
      app,
      `/backup/${id}/files?prefix-only=false&folder-contents=true&time=${olderTime}&filter=${
        encodeURIComponent(`@${src}/sub/`)
      }`,
    );
    assertEquals(folder.body.Files, [
      { Path: `${src}/sub/deep/`, Sizes: [-1] },
      { Path: `${src}/sub/b.txt`, Sizes: [6] },
    ]);
    assertEquals(folder.body.Filesets.map((f: { Version: number }) => f.Version), [1]);

    const search = await api(app, `/backup/${id}/files?prefix-only=false&time=${newestTime}&filter=*.txt`);
    assertEquals(search.body.Files, [
      { Path: `${src}/a.txt`, Sizes: [11] },
      { Path: `${src}/sub/b.txt`, Sizes: [6] },
    ]);
    const everything = await api(app, `/backup/${id}/files?time=${olderTime}`);
    assertEquals(everything.body.Files.map((f: { Path: string }) => f.Path.slice(src.length)), [
      "/",
      "/sub/",
      "/sub/deep/",
      "/a.txt",
      "/sub/b.txt",
      "/sub/deep/c.log",
    ]);

    const history = await api(app, `/backup/${id}/files?all-versions=true&filter=${encodeURIComponent("*/a.txt")}`);
    assertEquals(history.body.Files, [{ Path: `${src}/a.txt`, Sizes: [11, 5] }]);
    const deleted = await api(app, `/backup/${id}/files?all-versions=true&filter=*.log`);
    assertEquals(deleted.body.Files, [{ Path: `${src}/sub/deep/c.log`, Sizes: [-1, 1] }]);
    const dbPath = server.store.getBackup(id)!.dbPath;
    const leftovers = [`${dbPath}-wal`, `${dbPath}-shm`].filter((path) => existsSync(path));
    assertEquals(leftovers, [], "browsing leaves no SQLite side files behind");
  }, { clock: systemClock });
});

Deno.test("GET /backup/{id}/files answers 400 without a time or with one before every version", async () => {
  await withServer(async (server) => {
    const { id } = await sourceBackup(server);
    await runBackup(server, id);
    const noTime = await api(server.app, `/backup/${id}/files?filter=*`);
    assertEquals(noTime.status, 400);
    assertEquals(noTime.body.Field, "time");
    const badTime = await api(server.app, `/backup/${id}/files?time=someday`);
    assertEquals(badTime.body.Field, "time");
    const badFilter = await api(server.app, `/backup/${id}/files?time=now&filter=${encodeURIComponent("[(]")}`);
    assertEquals(badFilter.status, 400);
    assertEquals(badFilter.body.Field, "filter");
    const tooEarly = await api(server.app, `/backup/${id}/files?time=2001-01-01T00:00:00Z`);
    assertEquals(tooEarly.status, 400);
    assertMatch(tooEarly.body.Error, /Cannot find a version at or before 2001-01-01/);
  });
});

Deno.test("the local database is the backup's DBPath even when a stored --dbpath setting names another file", () => {
  const dir = Deno.makeTempDirSync();
  try {
    const existing = `${dir}/real.sqlite`;
    Deno.writeFileSync(existing, new Uint8Array(0));
    const config: BackupConfig = {
      id: 1,
      name: "b",
      description: "",
      tags: [],
      targetUrl: "file:///mnt/x",
      dbPath: existing,
      externalId: null,
      sources: ["/srv/"],
      settings: [{ filter: "", name: "--dbpath", value: `${dir}/missing.sqlite` }],
      filters: [],
      metadata: {},
    };
    assertEquals(localDatabaseExists(config), true);
    const swapped = {
      ...config,
      dbPath: `${dir}/missing.sqlite`,
      settings: [{ filter: "", name: "--dbpath", value: existing }],
    };
    assertEquals(localDatabaseExists(swapped), false);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
