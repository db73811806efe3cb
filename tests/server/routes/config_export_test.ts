import { fromUtf8, utf8 } from "../../../lib/core/bytes.ts";
import type { BackupConfig, Schedule } from "../../../lib/server/config_store/model.ts";
import { HttpError } from "../../../lib/server/http_error.ts";
import {
  buildExportStructure,
  exportConfiguration,
  formatDotNetJson,
  readConfiguration,
  replaceSettings,
} from "../../../lib/server/routes/config_export.ts";
import { PRODUCT_VERSION } from "../../../lib/version.ts";
import { decryptAesCrypt } from "../../../lib/volumes/aescrypt/mod.ts";
import { assertEquals, assertRejects } from "../../support/assert.ts";

const FIXTURE = new URL("../../fixtures/server/duplicati_export.json", import.meta.url);
const FIXTURE_AES = new URL("../../fixtures/server/duplicati_export.json.aes", import.meta.url);
/** tests/fixtures/server/duplicati_export.json.aes is that JSON encrypted by our AES Crypt codec with this passphrase. */
const FIXTURE_PASSPHRASE = "export-secret";
const DATA = "/home/alice/.config/Duplicati";

/** The configuration the fixture was exported from, as our store holds it. */
const ALICE: BackupConfig = {
  id: 3,
  name: "Alice documents",
  description: "Dokumente & Fotos \u2013 t\u00e4glich",
  tags: [],
  targetUrl: "file:///mnt/backup/alice",
  dbPath: `${DATA}/QKZRWTYBNL.sqlite`,
  externalId: null,
  sources: ["/home/alice/Documents/", "/home/alice/Pictures/"],
  settings: [
    { filter: "", name: "encryption-module", value: "aes" },
    { filter: "", name: "compression-module", value: "zip" },
    { filter: "", name: "dblock-size", value: "50mb" },
    { filter: "", name: "retention-policy", value: "1W:1D,4W:1W,12M:1M" },
    { filter: "", name: "passphrase", value: "correct horse+battery&staple" },
    { filter: "", name: "--exclude-files-attributes", value: "temporary" },
  ],
  filters: [
    { order: 0, include: false, expression: "*/.cache/" },
    { order: 1, include: false, expression: "[.*\\.tmp$]" },
  ],
  metadata: {
    LastBackupDate: "20250309T130002Z",
    BackupListCount: "12",
    TotalQuotaSpace: "0",
    FreeQuotaSpace: "0",
    AssignedQuotaSpace: "-1",
    TargetFilesSize: "1302447718",
    TargetFilesCount: "75",
    TargetFilesetsCount: "12",
    TargetSizeString: "1.21 GB",
    SourceFilesSize: "2514829312",
    SourceFilesCount: "4211",
    SourceSizeString: "2.34 GB",
    LastBackupStarted: "20250309T130002Z",
    LastBackupFinished: "20250309T130151Z",
    LastBackupDuration: "00:01:49.2140375",
  },
};
const ALICE_SCHEDULE: Schedule = {
  backupId: 3,
  time: Date.UTC(2025, 2, 10, 13),
  repeat: "1D",
  lastRun: Date.UTC(2025, 2, 9, 13, 0, 2),
  allowedDays: ["mon", "tue", "wed", "thu", "fri"],
};

Deno.test("our export of the same backup is byte for byte Duplicati 2.1's export file", () => {
  const fixture = Deno.readTextFileSync(FIXTURE).trimEnd();
  const ours = formatDotNetJson(
    buildExportStructure(ALICE, { schedule: ALICE_SCHEDULE, exportPasswords: true, dataFolder: DATA }),
  );
  assertEquals(ours, fixture.replace('"CreatedByVersion": "2.1.0.5"', `"CreatedByVersion": "${PRODUCT_VERSION}"`));
});

