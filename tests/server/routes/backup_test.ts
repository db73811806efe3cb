import { fromUtf8 } from "../../../lib/core/bytes.ts";
import { PASSWORD_PLACEHOLDER } from "../../../lib/server/api_types.ts";
import { decryptAesCrypt } from "../../../lib/volumes/aescrypt/mod.ts";
import { assert, assertEquals, assertMatch, assertStringIncludes } from "../../support/assert.ts";
import { api, backupBody, createThroughApi, EXPORT_TOKEN, withServer } from "./backup_routes_harness.ts";

const SECRET_URL = "file:///mnt/backup/docs?auth-username=me&auth-password=hunter2";

Deno.test("GET /backup/{id} returns Schedule, masked Backup and DisplayNames; 404 for unknown ids", async () => {
  await withServer(async ({ app }) => {
    await createThroughApi(app, backupBody({ TargetURL: SECRET_URL }, { Time: "2025-03-11T13:00:00Z", Repeat: "1D" }));
    const answer = await api(app, "/backup/1");
    assertEquals(answer.status, 200);
    assertEquals(Object.keys(answer.body), ["Schedule", "Backup", "DisplayNames"]);
    assertEquals(answer.body.Schedule.Tags, ["ID=1"]);
    assertEquals(answer.body.Backup.ID, "1");
    assertEquals(
      answer.body.Backup.TargetURL,
      `file:///mnt/backup/docs?auth-username=me&auth-password=${PASSWORD_PLACEHOLDER}`,
    );
    assertEquals(answer.body.Backup.Settings[1].Value, PASSWORD_PLACEHOLDER);
    assertEquals(answer.body.DisplayNames, { "/home/me/Documents/": "Documents", "/home/me/notes.txt": "notes.txt" });
    for (const id of ["2", "abc", "0", "-1"]) {
      const missing = await api(app, `/backup/${id}`);
      assertEquals(missing.status, 404, id);
      assertEquals(missing.body.Code, 404);
    }
  });
});

Deno.test("PUT /backup/{id} updates the backup, keeps secrets sent back as placeholders, and replaces the schedule", async () => {
  await withServer(async ({ app, store, deps, refreshes }) => {
    await createThroughApi(app, backupBody({ TargetURL: SECRET_URL }, { Repeat: "1D", Time: "2025-03-11T13:00:00Z" }));
    store.patchMetadata(1, { LastBackupDate: "20250310T100000Z" });
    const dbPath = store.getBackup(1)!.dbPath;
    const shown = (await api(app, "/backup/1")).body;
    const edited = { ...shown.Backup, Name: "Docs", Description: "changed", DBPath: "/elsewhere.sqlite" };
    const before = deps.events.lastDataUpdateId;
    const answer = await api(app, "/backup/1", {
      method: "PUT",
      body: { Backup: edited, Schedule: { ...shown.Schedule, Repeat: "2D", AllowedDays: ["sun"] } },
    });
    assertEquals(answer.status, 200, JSON.stringify(answer.body));
    const saved = store.getBackup(1)!;
    assertEquals(saved.name, "Docs");
    assertEquals(saved.description, "changed");
    assertEquals(saved.targetUrl, SECRET_URL);
    assertEquals(saved.settings[1]!.value, "correct horse");
    assertEquals(saved.dbPath, dbPath, "PUT does not move the database");
    assertEquals(saved.metadata, { LastBackupDate: "20250310T100000Z" });
    assertEquals(store.getSchedule(1)!.repeat, "2D");
    assertEquals(store.getSchedule(1)!.allowedDays, ["sun"]);
    assertEquals(store.getSchedule(1)!.time, Date.UTC(2025, 2, 11, 13));
    assertEquals(deps.events.lastDataUpdateId, before + 1);
    assertEquals(refreshes(), 2);
    const unscheduled = await api(app, "/backup/1", { method: "PUT", body: { Backup: edited, Schedule: null } });
    assertEquals(unscheduled.status, 200);
    assertEquals(store.getSchedule(1), undefined);
  });
});

