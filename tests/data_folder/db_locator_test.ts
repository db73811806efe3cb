import { join } from "node:path";
import { type DbLookup, findDatabase, randomDatabaseName } from "../../lib/data_folder/db_locator.ts";
import { parseTargetUrl } from "../../lib/backends/target_url.ts";
import { UserInputError } from "../../lib/core/errors.ts";
import { assert, assertEquals, assertMatch, assertThrows } from "../support/assert.ts";

const BOM = "\uFEFF";

function withDataFolder(body: (folder: string) => void): void {
  const folder = Deno.makeTempDirSync({ prefix: "db_locator_test_" });
  try {
    body(folder);
  } finally {
    Deno.removeSync(folder, { recursive: true });
  }
}

function lookup(url: string, extra: Partial<DbLookup> = {}): DbLookup {
  return { url: parseTargetUrl(url, { cwd: "/work", os: "linux" }), prefix: "duplicati", ...extra };
}

function readConfig(folder: string): string {
  return new TextDecoder().decode(Deno.readFileSync(join(folder, "dbconfig.json")));
}

function entry(folder: string, fields: Record<string, unknown>) {
  return {
    Type: "file",
    Server: "",
    Path: "/backup",
    Prefix: "duplicati",
    Username: null,
    Port: -1,
    Databasepath: join(folder, "AAAAAAAAAA.sqlite"),
    ParameterFile: null,
    IsSyncDb: false,
    ...fields,
  };
}

function writeConfig(folder: string, entries: unknown[]): void {
  Deno.writeTextFileSync(join(folder, "dbconfig.json"), BOM + JSON.stringify(entries, null, 2));
}

Deno.test("findDatabase() without dbconfig.json returns undefined and writes nothing", () => {
  withDataFolder((folder) => {
    assertEquals(findDatabase(folder, lookup("file:///backup")), undefined);
    assertEquals([...Deno.readDirSync(folder)].length, 0);
  });
});

