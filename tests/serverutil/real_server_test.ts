/**
 * serverutil against the real `main.ts server` process: login, pause/resume, run --wait, export then import round
 * trip, list, delete, health, logout.
 */
import { join } from "node:path";
import { assert, assertEquals, assertStringIncludes } from "../support/assert.ts";
import { startServerProcess } from "../support/server_process.ts";
import { runUtil } from "./serverutil_helpers.ts";

type Json = Record<string, unknown>;

Deno.test("serverutil against a real server: pause/resume, run --wait, export and import round trip", async () => {
  const root = await Deno.makeTempDir({ prefix: "serverutil-real-" });
  const data = join(root, "data"), src = join(root, "src"), dest = join(root, "dest"), cwd = join(root, "cwd");
  Deno.mkdirSync(src);
  Deno.mkdirSync(dest);
  Deno.mkdirSync(cwd);
  Deno.writeTextFileSync(join(src, "a.txt"), "serverutil was here\n");
  const server = await startServerProcess([`--server-datafolder=${data}`, "--webservice-password=util-secret"], {
    signIn: false,
  });
  const host = ["--hosturl", server.baseUrl];
  const env = {
    dataFolder: data,
    cwd,
    sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, Math.min(ms, 200))),
  };
  try {
    const login = await runUtil(["login", ...host, "--password=util-secret"], env);
    assertEquals(login.code, 0, login.text);
    assertEquals(JSON.parse(Deno.readTextFileSync(join(data, "settings.json")))[0].HostUrl, `${server.baseUrl}/`);

    // From here on the stored login is used: no --password.
    const pause = await runUtil(["pause", "10m", ...host], env);
    assertEquals(pause.code, 0, pause.text);
    const paused = await runUtil(["status", "--json", ...host], env);
    assertEquals(JSON.parse(paused.out.join("\n")).ServerState, "Paused", paused.text);
    assertEquals((await runUtil(["resume", ...host], env)).code, 0);
    const resumed = await runUtil(["status", ...host], env);
    assertStringIncludes(resumed.text, "Server state: Running");

    const token = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ Password: "util-secret" }),
    }).then((r) => r.json()) as { AccessToken: string };
    const created = await fetch(`${server.baseUrl}/api/v1/backups`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token.AccessToken}` },
      body: JSON.stringify({
        Backup: {
          Name: "Documents",
          TargetURL: `file://${dest}`,
          Sources: [src + "/"],
          Settings: [{ Name: "passphrase", Value: "backup phrase" }],
        },
        Schedule: null,
      }),
    });
    assertEquals(created.status, 200, await created.clone().text());
    const id = String(((await created.json()) as Json).ID);

    const run = await runUtil(["run", "documents", "--wait", "--poll-interval=1", ...host], env);
    assertEquals(run.code, 0, run.text);
    assertStringIncludes(run.text, `Running backup Documents (ID: ${id})`);
    assertStringIncludes(run.text, "Backup status: Success");
    assert([...Deno.readDirSync(dest)].some((e) => e.name.endsWith(".dlist.zip.aes")), "the backup wrote a dlist");

    const exported = await runUtil(["export", id, "--encryption-passphrase=export phrase", ...host], env);
    assertEquals(exported.code, 0, exported.text);
    const file = join(cwd, `${id}-Documents.json.aes`);
    assertEquals(new TextDecoder().decode(Deno.readFileSync(file).subarray(0, 3)), "AES");

    const imported = await runUtil(["import", file, "export phrase", "--json", ...host], env);
    assertEquals(imported.code, 0, imported.text);
    const result = JSON.parse(imported.out.join("\n"));
    const newId = String(result.Imported.Id);
    assert(newId !== id);
    assertStringIncludes(String(result.Imported.Name), "Documents");

    const list = await runUtil(["list-backups", "--json", ...host], env);
    const backups = JSON.parse(list.out.join("\n")).Backups as { Id: string; Name: string }[];
    assertEquals(backups.map((b) => b.Id).sort(), [id, newId].sort());
    const original = await fetch(`${server.baseUrl}/api/v1/backup/${id}`, {
      headers: { authorization: `Bearer ${token.AccessToken}` },
    }).then((r) => r.json()) as { Backup: Json };
    const copy = await fetch(`${server.baseUrl}/api/v1/backup/${newId}`, {
      headers: { authorization: `Bearer ${token.AccessToken}` },
    }).then((r) => r.json()) as { Backup: Json };
    assertEquals(copy.Backup.Sources, original.Backup.Sources);
    assertEquals(copy.Backup.TargetURL, original.Backup.TargetURL);
    assertEquals(copy.Backup.IsUnencryptedOrPassphraseStored, original.Backup.IsUnencryptedOrPassphraseStored);

    const removed = await runUtil(["delete", newId, ...host], env);
    assertEquals(removed.code, 0, removed.text);
    const after = JSON.parse((await runUtil(["list-backups", "--json", ...host], env)).out.join("\n"));
    assertEquals(after.Backups.map((b: { Id: string }) => b.Id), [id]);
    assertEquals((await runUtil(["health", ...host], env)).code, 0);
    const logout = await runUtil(["logout", ...host], env);
    assertEquals(logout.code, 0, logout.text);
    const afterLogout = await runUtil(["status", ...host], env);
    assertEquals(afterLogout.code, 2, "no stored login and no password");
  } finally {
    assertEquals(await server.stop(), 0, server.output());
    await Deno.remove(root, { recursive: true });
  }
});