Deno.test("PUT /backup/{id} answers 400 naming the field, 404 for an unknown id and 409 for a taken name", async () => {
  await withServer(async ({ app, store }) => {
    await createThroughApi(app);
    await createThroughApi(app, backupBody({ Name: "Other" }));
    const put = (id: number, body: unknown) => api(app, `/backup/${id}`, { method: "PUT", body });
    assertEquals((await put(1, backupBody({ Sources: ["relative"] }))).body.Field, "Backup.Sources[0]");
    assertEquals((await put(1, backupBody({}, { Repeat: "1x" }))).body.Field, "Schedule.Repeat");
    assertEquals((await put(1, "{")).body.Reason, "invalid-json");
    const placeholder = await put(1, backupBody({ Settings: [{ Name: "ssh-key", Value: PASSWORD_PLACEHOLDER }] }));
    assertEquals(placeholder.status, 400);
    assertEquals(placeholder.body.Field, "Backup.Settings[0].Value");
    assertEquals((await put(7, backupBody())).status, 404);
    const taken = await put(1, backupBody({ Name: "other" }));
    assertEquals(taken.status, 409);
    assertEquals(taken.body.Reason, "duplicate-name");
    assertEquals(store.getBackup(1)!.name, "Documents");
  });
});

Deno.test("DELETE /backup/{id} queues the delete task, refuses while the backup runs unless forced", async () => {
  await withServer(async ({ app, queue, calls }) => {
    await createThroughApi(app);
    const answer = await api(app, "/backup/1?delete-remote-files=true&delete-local-db=true", { method: "DELETE" });
    assertEquals(answer.status, 200);
    assertEquals(answer.body, { Status: "OK", Reason: null, ID: 1 });
    assertEquals(calls.at(-1), {
      method: "deleteBackup",
      backupId: 1,
      args: [{ deleteRemoteFiles: true, deleteLocalDb: true }],
    });
    const running = queue.add({ status: "Running", backupId: "1" });
    const refused = await api(app, "/backup/1", { method: "DELETE" });
    assertEquals(refused.status, 409);
    assertEquals(refused.body.Reason, "backup-in-progress");
    assertEquals(queue.aborted, []);
    const forced = await api(app, "/backup/1?force=true", { method: "DELETE" });
    assertEquals(forced.status, 200);
    assertEquals(queue.aborted, [running.ID]);
    assertEquals(calls.at(-1)!.args, [{ deleteRemoteFiles: false, deleteLocalDb: false }]);
    assertEquals((await api(app, "/backup/9", { method: "DELETE" })).status, 404);
    assertEquals((await api(app, "/backup/1?force=maybe", { method: "DELETE" })).body.Field, "force");
  });
});

Deno.test("POST /backup/{id}/run and /start queue a backup task and answer its id", async () => {
  await withServer(async ({ app, queue, calls }) => {
    await createThroughApi(app);
    const run = await api(app, "/backup/1/run", { method: "POST" });
    assertEquals(run.status, 200);
    assertEquals(run.body, { Status: "OK", ID: 1 });
    assertEquals(queue.get(1)!.Operation, "Backup");
    assertEquals(queue.get(1)!.BackupID, "1");
    const start = await api(app, "/backup/1/start?skipQueue=true", { method: "POST" });
    assertEquals(start.body, { Status: "OK", ID: 2 });
    assertEquals(calls.map((c) => c.method), ["backup", "backup"]);
    assertEquals((await api(app, "/backup/5/run", { method: "POST" })).status, 404);
    assertEquals((await api(app, "/backup/1/run", { method: "POST", token: null })).status, 401);
  });
});

