import { toBase64 } from "../../../lib/core/bytes.ts";
import { PASSWORD_PLACEHOLDER } from "../../../lib/server/api_types.ts";
import { specialFolders } from "../../../lib/server/special_folders.ts";
import { assert, assertEquals, assertMatch } from "../../support/assert.ts";
import { api, backupBody, createThroughApi, NOW, withServer } from "./backup_routes_harness.ts";

const FIXTURE = new URL("../../fixtures/server/duplicati_export.json", import.meta.url);
const FIXTURE_AES = new URL("../../fixtures/server/duplicati_export.json.aes", import.meta.url);
/** The passphrase tests/fixtures/server/duplicati_export.json.aes was encrypted with (by our AES Crypt codec). */
const FIXTURE_PASSPHRASE = "export-secret";

Deno.test("GET /backups is an empty list on a new server and 401 without a token", async () => {
  await withServer(async ({ app }) => {
    const answer = await api(app, "/backups");
    assertEquals(answer.status, 200);
    assertEquals(answer.body, []);
    assertEquals((await api(app, "/backups", { token: null })).status, 401);
  });
});

Deno.test("POST /backups stores the backup and schedule, bumps the data counter and refreshes the scheduler", async () => {
  await withServer(async ({ app, store, deps, refreshes }) => {
    const before = deps.events.lastDataUpdateId;
    const schedule = { Time: "2025-03-11T13:00:00Z", Repeat: "1D", AllowedDays: ["fri", "mon"] };
    const answer = await api(app, "/backups", { method: "POST", body: backupBody({}, schedule) });
    assertEquals(answer.status, 200);
    assertEquals(answer.body, { ID: "1", Temporary: false });
    const saved = store.getBackup(1)!;
    assertEquals(saved.name, "Documents");
    assertEquals(saved.targetUrl, "file:///mnt/backup/docs");
    assertEquals(saved.sources, ["/home/me/Documents/", "/home/me/notes.txt"]);
    assertEquals(saved.settings[1], { filter: "", name: "passphrase", value: "correct horse" });
    assertEquals(saved.filters, [{ order: 0, include: false, expression: "*.tmp" }]);
    assertMatch(saved.dbPath, /\/[A-Z]{10}\.sqlite$/);
    assertEquals(store.getSchedule(1), {
      backupId: 1,
      time: Date.UTC(2025, 2, 11, 13),
      repeat: "1D",
      lastRun: 0,
      allowedDays: ["mon", "fri"],
    });
    assertEquals(deps.events.lastDataUpdateId, before + 1);
    assertEquals(refreshes(), 1);
  });
});

Deno.test("GET /backups returns Backup and Schedule with secrets masked", async () => {
  await withServer(async ({ app, store }) => {
    const url = "file:///mnt/backup/docs?auth-username=me&auth-password=hunter2";
    await createThroughApi(app, backupBody({ TargetURL: url }, { Time: "2025-03-11T13:00:00Z", Repeat: "1W" }));
    const answer = await api(app, "/backups");
    assertEquals(answer.status, 200);
    assertEquals(answer.body, [{
      Backup: {
        ID: "1",
        ExternalID: null,
        Name: "Documents",
        Description: "My documents",
        Tags: ["home"],
        TargetURL: `file:///mnt/backup/docs?auth-username=me&auth-password=${PASSWORD_PLACEHOLDER}`,
        ConnectionStringID: -1,
        OperationType: "Backup",
        DBPath: store.getBackup(1)!.dbPath,
        DBPathExists: false,
        Sources: ["/home/me/Documents/", "/home/me/notes.txt"],
        Settings: [
          { Filter: "", Name: "encryption-module", Value: "aes", Argument: null },
          { Filter: "", Name: "passphrase", Value: PASSWORD_PLACEHOLDER, Argument: null },
          { Filter: "", Name: "--exclude-files-attributes", Value: "temporary", Argument: null },
        ],
        Filters: [{ Order: 0, Include: false, Expression: "*.tmp" }],
        Metadata: {},
        IsTemporary: false,
        IsUnencryptedOrPassphraseStored: true,
        AdditionalTargetURLs: [],
      },
      Schedule: {
        ID: 1,
        Tags: ["ID=1"],
        Time: "2025-03-11T13:00:00Z",
        Repeat: "1W",
        LastRun: "0001-01-01T00:00:00Z",
        Rule: "",
        AllowedDays: [],
      },
    }]);
    assert(!JSON.stringify(answer.body).includes("hunter2"), "the URL password must not be returned");
  });
});

