import { createApp } from "../../../lib/server/app.ts";
import { join } from "node:path";
import { writeDbConfig } from "../../../lib/data_folder/dbconfig_file.ts";
import { type DbPathDto, PASSWORD_PLACEHOLDER } from "../../../lib/server/api_types.ts";
import { assert, assertEquals, assertStringIncludes } from "../../support/assert.ts";
import { assertNeedsToken, callJson, fakeServerDeps, memoryStore } from "../../support/fake_server_deps.ts";

type ErrorAnswer = { Error: string; Code: number; Reason?: string; Field?: string };

async function withSetup(body: (env: ReturnType<typeof setupIn>) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    using env = setupIn(dir);
    await body(env);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function setupIn(dir: string) {
  const dataFolder = join(dir, "data");
  const fake = fakeServerDeps({ dataFolder, store: memoryStore({ dataFolder }) });
  const app = createApp(fake.deps);
  const post = (path: string, body: unknown) =>
    callJson(app, `/api/v1/remoteoperation/${path}`, { method: "POST", body });
  return { ...fake, dir, app, post };
}

function fileUrl(path: string): string {
  return `file://${path}`;
}

Deno.test("POST /remoteoperation/test answers OK for a readable destination folder", () =>
  withSetup(async ({ dir, post }) => {
    await Deno.writeTextFile(join(dir, "duplicati-20240101T000000Z.dlist.zip"), "x");
    assertEquals(await post("test", { path: fileUrl(dir) }), { status: 200, body: { Status: "OK" } });
    assertEquals(await post("test", { path: dir }), { status: 200, body: { Status: "OK" } });
  }));

Deno.test("POST /remoteoperation/test reports a missing folder, and creates it with autocreate", () =>
  withSetup(async ({ dir, post }) => {
    const target = join(dir, "new", "folder");
    const missing = await post("test", { path: fileUrl(target) });
    assertEquals(missing.status, 400);
    assertEquals((missing.body as ErrorAnswer).Reason, "folder-missing");
    assertStringIncludes((missing.body as ErrorAnswer).Error, target);
    const readOnly = await post("test?autocreate=true&readOnlyTest=true", { path: fileUrl(target) });
    assertEquals((readOnly.body as ErrorAnswer).Reason, "folder-missing");
    assertEquals(await Deno.stat(target).then(() => true, () => false), false);
    assertEquals(await post("test?autocreate=true", { path: fileUrl(target) }), {
      status: 200,
      body: { Status: "OK" },
    });
    assert((await Deno.stat(target)).isDirectory);
  }));

Deno.test("POST /remoteoperation/test rejects bad URLs and bodies naming the field", () =>
  withSetup(async ({ post, app }) => {
    const cases: [unknown, string][] = [
      [{}, "path"],
      [{ path: 5 }, "path"],
      [{ path: "" }, "path"],
      [{ path: "nosuchscheme://host/folder" }, "path"],
      [{ path: "s3:///no-bucket" }, "path"],
      [{ path: "file:///x?passphrase=" + PASSWORD_PLACEHOLDER }, "path"],
      [[1], "body"],
    ];
    for (const [body, field] of cases) {
      const { status, body: answer } = await post("test", body);
      assertEquals(status, 400, JSON.stringify(body));
      assertEquals((answer as ErrorAnswer).Field, field, JSON.stringify(body));
    }
    const scheme = (await post("test", { path: "nosuchscheme://host/folder" })).body as ErrorAnswer;
    assertStringIncludes(scheme.Error, `"nosuchscheme"`);
    const badJson = await callJson(app, "/api/v1/remoteoperation/test", { method: "POST", body: "{" });
    assertEquals([badJson.status, (badJson.body as ErrorAnswer).Reason], [400, "invalid-json"]);
    const badQuery = await post("test?autocreate=sometimes", { path: "/tmp" });
    assertEquals([badQuery.status, (badQuery.body as ErrorAnswer).Field], [400, "autocreate"]);
  }));

Deno.test("POST /remoteoperation/test passes on the backend's message when the destination fails", () =>
  withSetup(async ({ dir, post }) => {
    const file = join(dir, "not-a-folder");
    await Deno.writeTextFile(file, "x");
    const { status, body } = await post("test", { path: fileUrl(file) });
    assertEquals(status, 400);
    assertStringIncludes((body as ErrorAnswer).Error, "Cannot connect to");
    assertStringIncludes((body as ErrorAnswer).Error, file);
  }));

Deno.test("POST /remoteoperation/test fills in stored credentials for the placeholder", () =>
  withSetup(async ({ dir, post, store }) => {
    const backup = store.createBackup({
      name: "b",
      description: "",
      tags: [],
      targetUrl: `${fileUrl(dir)}?auth-password=s3cret`,
      externalId: null,
      sources: [],
      settings: [],
      filters: [],
    });
    const masked = `${fileUrl(dir)}?auth-password=${PASSWORD_PLACEHOLDER}`;
    assertEquals((await post("test", { path: masked, backupId: String(backup.id) })).status, 200);
    assertEquals((await post("test", { path: masked, backupId: backup.id })).status, 200);
    const noId = await post("test", { path: masked });
    assertEquals([noId.status, (noId.body as ErrorAnswer).Field], [400, "path"]);
    assertEquals((await post("test", { path: masked, backupId: "999" })).status, 404);
    const other = `${fileUrl(dir)}?ftp-password=${PASSWORD_PLACEHOLDER}`;
    const unfilled = await post("test", { path: other, backupId: backup.id });
    assertEquals([unfilled.status, (unfilled.body as ErrorAnswer).Field], [400, "path"]);
    // The percent-encoded placeholder (as a browser may send it) also needs the backup and is filled in.
    const encoded = `${fileUrl(dir)}?auth-password=${"%2A".repeat(15)}`;
    assertEquals((await post("test", { path: encoded, backupId: backup.id })).status, 200);
    const encodedNoId = await post("test", { path: encoded });
    assertEquals([encodedNoId.status, (encodedNoId.body as ErrorAnswer).Field], [400, "path"]);
  }));

Deno.test("POST /remoteoperation/create creates the destination folder", () =>
  withSetup(async ({ dir, post }) => {
    const target = join(dir, "a", "b");
    assertEquals(await post("create", { path: fileUrl(target) }), { status: 200, body: { Status: "OK" } });
    assert((await Deno.stat(target)).isDirectory);
    const bad = await post("create", { path: "nosuchscheme://x/y" });
    assertEquals([bad.status, (bad.body as ErrorAnswer).Field], [400, "path"]);
  }));

Deno.test("POST /remoteoperation/dbpath finds the local database in dbconfig.json without creating one", () =>
  withSetup(async ({ dir, post, deps }) => {
    await Deno.mkdir(deps.info.dataFolder);
    const target = join(dir, "dest");
    writeDbConfig(deps.info.dataFolder, [{
      Type: "file",
      Server: "",
      Path: target,
      Prefix: "duplicati",
      Username: null,
      Port: -1,
      Databasepath: join(deps.info.dataFolder, "ABCDEFGHIJ.sqlite"),
      ParameterFile: null,
      IsSyncDb: false,
    }]);
    const found = await post("dbpath", { path: fileUrl(target) });
    assertEquals(found, {
      status: 200,
      body: { Exists: true, Path: join(deps.info.dataFolder, "ABCDEFGHIJ.sqlite") } satisfies DbPathDto,
    });
    const before = await Deno.readTextFile(join(deps.info.dataFolder, "dbconfig.json"));
    const none = await post("dbpath", { path: fileUrl(join(dir, "elsewhere")) });
    assertEquals(none, { status: 200, body: { Exists: false, Path: null } });
    assertEquals(await Deno.readTextFile(join(deps.info.dataFolder, "dbconfig.json")), before);
    const bad = await post("dbpath", { nopath: 1 });
    assertEquals([bad.status, (bad.body as ErrorAnswer).Field], [400, "path"]);
  }));

Deno.test("remote operation routes answer 401 without a token", async () => {
  await assertNeedsToken(createApp(fakeServerDeps().deps), [
    ["POST", "/remoteoperation/test"],
    ["POST", "/remoteoperation/create"],
    ["POST", "/remoteoperation/dbpath"],
  ]);
});
