import { isSecretOptionName } from "../../../lib/server/config_store/secret_names.ts";
import { PASSWORD_PLACEHOLDER as P } from "../../../lib/server/api_types.ts";
import type { BackupConfig } from "../../../lib/server/config_store/model.ts";
import { HttpError } from "../../../lib/server/http_error.ts";
import {
  daysFromRule,
  displayNames,
  ruleFromDays,
  toBackupDto,
  toScheduleDto,
} from "../../../lib/server/routes/backup_dto.ts";
import { parseBackupInput } from "../../../lib/server/routes/backup_input.ts";
import { specialFolders } from "../../../lib/server/special_folders.ts";
import { assertEquals, assertThrows } from "../../support/assert.ts";

const STORED: BackupConfig = {
  id: 4,
  name: "Web",
  description: "",
  tags: [],
  targetUrl: "ssh://alice:p%40ss@host:22/backups?auth-username=alice&ssh-keyfile-password=k3y&ssh-fingerprint=abc",
  dbPath: "/data/ABCDEFGHIJ.sqlite",
  externalId: "ext-1",
  sources: ["/srv/www/"],
  settings: [
    { filter: "", name: "passphrase", value: "s3cret" },
    { filter: "", name: "--auth-password", value: "pw" },
    { filter: "", name: "ssh-key", value: "" },
    { filter: "", name: "dblock-size", value: "50mb" },
  ],
  filters: [{ order: 0, include: true, expression: "*.html" }],
  metadata: { LastBackupDate: "20250309T130002Z" },
};

Deno.test("isSecretOptionName covers the password-type option names with or without dashes", () => {
  for (
    const name of ["passphrase", "--passphrase", "auth-password", "--ssh-keyfile-password", "s3-secret-key", "ssh-key"]
  ) {
    assertEquals(isSecretOptionName(name), true, name);
  }
  for (const name of ["dblock-size", "auth-username", "--no-encryption", "ssh-fingerprint"]) {
    assertEquals(isSecretOptionName(name), false, name);
  }
});

Deno.test("toBackupDto masks non-empty secret settings and reports the passphrase state", () => {
  const dto = toBackupDto(STORED, { dbPathExists: true });
  assertEquals(dto.ID, "4");
  assertEquals(dto.ExternalID, "ext-1");
  assertEquals(dto.Settings, [
    { Filter: "", Name: "passphrase", Value: P, Argument: null },
    { Filter: "", Name: "--auth-password", Value: P, Argument: null },
    { Filter: "", Name: "ssh-key", Value: "", Argument: null },
    { Filter: "", Name: "dblock-size", Value: "50mb", Argument: null },
  ]);
  assertEquals(dto.DBPathExists, true);
  assertEquals(dto.IsUnencryptedOrPassphraseStored, true);
  const prompting = toBackupDto({ ...STORED, settings: [] }, { dbPathExists: false });
  assertEquals(prompting.IsUnencryptedOrPassphraseStored, false);
  const plain = toBackupDto({ ...STORED, settings: [{ filter: "", name: "encryption-module", value: "" }] }, {
    dbPathExists: false,
  });
  assertEquals(plain.IsUnencryptedOrPassphraseStored, true);
});

Deno.test("toScheduleDto gives Duplicati's tags, UTC times, Rule and weekdays in week order", () => {
  assertEquals(
    toScheduleDto({
      backupId: 4,
      time: Date.UTC(2025, 2, 10, 13),
      repeat: "1W",
      lastRun: 0,
      allowedDays: ["sun", "mon"],
    }),
    {
      ID: 4,
      Tags: ["ID=4"],
      Time: "2025-03-10T13:00:00Z",
      Repeat: "1W",
      LastRun: "0001-01-01T00:00:00Z",
      Rule: "AllowedWeekDays=Monday,Sunday",
      AllowedDays: ["mon", "sun"],
    },
  );
  assertEquals(ruleFromDays([]), "");
  assertEquals(daysFromRule("Foo=1;allowedweekdays=friday,MONDAY,Funday"), ["mon", "fri"]);
  assertEquals(daysFromRule(""), []);
});