Deno.test("GET /backups?orderBy sorts by name, id, sizes and comma lists; unknown keys are ignored", async () => {
  await withServer(async ({ app, store }) => {
    for (const [name, size] of [["Beta", "300"], ["alpha", "100"], ["Gamma", "200"]] as const) {
      const id = await createThroughApi(app, backupBody({ Name: name }));
      store.patchMetadata(id, { SourceFilesSize: size, LastBackupStarted: `2025030${id}T100000Z` });
    }
    const names = async (orderBy: string) =>
      (await api(app, `/backups?orderBy=${encodeURIComponent(orderBy)}`)).body.map((r: { Backup: { Name: string } }) =>
        r.Backup.Name
      );
    assertEquals(await names("name"), ["alpha", "Beta", "Gamma"]);
    assertEquals(await names("-name"), ["Gamma", "Beta", "alpha"]);
    assertEquals(await names("-id"), ["Gamma", "alpha", "Beta"]);
    assertEquals(await names("sourcesize"), ["alpha", "Gamma", "Beta"]);
    assertEquals(await names("-lastrun"), ["Gamma", "alpha", "Beta"]);
    assertEquals(await names("bogus,-destinationsize,name"), ["alpha", "Beta", "Gamma"]);
    store.setSetting("backup-list-sort-order", "-sourcesize");
    assertEquals(await names(""), ["Beta", "Gamma", "alpha"]);
  });
});

Deno.test("POST /backups answers 400 naming the bad field", async () => {
  await withServer(async ({ app, store }) => {
    const cases: [unknown, string][] = [
      [backupBody({ Name: undefined }), "Backup.Name"],
      [backupBody({ Name: "  " }), "Backup.Name"],
      [backupBody({ TargetURL: "ftp2://example.com/x" }), "Backup.TargetURL"],
      [backupBody({ TargetURL: "backups/relative" }), "Backup.TargetURL"],
      [backupBody({ TargetURL: "file://" }), "Backup.TargetURL"],
      [backupBody({ TargetURL: `file:///x?auth-password=${PASSWORD_PLACEHOLDER}` }), "Backup.TargetURL"],
      [backupBody({ Sources: [] }), "Backup.Sources"],
      [backupBody({ Sources: ["/ok/", "relative/path"] }), "Backup.Sources[1]"],
      [backupBody({ Settings: [{ Name: "", Value: "x" }] }), "Backup.Settings[0].Name"],
      [backupBody({ Settings: [] }), "Backup.Settings"],
      [backupBody({ Filters: [{ Include: true, Expression: "[(]" }] }), "Backup.Filters[0].Expression"],
      [backupBody({}, { Repeat: "12x" }), "Schedule.Repeat"],
      [backupBody({}, { Repeat: "0D" }), "Schedule.Repeat"],
      [backupBody({}, { Repeat: "1D", AllowedDays: ["mon", "funday"] }), "Schedule.AllowedDays[1]"],
      [backupBody({}, { Time: "tomorrow" }), "Schedule.Time"],
      [{ Schedule: null }, "Backup"],
    ];
    for (const [body, field] of cases) {
      const answer = await api(app, "/backups", { method: "POST", body });
      assertEquals(answer.status, 400, `${field}: ${JSON.stringify(answer.body)}`);
      assertEquals(answer.body.Field, field, JSON.stringify(answer.body));
      assertEquals(answer.body.Code, 400);
      assertMatch(answer.body.Error, new RegExp(`^Invalid field "${field.replace(/[[\].]/g, "\\$&")}": `));
    }
    const badJson = await api(app, "/backups", { method: "POST", body: "{not json" });
    assertEquals(badJson.status, 400);
    assertEquals(badJson.body.Reason, "invalid-json");
    assertEquals(store.listBackups(), []);
  });
});

Deno.test("POST /backups accepts --no-encryption without a passphrase", async () => {
  await withServer(async ({ app, store }) => {
    await createThroughApi(app, backupBody({ Settings: [{ Name: "--no-encryption", Value: "true" }] }));
    assertEquals(store.getBackup(1)!.settings, [{ filter: "", name: "--no-encryption", value: "true" }]);
  });
});

Deno.test("POST /backups answers 409 for a name already used, compared case-insensitively", async () => {
  await withServer(async ({ app, store }) => {
    await createThroughApi(app);
    const answer = await api(app, "/backups", { method: "POST", body: backupBody({ Name: "DOCUMENTS" }) });
    assertEquals(answer.status, 409);
    assertEquals(answer.body.Reason, "duplicate-name");
    assertEquals(answer.body.Field, "Backup.Name");
    assertEquals(store.listBackups().length, 1);
  });
});

