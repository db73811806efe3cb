/**
 * The real `server` process: HTTPS from PEM files, the DUPLICATI__ environment forms, one server per data folder
 * (exit 200), a pause that survives a restart, and SIGTERM while a backup runs: the task stops at a safe point,
 * the server exits 0 within seconds, and the next run completes the backup.
 */
import { join } from "node:path";
import { assert, assertEquals } from "../support/assert.ts";
import { REPO_ROOT } from "../support/run_main.ts";
import { startServerProcess } from "../support/server_process.ts";

type Json = Record<string, unknown>;

async function withRoot(fn: (root: string) => Promise<void>): Promise<void> {
  const root = await Deno.makeTempDir({ prefix: "dup-srv-" });
  try {
    await fn(root);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

Deno.test("server: HTTPS with a PEM certificate and key", async () => {
  await withRoot(async (root) => {
    const cert = join(root, "cert.pem"), key = join(root, "key.pem");
    const made = await new Deno.Command("openssl", {
      args: [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        key,
        "-out",
        cert,
        "-days",
        "2",
        "-subj",
        "/CN=localhost",
        "-addext",
        "subjectAltName=DNS:localhost,IP:127.0.0.1",
        "-addext",
        "basicConstraints=critical,CA:FALSE",
      ],
      stdout: "null",
      stderr: "null",
    }).output();
    assertEquals(made.code, 0);
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        `${REPO_ROOT}/main.ts`,
        "server",
        "--webservice-port=0",
        `--server-datafolder=${root}/data`,
        `--webservice-sslcertificatefile=${cert}`,
        `--webservice-sslcertificatekeyfile=${key}`,
      ],
      stdout: "piped",
      stderr: "inherit",
    }).spawn();
    const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    while (!/signin\.html\?token=\S+/.test(text)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
    }
    const port = Number(text.match(/port (\d+)/)![1]);
    assert(text.includes(`https://localhost:${port}/signin.html?token=`), text);
    const client = Deno.createHttpClient({ caCerts: [Deno.readTextFileSync(cert)] });
    const health = await fetch(`https://localhost:${port}/health`, { client });
    assertEquals(await health.text(), "Healthy");
    let plainFailed = false;
    try {
      const plain = await fetch(`http://127.0.0.1:${port}/health`);
      await plain.body?.cancel();
    } catch {
      plainFailed = true;
    }
    assert(plainFailed, "the port speaks HTTPS only");
    client.close();
    child.kill("SIGTERM");
    assertEquals((await child.status).code, 0);
    await reader.cancel();
  });
});

Deno.test("server: a second server on the same data folder exits 200; environment forms set options", async () => {
  await withRoot(async (root) => {
    const first = await startServerProcess([`--server-datafolder=${root}/data`]);
    try {
      const second = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", `${REPO_ROOT}/main.ts`, "server", "--webservice-port=0"],
        env: { DUPLICATI__SERVER_DATAFOLDER: `${root}/data`, NO_COLOR: "1" },
        stdout: "piped",
        stderr: "piped",
      }).output();
      const err = new TextDecoder().decode(second.stderr);
      assertEquals(second.code, 200, err);
      assert(err.includes("Another server is already running for the data folder"), err);
      assert(err.includes(`port ${first.port}`), err);
    } finally {
      assertEquals(await first.stop(), 0);
    }
    // DUPLICATI__WEBSERVICE_ALLOWED_HOSTNAMES is read like --webservice-allowed-hostnames (and kept).
    const again = await startServerProcess([`--server-datafolder=${root}/data`], {
      env: { DUPLICATI__WEBSERVICE_ALLOWED_HOSTNAMES: "backup.lan" },
    });
    try {
      assert(again.output().includes(`http://backup.lan:${again.port}/signin.html?token=`), again.output());
    } finally {
      assertEquals(await again.stop(), 0);
    }
  });
});

Deno.test("server: a pause survives a restart; SIGTERM during a backup stops it at a safe point", async () => {
  await withRoot(async (root) => {
    const data = join(root, "data"), src = join(root, "src"), dest = join(root, "dest");
    Deno.mkdirSync(src);
    Deno.mkdirSync(dest);
    // Enough incompressible data that the backup is still running when the signal arrives.
    const chunk = new Uint8Array(1 << 20);
    for (let i = 0; i < 150; i++) {
      crypto.getRandomValues(chunk.subarray(0, 65536));
      for (let j = 65536; j < chunk.length; j += 65536) chunk.copyWithin(j, 0, 65536);
      chunk[0] = i;
      Deno.writeFileSync(join(src, `f${i}.bin`), chunk.map((b, k) => b ^ (k * 7 + i)));
    }
    let server = await startServerProcess([`--server-datafolder=${data}`]);
    let id = "";
    try {
      const created = await server.api("POST", "/backups", {
        Backup: {
          Name: "big",
          TargetURL: `file://${dest}`,
          Sources: [src + "/"],
          Settings: [
            { Name: "--no-encryption", Value: "true" },
            { Name: "dblock-size", Value: "5mb" },
          ],
        },
      });
      assertEquals(created.status, 200, JSON.stringify(created.body));
      id = String((created.body as Json).ID);
      const pause = await server.api("POST", "/serverstate/pause");
      assertEquals(pause.status, 200);
    } finally {
      assertEquals(await server.stop(), 0);
    }
    server = await startServerProcess([`--server-datafolder=${data}`]);
    const api = async (method: string, path: string) => {
      const r = await server.api(method, path);
      return { status: r.status, body: r.body as Json };
    };
    try {
      assertEquals((await api("GET", "/serverstate")).body.ProgramState, "Paused");
      assertEquals((await api("POST", "/serverstate/resume")).status, 200);
      const run = await api("POST", `/backup/${id}/run`);
      assertEquals(run.status, 200);
      for (let i = 0; i < 200; i++) {
        const progress = await api("GET", "/progressstate");
        if (progress.status === 200 && progress.body.Phase === "Backup_ProcessingFiles") break;
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      const started = Date.now();
      assertEquals(await server.stop(), 0, server.output());
      assert(Date.now() - started < 5000, `stopping took ${Date.now() - started} ms`);
    }
    // The next start completes the backup from where it stopped.
    server = await startServerProcess([`--server-datafolder=${data}`]);
    try {
      const run = await server.api("POST", `/backup/${id}/run`);
      const taskId = (run.body as Json).ID;
      let status = "";
      for (let i = 0; i < 600 && status !== "Completed" && status !== "Failed"; i++) {
        await new Promise((r) => setTimeout(r, 100));
        status = String(((await server.api("GET", `/task/${taskId}`)).body as Json).Status);
      }
      assertEquals(status, "Completed");
      const log = await server.api("GET", `/backup/${id}/log`);
      const results = (log.body as Json[]).filter((r) => r.Type === "Result").map((r) => JSON.parse(String(r.Message)));
      assertEquals(results.map((r) => r.ParsedResult), ["Success", "Warning"]);
      const filesets = await server.api("GET", `/backup/${id}/filesets`);
      const counts = (filesets.body as Json[]).map((f) => f.FileCount);
      assertEquals(counts[0], 150);
    } finally {
      assertEquals(await server.stop(), 0);
    }
  });
});