Deno.test("displayNames labels folders and files by their last name", () => {
  assertEquals(displayNames(["/home/me/Documents/", "/home/me/a.txt", "/", "C:\\Users\\me\\Pictures\\"]), {
    "/home/me/Documents/": "Documents",
    "/home/me/a.txt": "a.txt",
    "/": "/",
    "C:\\Users\\me\\Pictures\\": "Pictures",
  });
});

const ENV = { now: Date.UTC(2025, 0, 1), globalOptions: [] };

function body(backup: Record<string, unknown>, schedule?: unknown): unknown {
  return {
    Backup: {
      Name: "Web",
      TargetURL: "file:///mnt/x",
      Sources: ["/srv/www/"],
      Settings: [{ Name: "passphrase", Value: "pw" }],
      ...backup,
    },
    ...(schedule === undefined ? {} : { Schedule: schedule }),
  };
}

function fieldOf(fn: () => unknown): string | undefined {
  return assertThrows(fn, HttpError).details.field;
}

Deno.test("parseBackupInput builds a NewBackup with defaults and a schedule from Rule or AllowedDays", () => {
  const parsed = parseBackupInput(
    body({ Filters: [{ Include: true, Expression: "*.html" }, { Order: 7, Expression: "[.*~$]" }] }, {
      Time: "2025-03-10T14:00:00+01:00",
      Repeat: "1D",
      LastRun: "0001-01-01T00:00:00",
      AllowedDays: ["Sunday", "mon"],
    }),
    ENV,
  );
  assertEquals(parsed.backup, {
    name: "Web",
    description: "",
    tags: [],
    targetUrl: "file:///mnt/x",
    externalId: null,
    sources: ["/srv/www/"],
    settings: [{ filter: "", name: "passphrase", value: "pw" }],
    filters: [{ order: 0, include: true, expression: "*.html" }, { order: 7, include: false, expression: "[.*~$]" }],
  });
  assertEquals(parsed.schedule, {
    time: Date.UTC(2025, 2, 10, 13),
    repeat: "1D",
    lastRun: 0,
    allowedDays: ["mon", "sun"],
  });
  const noSchedule = parseBackupInput(body({ Metadata: { A: "1" }, DBPath: "/data/x.sqlite" }), ENV);
  assertEquals(noSchedule.schedule, null);
  assertEquals(noSchedule.backup.metadata, { A: "1" });
  assertEquals(noSchedule.backup.dbPath, "/data/x.sqlite");
});

Deno.test("parseBackupInput on an update resolves placeholders and keeps dbPath, schedule times and metadata", () => {
  const parsed = parseBackupInput(
    body({
      TargetURL: `file:///mnt/new?auth-username=a&auth-password=${P}`,
      Settings: [{ Name: "PASSPHRASE", Value: P }, { Name: "dblock-size", Value: 100 }],
      DBPath: "/ignored.sqlite",
      Metadata: { ignored: "yes" },
    }, { Repeat: "" }),
    {
      ...ENV,
      existing: { ...STORED, targetUrl: "file:///mnt/old?AUTH-PASSWORD=old%26pw" },
      existingSchedule: { backupId: 4, time: 5000, repeat: "1D", lastRun: 4000, allowedDays: [] },
    },
  );
  assertEquals(parsed.backup.settings, [
    { filter: "", name: "PASSPHRASE", value: "s3cret" },
    { filter: "", name: "dblock-size", value: "100" },
  ]);
  assertEquals(parsed.backup.dbPath, STORED.dbPath);
  assertEquals(parsed.backup.metadata, undefined);
  assertEquals(parsed.backup.externalId, "ext-1");
  // An empty Repeat removes the schedule, as in Duplicati.
  assertEquals(parsed.schedule, null);
  assertEquals(parsed.backup.targetUrl, "file:///mnt/new?auth-username=a&auth-password=old%26pw");
});