Deno.test("findDatabase() with create writes Duplicati's exact dbconfig.json", () => {
  withDataFolder((folder) => {
    const path = findDatabase(folder, lookup("ssh://alice:secret@host.example:2222/dir/sub"), {
      create: true,
      random: () => "QWERTYUIOP",
    });
    assertEquals(path, join(folder, "QWERTYUIOP.sqlite"));
    const bytes = Deno.readFileSync(join(folder, "dbconfig.json"));
    assertEquals([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const expected = [
      "[",
      "  {",
      '    "Type": "ssh",',
      '    "Server": "host.example",',
      '    "Path": "dir/sub",',
      '    "Prefix": "duplicati",',
      '    "Username": "alice",',
      '    "Port": 2222,',
      `    "Databasepath": ${JSON.stringify(join(folder, "QWERTYUIOP.sqlite"))},`,
      '    "ParameterFile": null,',
      '    "IsSyncDb": false',
      "  }",
      "]",
    ].join(Deno.build.os === "windows" ? "\r\n" : "\n");
    assertEquals(readConfig(folder), expected);
    assert(!readConfig(folder).includes("secret"));
    if (Deno.build.os !== "windows") assertEquals(Deno.statSync(join(folder, "dbconfig.json")).mode! & 0o777, 0o600);
    assertEquals([...Deno.readDirSync(folder)].map((e) => e.name), ["dbconfig.json"]);
    assertEquals(findDatabase(folder, lookup("ssh://alice@host.example:2222/dir/sub")), path);
  });
});

Deno.test("findDatabase() appends to existing entries and keeps their unknown fields", () => {
  withDataFolder((folder) => {
    const old = { ...entry(folder, { Path: "/other" }), Extra: { kept: true } };
    delete (old as { IsSyncDb?: boolean }).IsSyncDb;
    writeConfig(folder, [old]);
    const path = findDatabase(folder, lookup("/backup"), { create: true, random: () => "ZXCVBNMASD" });
    assertEquals(path, join(folder, "ZXCVBNMASD.sqlite"));
    const written = JSON.parse(readConfig(folder)) as Record<string, unknown>[];
    assertEquals(written, [
      { ...entry(folder, { Path: "/other" }), Extra: { kept: true } },
      entry(folder, { Databasepath: join(folder, "ZXCVBNMASD.sqlite") }),
    ]);
    assertEquals(Object.keys(written[0]!), [
      "Type",
      "Server",
      "Path",
      "Prefix",
      "Username",
      "Port",
      "Databasepath",
      "ParameterFile",
      "IsSyncDb",
      "Extra",
    ]);
  });
});

Deno.test("findDatabase() matches on every key field and leaves the file untouched", () => {
  withDataFolder((folder) => {
    const entries = [
      entry(folder, { Databasepath: "/db/plain.sqlite" }),
      entry(folder, { Prefix: "other", Databasepath: "/db/prefix.sqlite" }),
      entry(folder, { Username: "bob", Databasepath: "/db/bob.sqlite" }),
      entry(folder, { IsSyncDb: true, Databasepath: "/db/sync.sqlite" }),
      entry(folder, { Type: "ssh", Server: "h", Path: "p", Port: 22, Databasepath: "/db/ssh22.sqlite" }),
      entry(folder, { Type: "ssh", Server: "h", Path: "p", Port: -1, Databasepath: "/db/ssh.sqlite" }),
      entry(folder, { Type: "s3", Server: "bucket", Path: "prefix", Databasepath: "/db/s3.sqlite" }),
    ];
    writeConfig(folder, entries);
    const before = Deno.readFileSync(join(folder, "dbconfig.json"));
    const find = (url: string, extra: Partial<DbLookup> = {}) =>
      findDatabase(folder, lookup(url, extra), { create: true });
    assertEquals(find("file:///backup"), "/db/plain.sqlite");
    assertEquals(find("/backup", { prefix: "other" }), "/db/prefix.sqlite");
    assertEquals(find("file:///backup", { username: "bob" }), "/db/bob.sqlite");
    assertEquals(find("file:///backup", { isSyncDb: true }), "/db/sync.sqlite");
    assertEquals(find("ssh://h:22/p"), "/db/ssh22.sqlite");
    assertEquals(find("ssh://h/p"), "/db/ssh.sqlite");
    assertEquals(find("s3://bucket/prefix?auth-password=x"), "/db/s3.sqlite");
    assertEquals(Deno.readFileSync(join(folder, "dbconfig.json")), before);
    const created = find("ssh://bob@h/p");
    assertEquals(created?.startsWith(folder), true);
    assertEquals((JSON.parse(readConfig(folder)) as unknown[]).length, entries.length + 1);
  });
});

Deno.test("findDatabase() prefers the URL's user name over the option", () => {
  withDataFolder((folder) => {
    writeConfig(folder, [entry(folder, { Username: "option-user", Databasepath: "/db/option.sqlite" })]);
    assertEquals(findDatabase(folder, lookup("/backup", { username: "option-user" })), "/db/option.sqlite");
    const ssh = [entry(folder, { Type: "ssh", Server: "h", Path: "p", Username: "u", Databasepath: "/db/u.sqlite" })];
    writeConfig(folder, ssh);
    assertEquals(
      findDatabase(folder, lookup("ssh://u@h/p", { username: "option-user" }), { anyUsername: false }),
      "/db/u.sqlite",
    );
    assertEquals(findDatabase(folder, lookup("ssh://h/p", { username: "option-user" })), undefined);
  });
});

Deno.test("findDatabase() refuses several matching entries", () => {
  withDataFolder((folder) => {
    writeConfig(folder, [entry(folder, {}), entry(folder, { Databasepath: "/db/second.sqlite" })]);
    const error = assertThrows(() => findDatabase(folder, lookup("file:///backup")), UserInputError);
    assertEquals(
      error.message,
      'Cannot choose a local database for "file:///backup": multiple entries in dbconfig.json match',
    );
  });
});

Deno.test("findDatabase() read-only lookups without a user name ignore user and sync flag on a second pass", () => {
  withDataFolder((folder) => {
    const ssh = { Type: "ssh", Server: "h", Path: "p" };
    writeConfig(folder, [entry(folder, { ...ssh, Username: "bob", IsSyncDb: true, Databasepath: "/db/bob.sqlite" })]);
    assertEquals(findDatabase(folder, lookup("ssh://h/p")), "/db/bob.sqlite");
    assertEquals(findDatabase(folder, lookup("ssh://h/p"), { anyUsername: false }), undefined);
    assertEquals(findDatabase(folder, lookup("ssh://carol@h/p")), undefined);
    const created = findDatabase(folder, lookup("ssh://h/p"), { create: true, random: () => "NEWNEWNEWN" });
    assertEquals(created, join(folder, "NEWNEWNEWN.sqlite"));

    writeConfig(folder, [
      entry(folder, { ...ssh, Username: "bob", Databasepath: "/db/bob.sqlite" }),
      entry(folder, { ...ssh, Username: "eve", Databasepath: "/db/eve.sqlite" }),
    ]);
    const error = assertThrows(() => findDatabase(folder, lookup("ssh://h/p")), UserInputError);
    assertEquals(
      error.message,
      'Cannot choose a local database for "ssh://h/p": multiple entries in dbconfig.json match, try supplying --auth-username',
    );
  });
});

Deno.test("findDatabase() names a new database after --backup-name without invalid characters", () => {
  withDataFolder((folder) => {
    const create = (url: string, backupName: string) =>
      findDatabase(folder, lookup(url), { create: true, backupName, random: () => "RANDOMNAME" });
    assertEquals(create("/a", 'My/Backup: "daily"?'), join(folder, "MyBackup daily.sqlite"));
    assertEquals(create("/b", "My/Backup: daily"), join(folder, "RANDOMNAME.sqlite"));
    Deno.writeTextFileSync(join(folder, "taken.sqlite"), "");
    let n = 0;
    const next = () => `NAME${n++}XXXXX`;
    assertEquals(
      findDatabase(folder, lookup("/c"), { create: true, backupName: "taken", random: next }),
      join(folder, "NAME0XXXXX.sqlite"),
    );
    assertEquals(
      findDatabase(folder, lookup("/d"), { create: true, backupName: "/:*", random: next }),
      join(folder, "NAME1XXXXX.sqlite"),
    );
    assertEquals(
      findDatabase(folder, lookup("/e"), { create: true, backupName: "MyBackup daily", random: next }),
      join(folder, "NAME2XXXXX.sqlite"),
    );
  });
});

Deno.test("findDatabase() gives up after 100 taken random names", () => {
  withDataFolder((folder) => {
    Deno.writeTextFileSync(join(folder, "SAMESAMESA.sqlite"), "");
    const error = assertThrows(
      () => findDatabase(folder, lookup("/x"), { create: true, random: () => "SAMESAMESA" }),
      UserInputError,
    );
    assertMatch(error.message, /no unique name found, use --dbpath$/);
  });
});

Deno.test("findDatabase() creates the data folder when it has to write", () => {
  withDataFolder((root) => {
    const folder = join(root, "new", "Duplicati");
    const path = findDatabase(folder, lookup("/x"), { create: true, random: () => "ABCDEFGHIJ" });
    assertEquals(path, join(folder, "ABCDEFGHIJ.sqlite"));
    if (Deno.build.os !== "windows") assertEquals(Deno.statSync(folder).mode! & 0o777, 0o700);
  });
});

Deno.test("findDatabase() resolves a relative Databasepath against the data folder", () => {
  withDataFolder((folder) => {
    writeConfig(folder, [entry(folder, { Databasepath: "REL.sqlite" })]);
    assertEquals(findDatabase(folder, lookup("/backup")), join(folder, "REL.sqlite"));
  });
});

Deno.test("findDatabase() reports a damaged dbconfig.json as UserInputError", () => {
  withDataFolder((folder) => {
    Deno.writeTextFileSync(join(folder, "dbconfig.json"), "{ not json");
    assertThrows(() => findDatabase(folder, lookup("/x")), UserInputError, "dbconfig.json");
    Deno.writeTextFileSync(join(folder, "dbconfig.json"), '{"Type":"file"}');
    assertThrows(() => findDatabase(folder, lookup("/x")), UserInputError, "expected a JSON array");
    Deno.writeTextFileSync(join(folder, "dbconfig.json"), '[{"Type":"file"}]');
    assertThrows(() => findDatabase(folder, lookup("/x")), UserInputError, 'entry 0 has no string field "Path"');
  });
});

Deno.test("randomDatabaseName() gives ten uppercase letters", () => {
  const names = new Set(Array.from({ length: 50 }, randomDatabaseName));
  for (const name of names) assertMatch(name, /^[A-Z]{10}$/);
  assert(names.size > 45);
});