Deno.test("POST /backups/import direct imports a real Duplicati 2.1 export and renames duplicates", async () => {
  await withServer(async ({ app, store, deps }) => {
    const config = toBase64(Deno.readFileSync(FIXTURE));
    const first = await api(app, "/backups/import", { method: "POST", body: { config, direct: true } });
    assertEquals(first.status, 200, JSON.stringify(first.body));
    assertEquals(first.body, { Id: "1", data: null });
    const saved = store.getBackup(1)!;
    assertEquals(saved.name, "Alice documents");
    assertEquals(saved.description, "Dokumente & Fotos \u2013 t\u00e4glich");
    assertEquals(saved.targetUrl, "file:///mnt/backup/alice");
    assertEquals(saved.sources, ["/home/alice/Documents/", "/home/alice/Pictures/"]);
    assertEquals(saved.settings.find((s) => s.name === "passphrase")?.value, "correct horse+battery&staple");
    assertEquals(saved.settings.length, 6);
    assertEquals(saved.filters, [
      { order: 0, include: false, expression: "*/.cache/" },
      { order: 1, include: false, expression: "[.*\\.tmp$]" },
    ]);
    assertEquals(saved.metadata, {}, "metadata is dropped unless import_metadata");
    assert(saved.dbPath.startsWith(deps.info.dataFolder) && !saved.dbPath.endsWith("QKZRWTYBNL.sqlite"));
    assertEquals(store.getSchedule(1), {
      backupId: 1,
      time: Date.UTC(2025, 2, 10, 13),
      repeat: "1D",
      lastRun: Date.UTC(2025, 2, 9, 13, 0, 2),
      allowedDays: ["mon", "tue", "wed", "thu", "fri"],
    });
    const second = await api(app, "/backups/import", {
      method: "POST",
      body: { config, direct: true, import_metadata: true },
    });
    assertEquals(second.body, { Id: "2", data: null });
    assertEquals(store.getBackup(2)!.name, "Alice documents (1)");
    assertEquals(store.getBackup(2)!.metadata.BackupListCount, "12");
    const third = await api(app, "/backups/import", { method: "POST", body: { config, direct: true } });
    assertEquals(store.getBackup(Number(third.body.Id))!.name, "Alice documents (2)");
  });
});

Deno.test("POST /backups/import reads the AES Crypt export with its passphrase, 400 without or with a wrong one", async () => {
  await withServer(async ({ app, store }) => {
    const config = toBase64(Deno.readFileSync(FIXTURE_AES));
    const missing = await api(app, "/backups/import", { method: "POST", body: { config, direct: true } });
    assertEquals(missing.status, 400);
    assertEquals(missing.body.Field, "passphrase");
    const wrong = await api(app, "/backups/import", {
      method: "POST",
      body: { config, direct: true, passphrase: "not it" },
    });
    assertEquals(wrong.status, 400);
    assertEquals(wrong.body.Field, "passphrase");
    assertMatch(wrong.body.Error, /wrong passphrase/);
    const ok = await api(app, "/backups/import", {
      method: "POST",
      body: { config, direct: true, passphrase: FIXTURE_PASSPHRASE },
    });
    assertEquals(ok.status, 200, JSON.stringify(ok.body));
    assertEquals(store.getBackup(Number(ok.body.Id))!.name, "Alice documents");
  });
});

Deno.test("POST /backups/import without direct returns the configuration for the editor and stores nothing", async () => {
  await withServer(async ({ app, store }) => {
    const config = toBase64(Deno.readFileSync(FIXTURE));
    const answer = await api(app, "/backups/import", {
      method: "POST",
      body: { config, replace_settings: { name: "Renamed", "settings.passphrase": "new secret" } },
    });
    assertEquals(answer.status, 200);
    assertEquals(answer.body.Id, null);
    const data = answer.body.data;
    assertEquals(data.CreatedByVersion, "2.1.0.5");
    assertEquals(data.Backup.ID, null);
    assertEquals(data.Backup.DBPath, "");
    assertEquals(data.Backup.Name, "Renamed");
    assertEquals(data.Backup.Metadata, {});
    assertEquals(data.Backup.Settings[4], { Filter: "", Name: "passphrase", Value: "new secret", Argument: null });
    assertEquals(data.Schedule.ID, -1);
    assertEquals(data.Schedule.AllowedDays, ["mon", "tue", "wed", "thu", "fri"]);
    assertEquals(data.DisplayNames, { "/home/alice/Documents/": "Documents", "/home/alice/Pictures/": "Pictures" });
    assertEquals(store.listBackups(), []);
  });
});

