/**
 * The real `server` process end to end: sign in with the printed link, create a backup of a generated folder to a
 * local destination through the API, run it, poll progress to completion, browse its files, restore one file and
 * compare bytes; then a clean SIGTERM stop (exit 0, lock released).
 */
import { join } from "node:path";
import { assert, assertEquals } from "../support/assert.ts";
import { REPO_ROOT } from "../support/run_main.ts";
import { startServerProcess } from "../support/server_process.ts";

type Json = Record<string, unknown>;

async function rawGet(port: number, request: { path: string; host: string; token: string }): Promise<string> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  const text = `GET ${request.path} HTTP/1.1\r\nHost: ${request.host}\r\nAuthorization: Bearer ${request.token}\r\n` +
    "Connection: close\r\n\r\n";
  await conn.write(new TextEncoder().encode(text));
  let answer = "";
  const buffer = new Uint8Array(4096);
  for (;;) {
    const n = await conn.read(buffer);
    if (n === null) break;
    answer += new TextDecoder().decode(buffer.subarray(0, n));
  }
  conn.close();
  return answer;
}

async function waitForTask(
  server: { api(m: string, p: string): Promise<{ status: number; body: unknown }> },
  id: number,
): Promise<{ task: Json; phases: Set<string> }> {
  const phases = new Set<string>();
  const deadline = Date.now() + 60_000;
  for (;;) {
    const progress = await server.api("GET", "/progressstate");
    if (progress.status === 200) phases.add(String((progress.body as Json).Phase));
    const task = await server.api("GET", `/task/${id}`);
    assertEquals(task.status, 200);
    const status = (task.body as Json).Status;
    if (status === "Completed" || status === "Failed") return { task: task.body as Json, phases };
    if (Date.now() > deadline) throw new Error(`Task ${id} did not finish: ${JSON.stringify(task.body)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

Deno.test("server: sign in, create, run, browse and restore a backup through the REST API", async () => {
  const root = await Deno.makeTempDir({ prefix: "dup-e2e-" });
  const data = join(root, "data"), src = join(root, "src"), dest = join(root, "dest"), out = join(root, "out");
  Deno.mkdirSync(join(src, "docs"), { recursive: true });
  Deno.mkdirSync(dest);
  const payload = new Uint8Array(300_000).map((_, i) => (i * 31 + (i >> 9)) & 0xff);
  Deno.writeFileSync(join(src, "docs", "report.bin"), payload);
  Deno.writeTextFileSync(join(src, "notes.txt"), "hello server\n");
  Deno.writeTextFileSync(join(src, "skip.tmp"), "filtered out\n");
  const logFile = join(root, "server.log");
  const server = await startServerProcess([
    `--server-datafolder=${data}`,
    `--log-file=${logFile}`,
    "--log-level=Verbose",
  ]);
  try {
    assertEquals(await fetch(`${server.baseUrl}/health`).then((r) => r.text()), "Healthy");
    const unauthorized = await fetch(`${server.baseUrl}/api/v1/backups`);
    assertEquals(unauthorized.status, 401);
    await unauthorized.body?.cancel();
    // fetch() cannot forge a Host header, so speak HTTP/1.1 over a socket as a DNS-rebinding page would.
    const rebinding = await rawGet(server.port, {
      path: "/api/v1/backups",
      host: `evil.example:${server.port}`,
      token: server.accessToken,
    });
    assert(rebinding.startsWith("HTTP/1.1 403"), rebinding);
    assert(rebinding.includes('{"Error":"Invalid hostname: evil.example","Code":403}'), rebinding);

    const created = await server.api("POST", "/backups", {
      Backup: {
        Name: "Documents",
        Description: "e2e",
        TargetURL: `file://${dest}`,
        Sources: [src + "/"],
        Settings: [{ Name: "passphrase", Value: "e2e secret phrase" }],
        Filters: [{ Order: 0, Include: false, Expression: "*.tmp" }],
      },
      Schedule: null,
    });
    assertEquals(created.status, 200, JSON.stringify(created.body));
    const id = String((created.body as Json).ID);

    const run = await server.api("POST", `/backup/${id}/run`);
    assertEquals(run.status, 200, JSON.stringify(run.body));
    const { task } = await waitForTask(server, Number((run.body as Json).ID));
    assertEquals(task.Status, "Completed", JSON.stringify(task));
    assertEquals((await server.api("GET", "/progressstate")).status, 404);

    const log = await server.api("GET", `/backup/${id}/log`);
    const result = JSON.parse(String(((log.body as Json[])[0]!).Message)) as Json;
    assertEquals([result.MainOperation, result.ParsedResult, result.ExitCode], ["Backup", "Success", 0]);
    const listed = await server.api("GET", "/backups");
    const metadata = ((listed.body as Json[])[0]!.Backup as Json).Metadata as Json;
    assertEquals([metadata.SourceFilesCount, metadata.BackupListCount], ["2", "1"]);

    const filesets = await server.api("GET", `/backup/${id}/filesets`);
    assertEquals((filesets.body as Json[]).length, 1);
    const time = String((filesets.body as Json[])[0]!.Time);
    const files = await server.api(
      "GET",
      `/backup/${id}/files?time=${encodeURIComponent(time)}&prefix-only=false&filter=${encodeURIComponent("*")}`,
    );
    assertEquals(files.status, 200, JSON.stringify(files.body));
    const paths = ((files.body as Json).Files as Json[]).map((f) => String(f.Path));
    assert(paths.includes(join(src, "docs", "report.bin")), paths.join(", "));
    assert(!paths.some((p) => p.endsWith("skip.tmp")), "the filter kept skip.tmp out");

    const restore = await server.api("POST", `/backup/${id}/restore`, {
      paths: [join(src, "docs", "report.bin")],
      time,
      restore_path: out,
      overwrite: false,
    });
    assertEquals(restore.status, 200, JSON.stringify(restore.body));
    const restored = await waitForTask(server, Number((restore.body as Json).ID));
    assertEquals(restored.task.Status, "Completed", JSON.stringify(restored.task));
    assertEquals(Deno.readFileSync(join(out, "report.bin")), payload);

    // The exported command line runs the CLI on the same local database; the server notices and re-reads it.
    const exported = await server.api("GET", `/backup/${id}/export-cmdline?export-passwords=true`);
    const command = String((exported.body as Json).Command);
    assert(command.startsWith("duplicati-cli backup "), command);
    Deno.writeTextFileSync(join(src, "notes.txt"), "changed by the command line\n");
    const shell = new Deno.Command("bash", {
      args: [
        "-c",
        `duplicati-cli() { "${Deno.execPath()}" run --allow-all "${REPO_ROOT}/main.ts" cli "$@"; }; ${command}`,
      ],
      env: { NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    });
    const cli = await shell.output();
    assertEquals(cli.code, 0, new TextDecoder().decode(cli.stdout) + new TextDecoder().decode(cli.stderr));
    const after = await server.api("GET", `/backup/${id}`);
    const afterMetadata = ((after.body as Json).Backup as Json).Metadata as Json;
    assertEquals(afterMetadata.BackupListCount, "2");
    const notes = await server.api("GET", `/backup/${id}/log`);
    assert(
      (notes.body as Json[]).some((row) => row.Type === "Information" && String(row.Message).includes("outside")),
      JSON.stringify(notes.body),
    );
  } finally {
    const code = await server.stop();
    assertEquals(code, 0, server.output());
    assert(!server.output().includes("e2e secret phrase"));
    // Secrets never reach the log file: not the passphrase, not the sign-in token, not the access token.
    const logged = Deno.readTextFileSync(logFile);
    assert(logged.includes("Server has started"), logged);
    const signin = server.output().match(/token=(\S+)/)![1]!;
    for (const secret of ["e2e secret phrase", signin, server.accessToken]) assert(!logged.includes(secret), secret);
    let lockGone = false;
    try {
      Deno.statSync(join(data, "server.lock"));
    } catch {
      lockGone = true;
    }
    assert(lockGone, "server.lock is removed on a clean stop");
    await Deno.remove(root, { recursive: true });
  }
});
