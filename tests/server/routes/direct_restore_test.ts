/**
 * Direct restore against a real server process: a backup made through the API, then POST /directrestore/connect
 * with the destination and passphrase builds a temporary backup (not listed, negative id) that browses and
 * restores byte-identically through the usual /backup/{id} routes and is gone after DELETE; wrong passphrase,
 * missing folder, empty folder and missing passphrase answer 400 with their Reason; POST /backups?temporary=true
 * and POST /backup/{id}/check-passphrase.
 * @module
 */
import { assert, assertEquals, assertMatch } from "../../support/assert.ts";
import { type ServerProcess, startServerProcess } from "../../support/server_process.ts";

type Api = ServerProcess["api"];

/** Waits until task `id` has ended; returns its final state. */
async function waitTask(api: Api, id: number): Promise<{ Status: string; ErrorMessage: string | null }> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const task = (await api("GET", `/task/${id}`)).body as { Status: string; ErrorMessage: string | null };
    if (task.Status === "Completed" || task.Status === "Failed") return task;
    if (Date.now() > deadline) throw new Error(`task ${id} did not end: ${JSON.stringify(task)}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

/** A source folder with nested folders and binary files, backed up (encrypted) through the API. */
async function madeBackup(api: Api, root: string): Promise<{ id: string; src: string; dest: string }> {
  const src = `${root}/src`, dest = `${root}/dest`;
  Deno.mkdirSync(`${src}/docs/deep`, { recursive: true });
  const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed * 7) & 0xff);
  Deno.writeFileSync(`${src}/top.bin`, bytes(5000, 1));
  Deno.writeFileSync(`${src}/docs/a.bin`, bytes(70_000, 2));
  Deno.writeFileSync(`${src}/docs/deep/b.bin`, bytes(123, 3));
  const created = await api("POST", "/backups", {
    Backup: {
      Name: "Direct source",
      TargetURL: `file://${dest}`,
      Sources: [`${src}/`],
      Settings: [{ Name: "passphrase", Value: "right horse" }],
    },
  });
  assertEquals(created.status, 200, JSON.stringify(created.body));
  const id = (created.body as { ID: string }).ID;
  const run = await api("POST", `/backup/${id}/run`);
  const task = await waitTask(api, (run.body as { ID: number }).ID);
  assertEquals(task.Status, "Completed", JSON.stringify(task));
  return { id, src, dest };
}

Deno.test("direct restore: connect, browse, restore byte-identically and drop a temporary backup", async () => {
  const root = Deno.makeTempDirSync({ prefix: "direct_restore_test_" });
  const server = await startServerProcess([`--server-datafolder=${root}/data`]);
  try {
    const { api } = server;
    const { src, dest } = await madeBackup(api, root);

    const connected = await api("POST", "/directrestore/connect", {
      TargetURL: `file://${dest}`,
      Passphrase: "right horse",
    });
    assertEquals(connected.status, 200, JSON.stringify(connected.body));
    const { ID, TaskID, Versions, Encrypted } = connected.body as {
      ID: string;
      TaskID: number;
      Versions: number;
      Encrypted: boolean;
    };
    assertMatch(ID, /^-\d+$/);
    assertEquals([Versions, Encrypted], [1, true]);
    assertEquals((await waitTask(api, TaskID)).Status, "Completed");

    const listed = (await api("GET", "/backups")).body as { Backup: { ID: string } }[];
    assert(!listed.some((b) => b.Backup.ID === ID), "a temporary backup is not listed");
    const one = (await api("GET", `/backup/${ID}`)).body as {
      Backup: { IsTemporary: boolean; IsUnencryptedOrPassphraseStored: boolean; DBPath: string };
    };
    assertEquals(one.Backup.IsTemporary, true);
    assertEquals(one.Backup.IsUnencryptedOrPassphraseStored, true);
    assert(one.Backup.DBPath.startsWith(`${root}/data/temporary-backups/`), one.Backup.DBPath);
    assert(Deno.statSync(one.Backup.DBPath).isFile);

    const filesets = (await api("GET", `/backup/${ID}/filesets`)).body as { Version: number; FileCount: number }[];
    assertEquals(filesets.map((f) => [f.Version, f.FileCount]), [[0, 3]]);
    const files = (await api("GET", `/backup/${ID}/files?time=now&folder-contents=true&filter=@${src}/docs/`))
      .body as { Files: { Path: string }[] };
    assertEquals(files.Files.map((f) => f.Path), [`${src}/docs/deep/`, `${src}/docs/a.bin`]);

    const target = `${root}/restored`;
    const restore = await api("POST", `/backup/${ID}/restore`, {
      paths: [`${src}/docs/a.bin`],
      time: "now",
      restore_path: target,
      overwrite: false,
      permissions: false,
    });
    assertEquals(restore.status, 200, JSON.stringify(restore.body));
    assertEquals((await waitTask(api, (restore.body as { ID: number }).ID)).Status, "Completed");
    assertEquals(Deno.readFileSync(`${target}/a.bin`), Deno.readFileSync(`${src}/docs/a.bin`));
    const log = (await api("GET", `/backup/${ID}/log`)).body as { Type: string; Message: string }[];
    const results = log.filter((row) => row.Type === "Result").map((row) => JSON.parse(row.Message).MainOperation);
    assertEquals(results, ["Restore", "Repair"]);

    const dropped = await api("DELETE", `/backup/${ID}`);
    assertEquals(dropped.status, 200);
    assertEquals((await waitTask(api, (dropped.body as { ID: number }).ID)).Status, "Completed");
    assertEquals((await api("GET", `/backup/${ID}`)).status, 404);
    assertEquals((await api("GET", `/backup/${ID}/log`)).status, 404);
    let exists = true;
    try {
      Deno.statSync(one.Backup.DBPath);
    } catch {
      exists = false;
    }
    assert(!exists, "the temporary backup's local database is deleted with it");
  } finally {
    await server.stop();
    Deno.removeSync(root, { recursive: true });
  }
});

