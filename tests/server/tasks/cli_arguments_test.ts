/**
 * A configured backup as CLI arguments: precedence, Duplicati's special settings, filters, secrets and quoting.
 * @module
 */
import { UserInputError } from "../../../lib/core/errors.ts";
import { assert, assertEquals, assertThrows } from "../../support/assert.ts";
import type { BackupConfig } from "../../../lib/server/config_store/model.ts";
import {
  backupArguments,
  buildCommandLine,
  quotePosix,
  quoteWindows,
} from "../../../lib/server/tasks/cli_arguments.ts";
import { specialFolders } from "../../../lib/server/special_folders.ts";
import { stripTargetUrlSecrets } from "../../../lib/server/url_secrets.ts";

function config(overrides: Partial<BackupConfig> = {}): BackupConfig {
  return {
    id: 7,
    name: "Photos",
    description: "",
    tags: [],
    targetUrl: "file:///mnt/backup",
    dbPath: "/data/ABCDEFGHIJ.sqlite",
    externalId: null,
    sources: ["/home/me/Photos", ""],
    settings: [],
    filters: [],
    metadata: {},
    ...overrides,
  };
}

Deno.test("global defaults come first, then first-class settings, advanced overrides, injected options, filters", () => {
  const args = backupArguments(
    config({
      settings: [
        { filter: "", name: "--dblock-size", value: "200mb" },
        { filter: "", name: "dblock-size", value: "50mb" },
        { filter: "", name: "passphrase", value: "pw" },
        { filter: "", name: "keep-versions", value: "3" },
        { filter: "", name: "--run-script-before", value: "/bin/true" },
      ],
      filters: [
        { order: 2, include: true, expression: "*.jpg" },
        { order: 1, include: false, expression: "*/cache/" },
        { order: 3, include: false, expression: "" },
      ],
    }),
    {
      globalOptions: [
        { filter: "", name: "--dblock-size", value: "10mb" },
        { filter: "", name: "--number-of-retries", value: "2" },
        { filter: "", name: "not-a-global", value: "x" },
      ],
      exportPasswords: true,
    },
  );
  assertEquals(args.url, "file:///mnt/backup");
  assertEquals(args.sources, ["/home/me/Photos"]);
  assertEquals(args.options, [
    "--dblock-size=10mb",
    "--number-of-retries=2",
    "--dblock-size=50mb",
    "--passphrase=pw",
    "--keep-versions=3",
    "--dblock-size=200mb",
    "--run-script-before=/bin/true",
    "--dbpath=/data/ABCDEFGHIJ.sqlite",
    "--backup-name=Photos",
    "--backup-id=DB-7",
    "--exclude=*/cache/",
    "--include=*.jpg",
  ]);
});

Deno.test("encryption-module empty means no encryption; zip compression and empty passphrases are left out", () => {
  const args = backupArguments(
    config({
      settings: [
        { filter: "", name: "encryption-module", value: "" },
        { filter: "", name: "compression-module", value: "zip" },
        { filter: "", name: "passphrase", value: "" },
        { filter: "", name: "--no-encryption", value: "true" },
      ],
    }),
    { globalOptions: [], exportPasswords: true },
  );
  assertEquals(args.options.slice(0, 2), ["--no-encryption=true", "--no-encryption=true"]);
  assert(!args.options.some((o) => o.startsWith("--compression-module") || o.startsWith("--passphrase")));
  const aes = backupArguments(config({ settings: [{ filter: "", name: "encryption-module", value: "aes" }] }), {
    globalOptions: [],
    exportPasswords: true,
  });
  assertEquals(aes.options[0], "--encryption-module=aes");
});

Deno.test("settings with a filter apply only to that backend scheme", () => {
  const settings = [
    { filter: "ssh", name: "--ssh-fingerprint", value: "abc" },
    { filter: "file", name: "--use-move-for-put", value: "true" },
  ];
  const args = backupArguments(config({ settings }), { globalOptions: [], exportPasswords: true });
  assertEquals(args.options[0], "--use-move-for-put=true");
  assert(!args.options.some((o) => o.startsWith("--ssh-fingerprint")));
});