Deno.test("parseBackupInput names the bad field", () => {
  assertEquals(fieldOf(() => parseBackupInput([], ENV)), "body");
  assertEquals(fieldOf(() => parseBackupInput({ Backup: "x" }, ENV)), "Backup");
  assertEquals(fieldOf(() => parseBackupInput(body({ Name: 5 }), ENV)), "Backup.Name");
  assertEquals(fieldOf(() => parseBackupInput(body({ OperationType: "Sync" }), ENV)), "Backup.OperationType");
  assertEquals(fieldOf(() => parseBackupInput(body({ TargetURL: "" }), ENV)), "Backup.TargetURL");
  assertEquals(fieldOf(() => parseBackupInput(body({ TargetURL: "s3://bucket/x" }), ENV)), "Backup.TargetURL");
  assertEquals(fieldOf(() => parseBackupInput(body({ Sources: "/srv" }), ENV)), "Backup.Sources");
  assertEquals(fieldOf(() => parseBackupInput(body({ Tags: [1] }), ENV)), "Backup.Tags");
  assertEquals(fieldOf(() => parseBackupInput(body({ Settings: {} }), ENV)), "Backup.Settings");
  assertEquals(
    fieldOf(() => parseBackupInput(body({ Settings: [{ Name: "x", Value: {} }] }), ENV)),
    "Backup.Settings[0].Value",
  );
  assertEquals(
    fieldOf(() => parseBackupInput(body({ Filters: [{ Expression: "" }] }), ENV)),
    "Backup.Filters[0].Expression",
  );
  assertEquals(
    fieldOf(() => parseBackupInput(body({ Filters: [{ Expression: "{NoSuchGroup}" }] }), ENV)),
    "Backup.Filters[0].Expression",
  );
  assertEquals(
    fieldOf(() => parseBackupInput(body({ Filters: [{ Expression: "*", Include: "yes" }] }), ENV)),
    "Backup.Filters[0].Include",
  );
  assertEquals(fieldOf(() => parseBackupInput(body({ ExternalID: 3 }), ENV)), "Backup.ExternalID");
  assertEquals(fieldOf(() => parseBackupInput(body({ DBPath: "x.sqlite" }), ENV)), "Backup.DBPath");
  assertEquals(fieldOf(() => parseBackupInput(body({}, "daily"), ENV)), "Schedule");
  assertEquals(
    fieldOf(() => parseBackupInput(body({}, { Repeat: "1D", AllowedDays: "mon" }), ENV)),
    "Schedule.AllowedDays",
  );
  assertEquals(fieldOf(() => parseBackupInput(body({}, { LastRun: "2025-13-45T99:00:00Z" }), ENV)), "Schedule.LastRun");
  // A global --passphrase default satisfies the passphrase requirement.
  const global = { ...ENV, globalOptions: [{ filter: "", name: "--passphrase", value: "g" }] };
  assertEquals(parseBackupInput(body({ Settings: [] }), global).backup.settings, []);
});

const HOME = specialFolders().find((f) => f.id === "%HOME%");

Deno.test({
  name: "parseBackupInput stores sources given with a special-folder token as absolute paths",
  ignore: HOME === undefined,
  fn: () => {
    const home = HOME!.path.replace(/[\\/]$/, "");
    const parsed = parseBackupInput(body({ Sources: ["%HOME%/Documents/", "%home%", "/srv/www/"] }), ENV);
    assertEquals(parsed.backup.sources, [`${home}/Documents/`, home, "/srv/www/"]);
  },
});

Deno.test("parseBackupInput answers 400 naming the source whose special folder does not exist here", () => {
  const error = assertThrows(
    () => parseBackupInput(body({ Sources: ["/srv/", "%NO_SUCH_FOLDER%/x/"] }), ENV),
    HttpError,
  );
  assertEquals(error.details.field, "Backup.Sources[1]");
  assertEquals(error.message.includes('"%NO_SUCH_FOLDER%" does not exist on this machine'), true, error.message);
});

Deno.test("parseBackupInput refuses a dbpath setting: the local database is Backup.DBPath", () => {
  for (const name of ["--dbpath", "dbpath", "--DBPath"]) {
    const settings = [{ Name: "passphrase", Value: "pw" }, { Name: name, Value: "/elsewhere.sqlite" }];
    const error = assertThrows(() => parseBackupInput(body({ Settings: settings }), ENV), HttpError);
    assertEquals([error.status, error.details.field], [400, "Backup.Settings[1].Name"], name);
    assertEquals(error.message.includes("Backup.DBPath"), true, error.message);
  }
});