Deno.test("POST /backup/{id}/restore passes the request on; 400 for a bad time or a relative restore_path", async () => {
  await withServer(async ({ app, calls }) => {
    await createThroughApi(app);
    const answer = await api(app, "/backup/1/restore", {
      method: "POST",
      body: {
        paths: ["/home/me/notes.txt"],
        time: "2025-03-09T13:00:02Z",
        restore_path: "/tmp/restored",
        overwrite: true,
        passphrase: "pw",
      },
    });
    assertEquals(answer.status, 200);
    assertEquals(answer.body, { Status: "OK", ID: 1 });
    assertEquals(calls[0], {
      method: "restore",
      backupId: 1,
      args: [{
        paths: ["/home/me/notes.txt"],
        time: "2025-03-09T13:00:02.000Z",
        restorePath: "/tmp/restored",
        overwrite: true,
        permissions: false,
        skipMetadata: false,
        passphrase: "pw",
      }],
    });
    await api(app, "/backup/1/restore", { method: "POST", body: { paths: [], time: "now" } });
    assertEquals(calls[1]!.args, [{ paths: [], overwrite: false, permissions: false, skipMetadata: false }]);
    const badTime = await api(app, "/backup/1/restore", { method: "POST", body: { time: "yesterday-ish" } });
    assertEquals(badTime.status, 400);
    assertEquals(badTime.body.Field, "time");
    const relative = await api(app, "/backup/1/restore", { method: "POST", body: { restore_path: "out" } });
    assertEquals(relative.body.Field, "restore_path");
    const badPaths = await api(app, "/backup/1/restore", { method: "POST", body: { paths: "/x" } });
    assertEquals(badPaths.body.Field, "paths");
    assertEquals((await api(app, "/backup/3/restore", { method: "POST", body: {} })).status, 404);
  });
});

Deno.test("verify, compact, repair, vacuum and delete-versions queue their tasks", async () => {
  await withServer(async ({ app, queue, calls }) => {
    await createThroughApi(app);
    for (
      const [path, operation] of [["verify", "Verify"], ["compact", "Compact"], ["repair", "Repair"], [
        "vacuum",
        "Vacuum",
      ]]
    ) {
      const answer = await api(app, `/backup/1/${path}`, { method: "POST" });
      assertEquals(answer.status, 200, path);
      assertEquals(queue.get(answer.body.ID)!.Operation, operation);
      assertEquals((await api(app, `/backup/2/${path}`, { method: "POST" })).status, 404);
    }
    const del = await api(app, "/backup/1/delete-versions", { method: "POST", body: { Versions: [2, 0, 2] } });
    assertEquals(del.status, 200);
    assertEquals(calls.at(-1), { method: "deleteVersions", backupId: 1, args: [[2, 0]] });
    assertEquals((await api(app, "/backup/1/delete-versions", { method: "POST", body: {} })).body.Field, "Versions");
    const negative = await api(app, "/backup/1/delete-versions", { method: "POST", body: { Versions: [1, -1] } });
    assertEquals(negative.body.Field, "Versions[1]");
  });
});

Deno.test("GET /backup/{id}/log pages the backup's log newest first with epoch-second timestamps", async () => {
  await withServer(async ({ app, store }) => {
    await createThroughApi(app);
    for (let i = 1; i <= 5; i++) {
      store.addBackupLog({
        backupId: 1,
        operationId: 10 + i,
        timestamp: Date.UTC(2025, 2, i, 12, 0, 0, 999),
        type: i === 5 ? "Result" : "Information",
        message: `message ${i}`,
        exception: null,
      });
    }
    const page = await api(app, "/backup/1/log?pagesize=2");
    assertEquals(page.status, 200);
    assertEquals(page.body.map((r: { Message: string }) => r.Message), ["message 5", "message 4"]);
    assertEquals(Object.keys(page.body[0]), ["ID", "OperationID", "Timestamp", "Type", "Message", "Exception"]);
    assertEquals(page.body[0].Timestamp, Date.UTC(2025, 2, 5, 12) / 1000);
    assertEquals(page.body[0].OperationID, 15);
    const next = await api(app, `/backup/1/log?offset=${page.body[1].ID}&pagesize=10`);
    assertEquals(next.body.map((r: { Message: string }) => r.Message), ["message 3", "message 2", "message 1"]);
    assertEquals((await api(app, "/backup/1/log?pagesize=0")).body.Field, "pagesize");
    assertEquals((await api(app, "/backup/4/log")).status, 404);
  });
});

