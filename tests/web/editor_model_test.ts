/**
 * The backup editor's pure parts without a browser: stored backup → model → request body changes nothing the user
 * did not change (masked secrets, setting order and Filters, unknown settings, exact schedule Time and day list);
 * each edit changes exactly its own settings; a new backup from the server's defaults; destination URL fields;
 * the passphrase estimator and generator; value checks; the schedule preview.
 * @module
 */
import type { BackupEnvelope } from "../../lib/server/api_types.ts";
import { PASSWORD_PLACEHOLDER } from "../../lib/server/api_types.ts";
import { buildDestination, destinationProblems, parseDestination } from "../../web/src/pages/editor/backend_fields.ts";
import { modelFromDefaults, modelFromEnvelope } from "../../web/src/pages/editor/from_envelope.ts";
import type { EditorModel } from "../../web/src/pages/editor/model.ts";
import { normalizeDraft } from "../../web/src/pages/editor/import_draft.ts";
import { generatePassphrase, PASSPHRASE_ALPHABET } from "../../web/src/pages/editor/passphrase_generator.ts";
import { estimateStrength } from "../../web/src/pages/editor/passphrase_strength.ts";
import { localInstant, nextRuns } from "../../web/src/pages/editor/schedule_preview.ts";
import { toEnvelope } from "../../web/src/pages/editor/to_envelope.ts";
import {
  describeRetentionPolicy,
  retentionPolicyProblem,
  sizeProblem,
  timespanProblem,
} from "../../web/src/pages/editor/value_checks.ts";
import { assert, assertEquals } from "../support/assert.ts";

const NOW = new Date(2025, 2, 10, 9, 30);

function stored(): BackupEnvelope {
  return {
    Backup: {
      ID: "7",
      ExternalID: "ext-1",
      Name: "Documents ",
      Description: "My files",
      Tags: ["work"],
      TargetURL: `ftp://john:${PASSWORD_PLACEHOLDER}@example.com:2121/backups?auth-password=${PASSWORD_PLACEHOLDER}`,
      ConnectionStringID: -1,
      OperationType: "Backup",
      DBPath: "/data/ABC.sqlite",
      DBPathExists: true,
      Sources: ["/home/john/Documents/", "/home/john/notes.txt"],
      Settings: [
        { Filter: "", Name: "encryption-module", Value: "aes", Argument: null },
        { Filter: "", Name: "compression-module", Value: "zip", Argument: null },
        { Filter: "", Name: "dblock-size", Value: "100mb", Argument: null },
        { Filter: "", Name: "passphrase", Value: PASSWORD_PLACEHOLDER, Argument: null },
        { Filter: "", Name: "keep-time", Value: "3M", Argument: null },
        { Filter: "ftp", Name: "--ftp-passive", Value: "true", Argument: null },
        { Filter: "", Name: "--zip-compression-level", Value: "9", Argument: null },
        { Filter: "", Name: "--exclude-files-attributes", Value: "hidden,system", Argument: null },
        { Filter: "", Name: "--unknown-thing", Value: "x", Argument: null },
        { Filter: "", Name: "--skip-files-larger-than", Value: "2GB", Argument: null },
      ],
      Filters: [
        { Order: 3, Include: false, Expression: "*.tmp" },
        { Order: 1, Include: true, Expression: "{DefaultExcludes}" },
      ],
      Metadata: { LastBackupDate: "20250301T100000Z" },
      IsTemporary: false,
      IsUnencryptedOrPassphraseStored: true,
      AdditionalTargetURLs: [],
    },
    Schedule: {
      ID: 7,
      Tags: ["ID=7"],
      Time: "2025-03-09T12:00:17Z",
      Repeat: "1D",
      LastRun: "2025-03-09T12:00:20Z",
      Rule: "",
      AllowedDays: [],
    },
    DisplayNames: { "/home/john/Documents/": "Documents" },
  };
}

function edit(patch: Partial<EditorModel>) {
  const base = stored();
  return toEnvelope({ ...modelFromEnvelope(base, NOW), ...patch }, base);
}

Deno.test("editor model: load → save without changes sends the stored backup back unchanged", () => {
  const base = stored();
  const body = toEnvelope(modelFromEnvelope(base, NOW), base);
  assertEquals(body.Backup, base.Backup);
  assertEquals(body.Schedule, base.Schedule);
});

Deno.test("editor model: a loaded backup fills every model field", () => {
  const model = modelFromEnvelope(stored(), NOW);
  assertEquals(model.encryption, "aes");
  assertEquals(model.passphrase, PASSWORD_PLACEHOLDER);
  assertEquals(model.backend, "ftp");
  assertEquals(model.volumeSize, "100mb");
  assertEquals(model.retention, { kind: "time", time: "3M" });
  assertEquals(model.filters, [{ include: true, expression: "{DefaultExcludes}" }, {
    include: false,
    expression: "*.tmp",
  }]);
  assertEquals(model.excludeAttributes, ["hidden", "system"]);
  assertEquals(model.skipFilesLargerThan, "2GB");
  assertEquals(model.advanced, { "zip-compression-level": "9", "unknown-thing": "x" });
  assertEquals(model.allowedDays.length, 7, "an empty day list means every day");
  assertEquals(model.repeat, "1D");
});