Deno.test("formatDotNetJson escapes like System.Text.Json's default encoder", () => {
  assertEquals(
    formatDotNetJson("a\"b\\c/d&e'f+g<h>i`j\u00e9\u2013\n\t\u0001\u007f\u{1F600}"),
    [
      '"a\\u0022b\\\\c/d\\u0026e\\u0027f\\u002Bg\\u003Ch\\u003Ei\\u0060j\\u00E9\\u2013\\n\\t\\u0001\\u007F',
      '\\uD83D\\uDE00"',
    ].join(""),
  );
  assertEquals(
    formatDotNetJson({ a: [], b: {}, c: null, d: [1, true], e: undefined }),
    [
      "{",
      '  "a": [],',
      '  "b": {},',
      '  "c": null,',
      '  "d": [',
      "    1,",
      "    true",
      "  ]",
      "}",
    ].join("\n"),
  );
});

Deno.test("an export without passwords drops secret settings and URL credentials; never-run schedules use year 1", () => {
  const config = {
    ...ALICE,
    targetUrl: "ssh://alice:pw@host/x?auth-password=pw&ssh-fingerprint=f",
    dbPath: "/other/db.sqlite",
  };
  const structure = buildExportStructure(config, {
    schedule: { ...ALICE_SCHEDULE, lastRun: 0, allowedDays: [], time: Date.UTC(2025, 2, 10, 13, 0, 0, 120) },
    exportPasswords: false,
    dataFolder: DATA,
  });
  assertEquals(structure.Backup.TargetURL, "ssh://alice@host/x?ssh-fingerprint=f");
  assertEquals(structure.Backup.Settings.map((s) => s.Name), [
    "encryption-module",
    "compression-module",
    "dblock-size",
    "retention-policy",
    "--exclude-files-attributes",
  ]);
  assertEquals(structure.Backup.DBPath, "/other/db.sqlite");
  assertEquals(structure.Schedule, {
    ID: 3,
    Tags: ["ID=3"],
    Time: "2025-03-10T13:00:00.12Z",
    Repeat: "1D",
    LastRun: "0001-01-01T00:00:00",
    Rule: "",
    AllowedDays: null,
  });
  assertEquals(
    buildExportStructure(config, { schedule: undefined, exportPasswords: false, dataFolder: DATA }).Schedule,
    null,
  );
});

Deno.test("exportConfiguration names the file as Duplicati does and encrypts it with a passphrase", async () => {
  const plain = await exportConfiguration({ ...ALICE, name: "Docs (new)!" }, {
    schedule: undefined,
    exportPasswords: false,
    dataFolder: DATA,
  });
  assertEquals(plain.fileName, "Docs%20%28new%29%21-duplicati-config.json");
  assertEquals(JSON.parse(fromUtf8(plain.bytes)).Backup.Name, "Docs (new)!");
  const blank = await exportConfiguration(ALICE, {
    schedule: undefined,
    exportPasswords: false,
    dataFolder: DATA,
    passphrase: " ",
  });
  assertEquals(blank.fileName, "Alice%20documents-duplicati-config.json");
  const encrypted = await exportConfiguration(ALICE, {
    schedule: ALICE_SCHEDULE,
    exportPasswords: true,
    dataFolder: DATA,
    passphrase: "pw",
  });
  assertEquals(encrypted.fileName, "Alice%20documents-duplicati-config.json.aes");
  assertEquals(fromUtf8(encrypted.bytes.subarray(0, 3)), "AES");
  const json = fromUtf8(await decryptAesCrypt(encrypted.bytes, "pw"));
  assertEquals(
    json,
    formatDotNetJson(
      buildExportStructure(ALICE, { schedule: ALICE_SCHEDULE, exportPasswords: true, dataFolder: DATA }),
    ),
  );
});