Deno.test("GET /backup/{id}/isactive and /isdbusedelsewhere", async () => {
  await withServer(async ({ app, queue, store, dataFolder }) => {
    await createThroughApi(app);
    assertEquals((await api(app, "/backup/1/isactive")).body, { Status: "OK", Active: false });
    queue.add({ status: "Waiting", backupId: "1" });
    assertEquals((await api(app, "/backup/1/isactive")).body, { Status: "OK", Active: true });
    assertEquals((await api(app, "/backup/1/isdbusedelsewhere")).body, { inuse: false });
    const entry = {
      Type: "file",
      Server: "",
      Path: "/mnt/backup/docs",
      Prefix: "duplicati",
      Username: null,
      Port: -1,
      Databasepath: store.getBackup(1)!.dbPath,
      ParameterFile: null,
    };
    Deno.writeTextFileSync(`${dataFolder}/dbconfig.json`, JSON.stringify([entry]));
    assertEquals((await api(app, "/backup/1/isdbusedelsewhere")).body, { inuse: true });
    assertEquals((await api(app, "/backup/2/isactive")).status, 404);
    assertEquals((await api(app, "/backup/2/isdbusedelsewhere")).status, 404);
  });
});

Deno.test("GET /backup/{id}/export needs the single-operation token and strips passwords unless asked", async () => {
  await withServer(async ({ app }) => {
    await createThroughApi(app, backupBody({ Name: "My docs!", TargetURL: SECRET_URL }, { Repeat: "1D" }));
    assertEquals((await api(app, "/backup/1/export", { token: null })).status, 401);
    assertEquals((await api(app, "/backup/1/export?token=forged", { token: null })).status, 401);
    const answer = await app.request(`http://localhost:8200/api/v1/backup/1/export?token=${EXPORT_TOKEN}`);
    assertEquals(answer.status, 200);
    assertEquals(answer.headers.get("content-type"), "application/octet-stream");
    assertEquals(answer.headers.get("content-disposition"), "attachment; filename=My%20docs%21-duplicati-config.json");
    const text = await answer.text();
    assertEquals(answer.headers.get("content-length"), String(new TextEncoder().encode(text).length));
    const file = JSON.parse(text);
    assertEquals(Object.keys(file), ["CreatedByVersion", "Schedule", "Backup", "DisplayNames"]);
    assertEquals(file.Backup.TargetURL, "file:///mnt/backup/docs?auth-username=me");
    assertEquals(file.Backup.Settings.map((s: { Name: string }) => s.Name), [
      "encryption-module",
      "--exclude-files-attributes",
    ]);
    assertStringIncludes(text, '\n  "Backup": {\n    "ID": "1",\n');
    const withPasswords = await api(app, `/backup/1/export?token=${EXPORT_TOKEN}&export-passwords=true`, {
      token: null,
    });
    assertEquals(withPasswords.body.Backup.TargetURL, SECRET_URL);
    assertEquals(withPasswords.body.Backup.Settings[1].Value, "correct horse");
    assertEquals((await api(app, `/backup/2/export?token=${EXPORT_TOKEN}`, { token: null })).status, 404);
  });
});