Deno.test("editor model: each edit changes only its own settings, in place", () => {
  const names = (body: ReturnType<typeof edit>) => body.Backup.Settings.map((s) => `${s.Name}=${s.Value}`);
  const original = stored().Backup.Settings.map((s) => `${s.Name}=${s.Value}`);

  assertEquals(edit({ name: "Docs" }).Backup.Name, "Docs");
  assertEquals(names(edit({ name: "Docs" })), original);

  const versions = names(edit({ retention: { kind: "versions", versions: "5" } }));
  assertEquals(versions[4], "keep-versions=5", "the new retention takes the old one's place");
  assert(!versions.some((s) => s.startsWith("keep-time")));

  const smart = names(edit({ retention: { kind: "smart" } }));
  assertEquals(smart[4], "retention-policy=1W:1D,4W:1W,12M:1M");

  const all = names(edit({ retention: { kind: "all" } }));
  assertEquals(all.length, original.length - 1);

  const volume = names(edit({ volumeSize: "1GB" }));
  assertEquals(volume[2], "dblock-size=1GB");

  const advanced = edit({ advanced: { "zip-compression-level": "1", "number-of-retries": "3" } }).Backup.Settings;
  assertEquals(advanced.find((s) => s.Name === "--zip-compression-level")?.Value, "1");
  assertEquals(advanced.at(-1), { Filter: "", Name: "--number-of-retries", Value: "3" });
  assert(!advanced.some((s) => s.Name === "--unknown-thing"), "a removed option is gone");
  assert(advanced.some((s) => s.Name === "--ftp-passive" && s.Filter === "ftp"), "filtered settings stay");

  const passphrase = edit({ passphrase: "new secret", passphraseRepeat: "new secret" }).Backup.Settings;
  assertEquals(passphrase[3], { Filter: "", Name: "passphrase", Value: "new secret" });

  const attrs = names(edit({ excludeAttributes: [], skipFilesLargerThan: "" }));
  assert(!attrs.some((s) => s.startsWith("--exclude-files-attributes") || s.startsWith("--skip-files")));

  const filters = edit({ filters: [{ include: false, expression: "*.bak" }] }).Backup.Filters;
  assertEquals(filters, [{ Order: 0, Include: false, Expression: "*.bak" }]);
});

Deno.test("editor model: schedule edits change Time and days; turning it off sends null", () => {
  const time = edit({ scheduleDate: "2025-03-12", scheduleTime: "18:45" });
  assertEquals(time.Schedule?.Time, localInstant("2025-03-12", "18:45")!.toISOString().replace(".000Z", "Z"));
  assertEquals(time.Schedule?.AllowedDays, [], "untouched days stay as stored");
  const days = edit({ allowedDays: ["sat", "mon"] });
  assertEquals(days.Schedule?.AllowedDays, ["mon", "sat"]);
  assertEquals(days.Schedule?.Time, "2025-03-09T12:00:17Z", "untouched time stays exact");
  assertEquals(edit({ repeat: "1W" }).Schedule?.Repeat, "1W");
  assertEquals(edit({ scheduleEnabled: false }).Schedule, null);
});

Deno.test("editor model: a new backup from the server's defaults", () => {
  const defaults = {
    Backup: { Settings: [{ Name: "encryption-module", Value: "aes" }, { Name: "keep-time", Value: "" }] },
    Schedule: { Repeat: "1D", Time: "13:00:00", AllowedDays: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] },
  } as const;
  const model = modelFromDefaults(defaults, NOW);
  assertEquals(model.encryption, "aes");
  assertEquals(model.retention, { kind: "all" });
  assertEquals([model.scheduleDate, model.scheduleTime], ["2025-03-10", "13:00"], "later today");
  assertEquals(modelFromDefaults(defaults, new Date(2025, 2, 10, 14, 0)).scheduleDate, "2025-03-11", "or tomorrow");
  const body = toEnvelope({
    ...model,
    name: "New",
    passphrase: "pw",
    passphraseRepeat: "pw",
    targetUrl: "file:///backups/new",
    sources: ["/home/"],
    retention: { kind: "versions", versions: "4" },
    advanced: { "upload-verification-file": "true" },
  });
  assertEquals(body.Backup.Settings.map((s) => [s.Name, s.Value]), [
    ["encryption-module", "aes"],
    ["passphrase", "pw"],
    ["dblock-size", "50MB"],
    ["keep-versions", "4"],
    ["--upload-verification-file", "true"],
  ]);
  assertEquals(body.Schedule?.Repeat, "1D");
  const plain = toEnvelope({ ...model, encryption: "", name: "x", targetUrl: "/b", sources: ["/a/"] });
  assertEquals(plain.Backup.Settings.slice(0, 2).map((s) => [s.Name, s.Value]), [
    ["encryption-module", ""],
    ["--no-encryption", "true"],
  ]);
  assert(!plain.Backup.Settings.some((s) => s.Name === "passphrase"));
});