Deno.test("readConfiguration reads the plain and the AES fixture and drops ID, DBPath and Metadata", async () => {
  const plain = await readConfiguration(Deno.readFileSync(FIXTURE), { importMetadata: false });
  const aes = await readConfiguration(Deno.readFileSync(FIXTURE_AES), {
    importMetadata: false,
    passphrase: FIXTURE_PASSPHRASE,
  });
  assertEquals(aes, plain);
  assertEquals(plain.CreatedByVersion, "2.1.0.5");
  assertEquals(plain.Backup.ID, null);
  assertEquals(plain.Backup.DBPath, "");
  assertEquals(plain.Backup.Metadata, {});
  assertEquals(plain.Backup.Description, "Dokumente & Fotos \u2013 t\u00e4glich");
  assertEquals(plain.Schedule?.ID, -1);
  assertEquals(plain.Schedule?.Time, "2025-03-10T13:00:00Z");
  const withMetadata = await readConfiguration(Deno.readFileSync(FIXTURE), { importMetadata: true });
  assertEquals((withMetadata.Backup.Metadata as Record<string, string>).LastBackupDuration, "00:01:49.2140375");
  // A file with a UTF-8 byte-order mark (as .NET may write) reads the same.
  const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...Deno.readFileSync(FIXTURE)]);
  assertEquals(await readConfiguration(bom, { importMetadata: false }), plain);
});

Deno.test("readConfiguration answers 400 naming passphrase or config", async () => {
  const aes = Deno.readFileSync(FIXTURE_AES);
  const field = async (bytes: Uint8Array, passphrase?: string) =>
    (await assertRejects(() => readConfiguration(bytes, { importMetadata: false, passphrase }), HttpError)).details
      .field;
  assertEquals(await field(aes), "passphrase");
  assertEquals(await field(aes, "wrong"), "passphrase");
  const damaged = aes.slice();
  damaged[damaged.length - 40]! ^= 1;
  assertEquals(await field(damaged, FIXTURE_PASSPHRASE), "config");
  assertEquals(await field(utf8("[1,2]")), "config");
  assertEquals(await field(utf8('{"Backup": 5}')), "config");
});

Deno.test("replaceSettings overrides name, URL, description, sources and settings.<option>", () => {
  const backup: Record<string, unknown> = {
    Name: "A",
    TargetURL: "file:///a",
    Sources: ["/a/"],
    Settings: [{ Filter: "", Name: "passphrase", Value: "old", Argument: null }],
  };
  replaceSettings(backup, {
    name: "B",
    targeturl: "file:///b",
    description: "",
    sources: "/b/:/c/",
    "settings.PASSPHRASE": "new",
    "settings.dblock-size": "100mb",
  });
  assertEquals(backup, {
    Name: "B",
    TargetURL: "file:///b",
    Sources: ["/b/", "/c/"],
    Settings: [
      { Filter: "", Name: "passphrase", Value: "new", Argument: null },
      { Filter: "", Name: "dblock-size", Value: "100mb" },
    ],
  });
});

Deno.test("readConfiguration drops --dbpath settings like DBPath; replaceSettings moves settings.--dbpath to DBPath", async () => {
  const file = JSON.parse(Deno.readTextFileSync(FIXTURE));
  file.Backup.Settings.push({ Filter: "", Name: "--DBPATH", Value: "/other/machine.sqlite", Argument: null });
  file.Backup.Settings.push({ Filter: "", Name: "dbpath", Value: "/other/machine.sqlite", Argument: null });
  const read = await readConfiguration(utf8(JSON.stringify(file)), { importMetadata: false });
  const plain = await readConfiguration(Deno.readFileSync(FIXTURE), { importMetadata: false });
  assertEquals(read.Backup.Settings, plain.Backup.Settings);
  assertEquals(Object.keys(read.Backup), Object.keys(plain.Backup));
  const backup: Record<string, unknown> = { DBPath: "", Settings: [] };
  replaceSettings(backup, { "settings.--dbpath": "/data/chosen.sqlite" });
  assertEquals(backup, { DBPath: "/data/chosen.sqlite", Settings: [] });
  replaceSettings(backup, { "settings.dbpath": "/data/setting.sqlite", dbpath: "/data/explicit.sqlite" });
  assertEquals(backup, { DBPath: "/data/explicit.sqlite", Settings: [] });
});