Deno.test("without exportPasswords secrets and URL credentials are left out", () => {
  const backup = config({
    targetUrl: "ssh://me:p%40ss@host:22/dir?auth-username=me&auth-password=hunter2&ssh-fingerprint=xyz",
    settings: [
      { filter: "", name: "passphrase", value: "pw" },
      { filter: "", name: "auth-password", value: "hunter2" },
      { filter: "", name: "--ssh-keyfile-password", value: "k" },
      { filter: "", name: "auth-username", value: "me" },
    ],
  });
  const line = buildCommandLine(backup, { globalOptions: [], exportPasswords: false, os: "posix" });
  assertEquals(line.backend, "ssh://me@host:22/dir?auth-username=me&ssh-fingerprint=xyz");
  assertEquals(line.options.slice(0, 1), ["--auth-username=me"]);
  for (const secret of ["pw", "hunter2", "p%40ss", "--ssh-keyfile-password"]) {
    assert(!line.command.includes(`=${secret}`) && !line.command.includes(`:${secret}`), line.command);
  }
  assertEquals(stripTargetUrlSecrets("file:///x?passphrase=a&b=c"), "file:///x?b=c");
  assertEquals(stripTargetUrlSecrets("s3://bucket/p?aws-secret-access-key=z"), "s3://bucket/p");
});

Deno.test("commandLine quotes for a POSIX shell, names duplicati-cli and passes filters to backup only", () => {
  const backup = config({
    settings: [{ filter: "", name: "passphrase", value: `it's "$x"` }],
    filters: [{ order: 1, include: false, expression: "*.tmp" }],
  });
  const line = buildCommandLine(backup, { globalOptions: [], exportPasswords: true, os: "posix" });
  assertEquals(line.arguments, ["file:///mnt/backup", "/home/me/Photos"]);
  assertEquals(
    line.command,
    `duplicati-cli backup "file:///mnt/backup" "/home/me/Photos" --passphrase='it'\\''s "$x"' ` +
      `--dbpath="/data/ABCDEFGHIJ.sqlite" --backup-name="Photos" --backup-id="DB-7" --exclude="*.tmp"`,
  );
  const list = buildCommandLine(backup, { command: "list", globalOptions: [], exportPasswords: true, os: "posix" });
  assertEquals(list.arguments, ["file:///mnt/backup"]);
  assert(list.command.startsWith(`duplicati-cli list "file:///mnt/backup" --passphrase=`), list.command);
  assert(!list.options.some((o) => o.startsWith("--exclude")), "filters are for backup only");
});

Deno.test("quoting helpers", () => {
  assertEquals(quotePosix("plain text"), `"plain text"`);
  assertEquals(quotePosix("a!b"), `'a!b'`);
  assertEquals(quotePosix("it's $HOME"), `'it'\\''s $HOME'`);
  assertEquals(quoteWindows(`C:\\Program Files\\`), `"C:\\Program Files\\\\"`);
  assertEquals(quoteWindows(`say "hi"`), `"say \\"hi\\""`);
});

Deno.test("sources stored with a special-folder token are expanded; an unknown token is refused", () => {
  const home = specialFolders().find((f) => f.id === "%HOME%");
  if (home !== undefined) {
    const args = backupArguments(config({ sources: ["%HOME%/Photos/", "/srv/"] }), {
      globalOptions: [],
      exportPasswords: true,
    });
    assertEquals(args.sources, [`${home.path.replace(/[\\/]$/, "")}/Photos/`, "/srv/"]);
  }
  assertThrows(
    () => backupArguments(config({ sources: ["%NO_SUCH_FOLDER%/x/"] }), { globalOptions: [], exportPasswords: true }),
    UserInputError,
    '"%NO_SUCH_FOLDER%" does not exist',
  );
});

Deno.test("without exportPasswords a URL password holding @ is removed whole and bad escapes do not throw", () => {
  const at = buildCommandLine(config({ targetUrl: "ftp://user:p@ss@host/dir" }), {
    globalOptions: [],
    exportPasswords: false,
    os: "posix",
  });
  assertEquals(at.backend, "ftp://user@host/dir");
  assert(!at.command.includes("ss@"), at.command);
  const malformed = buildCommandLine(config({ targetUrl: "file:///mnt/backup?%E0=1&auth-password=x" }), {
    globalOptions: [],
    exportPasswords: false,
    os: "posix",
  });
  assertEquals(malformed.backend, "file:///mnt/backup?%E0=1");
});

Deno.test("a dbpath setting or global default is never passed: the database is always the backup's DBPath", () => {
  const args = backupArguments(
    config({
      settings: [{ filter: "", name: "--dbpath", value: "/elsewhere.sqlite" }, {
        filter: "",
        name: "dbpath",
        value: "/x.sqlite",
      }],
    }),
    { globalOptions: [{ filter: "", name: "--dbpath", value: "/global.sqlite" }], exportPasswords: true },
  );
  assertEquals(args.options.filter((o) => o.startsWith("--dbpath")), ["--dbpath=/data/ABCDEFGHIJ.sqlite"]);
});