Deno.test("POST /backups/import answers 400 for bad base64, non-JSON, a file without a backup, and bad fields", async () => {
  await withServer(async ({ app }) => {
    const cases: [Record<string, unknown>, string][] = [
      [{}, "config"],
      [{ config: "@@not base64@@" }, "config"],
      [{ config: toBase64(new TextEncoder().encode("hello")) }, "config"],
      [{ config: toBase64(new TextEncoder().encode('{"Schedule":null}')) }, "config"],
      [{ config: toBase64(Deno.readFileSync(FIXTURE)), cmdline: true }, "cmdline"],
    ];
    for (const [body, field] of cases) {
      const answer = await api(app, "/backups/import", { method: "POST", body });
      assertEquals(answer.status, 400, JSON.stringify(answer.body));
      assertEquals(answer.body.Field, field);
    }
    const relative = JSON.parse(Deno.readTextFileSync(FIXTURE));
    relative.Backup.Sources = ["Documents"];
    const answer = await api(app, "/backups/import", {
      method: "POST",
      body: { config: toBase64(new TextEncoder().encode(JSON.stringify(relative))), direct: true },
    });
    assertEquals(answer.status, 400);
    assertEquals(answer.body.Field, "Backup.Sources[0]");
  });
});

Deno.test("POST /backups gives a schedule without Time the current time", async () => {
  await withServer(async ({ app, store }) => {
    await createThroughApi(app, backupBody({}, { Repeat: "2h", Rule: "AllowedWeekDays=Saturday,Sunday" }));
    assertEquals(store.getSchedule(1), {
      backupId: 1,
      time: NOW,
      repeat: "2h",
      lastRun: 0,
      allowedDays: ["sat", "sun"],
    });
  });
});

Deno.test("POST /backups stores special-folder sources expanded and refuses a --dbpath setting", async () => {
  await withServer(async ({ app, store }) => {
    const home = specialFolders().find((f) => f.id === "%HOME%");
    if (home !== undefined) {
      await createThroughApi(app, backupBody({ Sources: ["%HOME%/Documents/"] }));
      assertEquals(store.getBackup(1)!.sources, [`${home.path.replace(/[\\/]$/, "")}/Documents/`]);
    }
    const unknown = await api(app, "/backups", {
      method: "POST",
      body: backupBody({ Name: "Unknown", Sources: ["%NO_SUCH_FOLDER%/x/"] }),
    });
    assertEquals([unknown.status, unknown.body.Field], [400, "Backup.Sources[0]"]);
    const settings = [{ Name: "--no-encryption", Value: "true" }, { Name: "--dbpath", Value: "/elsewhere.sqlite" }];
    const dbpath = await api(app, "/backups", { method: "POST", body: backupBody({ Name: "Db", Settings: settings }) });
    assertEquals([dbpath.status, dbpath.body.Field], [400, "Backup.Settings[1].Name"]);
    assertMatch(dbpath.body.Error, /Backup\.DBPath/);
  });
});

Deno.test("POST /backups/import drops a --dbpath setting of the file; replace_settings settings.--dbpath sets DBPath", async () => {
  await withServer(async ({ app, store, deps }) => {
    const file = JSON.parse(Deno.readTextFileSync(FIXTURE));
    file.Backup.Settings.push({ Filter: "", Name: "--dbpath", Value: "/other/machine/db.sqlite", Argument: null });
    const config = toBase64(new TextEncoder().encode(JSON.stringify(file)));
    const direct = await api(app, "/backups/import", { method: "POST", body: { config, direct: true } });
    assertEquals(direct.status, 200, JSON.stringify(direct.body));
    const saved = store.getBackup(Number(direct.body.Id))!;
    assertEquals(saved.settings.length, 6);
    assert(!saved.settings.some((s) => s.name.toLowerCase().includes("dbpath")));
    assert(saved.dbPath.startsWith(deps.info.dataFolder), saved.dbPath);
    const moved = `${deps.info.dataFolder}/chosen.sqlite`;
    const replaced = await api(app, "/backups/import", {
      method: "POST",
      body: { config, direct: true, replace_settings: { "settings.--dbpath": moved } },
    });
    assertEquals(replaced.status, 200, JSON.stringify(replaced.body));
    assertEquals(store.getBackup(Number(replaced.body.Id))!.dbPath, moved);
  });
});