Deno.test("GET /backup/{id}/export with a passphrase gives an AES Crypt file named .aes", async () => {
  await withServer(async ({ app }) => {
    await createThroughApi(app);
    const answer = await app.request(
      `http://localhost:8200/api/v1/backup/1/export?token=${EXPORT_TOKEN}&export-passwords=true&passphrase=pw%2B1`,
    );
    assertEquals(answer.status, 200);
    assertEquals(answer.headers.get("content-disposition"), "attachment; filename=Documents-duplicati-config.json.aes");
    const bytes = new Uint8Array(await answer.arrayBuffer());
    assertEquals(fromUtf8(bytes.subarray(0, 3)), "AES");
    const file = JSON.parse(fromUtf8(await decryptAesCrypt(bytes, "pw+1")));
    assertEquals(file.Backup.Name, "Documents");
    assertEquals(file.Backup.Settings[1], { Filter: "", Name: "passphrase", Value: "correct horse", Argument: null });
  });
});

Deno.test("GET /backup/{id}/export-cmdline and /export-argsonly show the backup as a CLI command", async () => {
  await withServer(async ({ app, store }) => {
    await createThroughApi(app, backupBody({ TargetURL: SECRET_URL }));
    const dbPath = store.getBackup(1)!.dbPath;
    const cmd = await api(app, "/backup/1/export-cmdline");
    assertEquals(cmd.status, 200);
    assertMatch(cmd.body.Command, /^\S+ backup "file:\/\/\/mnt\/backup\/docs\?auth-username=me" /);
    assert(!cmd.body.Command.includes("hunter2") && !cmd.body.Command.includes("correct horse"));
    assertStringIncludes(cmd.body.Command, `--dbpath="${dbPath}"`);
    const args = await api(app, "/backup/1/export-argsonly?export-passwords=true");
    assertEquals(args.body.Backend, SECRET_URL);
    assertEquals(args.body.Arguments, ["/home/me/Documents/", "/home/me/notes.txt"]);
    assert(args.body.Options.includes("--passphrase=correct horse"), JSON.stringify(args.body.Options));
    assert(args.body.Options.includes("--exclude=*.tmp"), JSON.stringify(args.body.Options));
    assertEquals((await api(app, "/backup/2/export-cmdline")).status, 404);
    assertEquals((await api(app, "/backup/2/export-argsonly")).status, 404);
  });
});

Deno.test("PUT /backup/{id} with the placeholder percent-encoded in the URL keeps the stored password", async () => {
  await withServer(async ({ app, store }) => {
    await createThroughApi(app, backupBody({ TargetURL: SECRET_URL }));
    const shown = (await api(app, "/backup/1")).body;
    const encoded = "%2A".repeat(15);
    const answer = await api(app, "/backup/1", {
      method: "PUT",
      body: { Backup: { ...shown.Backup, TargetURL: shown.Backup.TargetURL.replace(PASSWORD_PLACEHOLDER, encoded) } },
    });
    assertEquals(answer.status, 200, JSON.stringify(answer.body));
    assertEquals(store.getBackup(1)!.targetUrl, SECRET_URL);
  });
});

Deno.test("GET /backup/{id}/export-cmdline strips a password holding @ whole and survives a malformed escape", async () => {
  await withServer(async ({ app, store }) => {
    // Stored as an older version or another client may have saved them (the storage type is not checked here).
    const stored = (name: string, targetUrl: string) => store.createBackup({ ...STORED_BASE, name, targetUrl }).id;
    const at = await api(app, `/backup/${stored("At", "ftp://me:p@ss@host/docs")}/export-cmdline`);
    assertEquals(at.status, 200, JSON.stringify(at.body));
    assertMatch(at.body.Command, /^\S+ backup "ftp:\/\/me@host\/docs" /);
    const malformed = await api(app, `/backup/${stored("Bad", "file:///mnt/b?%E0=1&auth-password=x")}/export-cmdline`);
    assertEquals(malformed.status, 200, JSON.stringify(malformed.body));
    assertMatch(malformed.body.Command, /^\S+ backup "file:\/\/\/mnt\/b\?%E0=1" /);
  });
});

const STORED_BASE = {
  description: "",
  tags: [],
  externalId: null,
  sources: ["/home/me/Documents/"],
  settings: [{ filter: "", name: "--no-encryption", value: "true" }],
  filters: [],
};