Deno.test("direct restore: wrong passphrase, missing folder, empty folder and missing passphrase are 400s", async () => {
  const root = Deno.makeTempDirSync({ prefix: "direct_restore_test_" });
  const server = await startServerProcess([`--server-datafolder=${root}/data`]);
  try {
    const { api } = server;
    const { id, dest } = await madeBackup(api, root);
    Deno.mkdirSync(`${root}/empty`);
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ TargetURL: `file://${dest}`, Passphrase: "wrong horse" }, "wrong-passphrase", /^Wrong passphrase/],
      [{ TargetURL: `file://${root}/missing` }, "folder-missing", /does not exist/],
      [{ TargetURL: `file://${root}/empty`, Passphrase: "x" }, "no-backup-found", /There is no backup at/],
      [{ TargetURL: `file://${dest}`, Passphrase: "" }, "passphrase-required", /is encrypted: enter its passphrase/],
      [{ TargetURL: "" }, "invalid-field", /TargetURL/],
    ];
    for (const [body, reason, message] of cases) {
      const answer = await api("POST", "/directrestore/connect", body);
      const error = answer.body as { Reason: string; Error: string };
      assertEquals([answer.status, error.Reason], [400, reason], JSON.stringify(answer.body));
      assertMatch(error.Error, message);
    }
    const tasks = (await api("GET", "/tasks")).body as { Operation: string }[];
    assert(!tasks.some((t) => t.Operation === "Repair"), "a refused connect queues nothing");

    const right = await api("POST", `/backup/${id}/check-passphrase`, { passphrase: "right horse" });
    assertEquals(right.status, 200, JSON.stringify(right.body));
    const wrong = await api("POST", `/backup/${id}/check-passphrase`, { passphrase: "Right horse" });
    assertEquals([wrong.status, (wrong.body as { Reason: string }).Reason], [400, "wrong-passphrase"]);

    const temporary = await api("POST", "/backups?temporary=true", {
      // What Duplicati's direct-restore page sends: no name, no sources.
      Backup: { TargetURL: `file://${dest}`, Settings: [{ Name: "passphrase", Value: "x" }] },
    });
    assertEquals(temporary.status, 200, JSON.stringify(temporary.body));
    const made = temporary.body as { ID: string; Temporary: boolean };
    assertEquals(made.Temporary, true);
    assertMatch(made.ID, /^-\d+$/);
    assertEquals((await api("GET", `/backup/${made.ID}`)).status, 200);
    assertEquals(((await api("GET", "/backups")).body as unknown[]).length, 1, "only the configured backup");
    assertEquals((await api("GET", `/backup/-999`)).status, 404);
  } finally {
    await server.stop();
    Deno.removeSync(root, { recursive: true });
  }
});