Deno.test("editor model: destination URLs round-trip through the fields", () => {
  const urls = [
    "file:///backups/my%25folder%3Fx",
    "file:///home/john/backup?disable-length-verification=true",
    "ftp://john%40work:p%40ss%2Bw@example.com:2121/backups/a%20b?auth-password=x",
    `ssh://me:${PASSWORD_PLACEHOLDER}@[::1]:22/data`,
  ];
  for (const url of urls) assertEquals(buildDestination(parseDestination(url)), url);
  const ftp = parseDestination(urls[2]!);
  assertEquals([ftp.username, ftp.password, ftp.server, ftp.port, ftp.path], [
    "john@work",
    "p@ss+w",
    "example.com",
    "2121",
    "backups/a b",
  ]);
  assertEquals(parseDestination("/srv/backup").path, "/srv/backup");
  assertEquals(buildDestination({ ...parseDestination(""), path: "/srv/b" }), "file:///srv/b");
  assertEquals(destinationProblems(parseDestination("")).path, "Choose the folder to store the backup in.");
  assert(destinationProblems({ ...parseDestination("ftp://x/"), port: "99999" }).port !== undefined);
});

Deno.test("editor model: passphrase strength and generator", () => {
  assertEquals(estimateStrength("").level, "empty");
  assertEquals(estimateStrength("password123").level, "weak");
  assert(estimateStrength("password123").reasons.some((r) => r.includes("common password")));
  assertEquals(estimateStrength("aaaaaaaaaaaaaaaa").level, "weak");
  assertEquals(estimateStrength("abcdefghijklmnop").level, "weak");
  assertEquals(estimateStrength("Tr0ub4dor&3").level, "fair");
  assertEquals(estimateStrength("kT7#vQ2m!Lp9@wX4zR").level, "strong");
  const generated = generatePassphrase();
  assertEquals(generated.length, 24);
  assert([...generated].every((c) => PASSPHRASE_ALPHABET.includes(c)));
  assertEquals(estimateStrength(generated).level, "strong");
  assert(generatePassphrase() !== generated);
});

Deno.test("editor model: value checks and schedule preview", () => {
  assertEquals(sizeProblem("50MB"), undefined);
  assert(sizeProblem("50 parsecs")!.includes("not a size"));
  assertEquals(timespanProblem("3M", { positive: true }), undefined);
  assert(timespanProblem("3d")!.includes('did you mean "D"'));
  assertEquals(retentionPolicyProblem("1W:1D,4W:1W,12M:1M"), undefined);
  assert(retentionPolicyProblem("1W") !== undefined);
  assertEquals(describeRetentionPolicy("1W:1D,U:1M")[1], "After that, forever: keep one version every 1 month.");
  const anchor = new Date(2025, 2, 10, 13, 0); // a Monday
  const daily = nextRuns({ anchor, repeat: "1D", days: ["mon", "wed"] }, { now: NOW.getTime(), count: 3 });
  assertEquals(daily.map((d) => d.getDate()), [10, 12, 17]);
  const hourly = nextRuns({ anchor, repeat: "1h", days: [] }, { now: anchor.getTime() + 1, count: 2 });
  assertEquals(hourly.map((d) => d.getHours()), [14, 15]);
  assertEquals(nextRuns({ anchor, repeat: "x", days: [] }, { now: 0, count: 2 }), []);
});

Deno.test("editor model: an imported configuration (export file shape) opens as the base of a new backup", () => {
  const draft = normalizeDraft({
    CreatedByVersion: "2.1.0.5",
    Backup: {
      ID: null,
      Name: "Imported",
      TargetURL: "file:///backups/imported",
      DBPath: "",
      Sources: ["/home/me/"],
      Settings: [{ Filter: "", Name: "passphrase", Value: "from file", Argument: null }, { Name: "--x", Value: 5 }],
      Filters: [{ Order: 0, Include: false, Expression: "*.iso" }],
      Metadata: {},
    },
    Schedule: { Time: "2020-01-01T08:00:00Z", Repeat: "1W", Rule: "AllowedWeekDays=Monday,Friday", AllowedDays: null },
  })!;
  assertEquals(draft.Schedule?.AllowedDays, ["mon", "fri"]);
  assertEquals(draft.Backup.Settings[1], { Filter: "", Name: "--x", Value: "5" });
  const model = modelFromEnvelope(draft, NOW);
  assertEquals([model.passphrase, model.passphraseRepeat, model.advanced.x], ["from file", "from file", "5"]);
  const body = toEnvelope(model, draft);
  assertEquals(body.Backup.Settings, draft.Backup.Settings);
  assertEquals(body.Backup.Filters, draft.Backup.Filters);
  assertEquals(body.Schedule?.AllowedDays, ["mon", "fri"]);
  assertEquals(normalizeDraft({ nothing: true }), undefined);
});
