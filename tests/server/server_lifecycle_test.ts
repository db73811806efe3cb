/**
 * The real `server` process: HTTPS from PEM files, the DUPLICATI__ environment forms, one server per data folder
 * (exit 200), a pause that survives a restart, and SIGTERM while a backup runs: the task stops at a safe point,
 * the server exits 0 within seconds, and the next run completes the backup; SIGTERM with an open long poll. In
 * this process (as the tray launcher hosts it): --parameters-file, --webservice-disable-signin-tokens and stopping
 * with open long polls.
 */
import { join } from "node:path";
import { UserInputError } from "../../lib/core/errors.ts";
import { LogWriter, nullLogger } from "../../lib/core/log.ts";
import { resolveOptions } from "../../lib/options/resolve.ts";
import { composeServer, startDailyPurge, TOKEN_FAMILY_MAX_AGE_MS } from "../../lib/server/compose_server.ts";
import { openConfigStore } from "../../lib/server/config_store/config_store.ts";
import { serverDatabasePath } from "../../lib/server/config_store/server_database.ts";
import { loadServerKey } from "../../lib/server/config_store/server_key.ts";
import { serverRegistry } from "../../lib/server/server_options.ts";
import { type ServerHandle, startServer } from "../../lib/server/start_server.ts";
import { assert, assertEquals, assertRejects } from "../support/assert.ts";
import { REPO_ROOT } from "../support/run_main.ts";
import { FakeClock } from "../support/fake_clock.ts";
import { startServerProcess } from "../support/server_process.ts";

type Json = Record<string, unknown>;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (time: number) => new Date(time).toISOString();

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

Deno.test("server: SIGTERM while a client waits in a long poll exits 0 within seconds", async () => {
  await withRoot(async (root) => {
    const server = await startServerProcess([`--server-datafolder=${root}/data`]);
    let poll: Promise<{ status: number; body: unknown }> | undefined;
    try {
      const state = await server.api("GET", "/serverstate");
      const lastEventId = (state.body as Json).LastEventID;
      // Without a change the server would hold this request for 30 s.
      poll = server.api("GET", `/serverstate?longpoll=true&lastEventId=${lastEventId}&duration=30s`);
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      const started = Date.now();
      assertEquals(await server.stop(), 0, server.output());
      assert(Date.now() - started < 5000, `stopping took ${Date.now() - started} ms`);
    }
    // The waiting client got its answer (the current state) before the server went away.
    const answered = await poll!;
    assertEquals(answered.status, 200);
    assertEquals(typeof (answered.body as Json).LastEventID, "number");
  });
});

/** A server in this process (the tray launcher's way), with its output collected. */
async function inProcess(
  root: string,
  options: Record<string, string>,
): Promise<{ handle: ServerHandle; out: string[] }> {
  const out: string[] = [];
  const raw = new Map<string, string | undefined>([
    ["server-datafolder", join(root, "data")],
    ["webservice-port", "0"],
    ...Object.entries(options),
  ]);
  const handle = await startServer(raw, {
    out: (line) => out.push(line),
    err: (line) => out.push(line),
    env: {},
    cwd: root,
    executableDir: root,
    startedBy: "Server",
    printSigninLink: true,
  });
  return { handle, out };
}

/** A server setting as stored, read after the server has stopped. */
function storedSetting(root: string, key: string): string | undefined {
  const dataFolder = join(root, "data");
  const store = openConfigStore({
    path: serverDatabasePath(dataFolder),
    dataFolder,
    key: loadServerKey({ dataFolder }),
  });
  try {
    return store.getSetting(key);
  } finally {
    store.close();
  }
}

Deno.test("server: --parameters-file options win; sign-in tokens are refused only with the option", async () => {
  await withRoot(async (root) => {
    const params = join(root, "server.params");
    Deno.writeTextFileSync(
      params,
      "--webservice-allowed-hostnames=params.lan\n\n--webservice-disable-signin-tokens=true\n--source=/ignored\n",
    );
    const first = await inProcess(root, { "parameters-file": params, "webservice-allowed-hostnames": "cli.lan" });
    try {
      assertEquals(first.handle.baseUrl, `http://params.lan:${first.handle.port}`);
      assert(!first.out.some((line) => line.includes("signin.html?token=")), first.out.join("\n"));
    } finally {
      await first.handle.stop();
    }
    assertEquals(await first.handle.done, 0);
    assertEquals(storedSetting(root, "disable-signin-tokens"), "true");
    // Without the option sign-in tokens work again, and the link is printed.
    const second = await inProcess(root, {});
    try {
      assert(second.out.some((line) => line.includes("signin.html?token=")), second.out.join("\n"));
    } finally {
      await second.handle.stop();
    }
    assertEquals(storedSetting(root, "disable-signin-tokens"), undefined);
    // A parameters file that cannot be read is an option problem.
    const error = await assertRejects(
      () => inProcess(root, { "parameters-file": join(root, "missing.params") }),
      UserInputError,
    );
    assert(
      error.message.startsWith(`Cannot read the parameters file "${join(root, "missing.params")}"`),
      error.message,
    );
  });
});

Deno.test("server: an in-process stop ends open long polls at once", async () => {
  await withRoot(async (root) => {
    const { handle } = await inProcess(root, {});
    const token = await handle.accessToken();
    const base = `http://127.0.0.1:${handle.port}/api/v1`;
    const headers = { authorization: `Bearer ${token}` };
    const state = await (await fetch(`${base}/serverstate`, { headers })).json() as Json;
    const poll = fetch(`${base}/serverstate?longpoll=true&lastEventId=${state.LastEventID}&duration=1h`, { headers });
    await new Promise((r) => setTimeout(r, 200));
    const started = Date.now();
    await handle.stop();
    assert(Date.now() - started < 5000, `stopping took ${Date.now() - started} ms`);
    const response = await poll;
    assertEquals(response.status, 200);
    await response.body?.cancel();
  });
});

Deno.test("daily purge: an hour after start, then daily; logs by retention, token families after 30 days", () => {
  const clock = new FakeClock();
  const calls: string[] = [];
  let failLogs = true;
  const purge = startDailyPurge({
    clock,
    retentionMs: 7 * DAY,
    store: {
      purgeLogs: (olderThan) => {
        calls.push(`logs<${iso(olderThan)}`);
        if (failLogs) throw new Error("database is locked");
        return 0;
      },
      deleteTokenFamiliesOlderThan: (olderThan) => {
        calls.push(`families<${iso(olderThan)}`);
        return 0;
      },
    },
  });
  clock.advance(HOUR - 1);
  assertEquals(calls, []);
  clock.advance(1);
  // A failing log purge does not stop the token purge nor the next day's run.
  assertEquals(calls.splice(0), ["logs<2023-12-25T01:00:00.000Z", "families<2023-12-02T01:00:00.000Z"]);
  assertEquals(TOKEN_FAMILY_MAX_AGE_MS, 30 * DAY);
  failLogs = false;
  clock.advance(DAY - 1);
  assertEquals(calls, []);
  clock.advance(1);
  assertEquals(calls.splice(0), ["logs<2023-12-26T01:00:00.000Z", "families<2023-12-03T01:00:00.000Z"]);
  purge.stop();
  assertEquals(clock.pendingTimers, 0);
});

Deno.test("the composed server's daily purge removes old log rows and dead token families", async () => {
  await withRoot(async (root) => {
    const clock = new FakeClock();
    const { options } = resolveOptions(new Map([["log-retention", "2D"]]), serverRegistry());
    const composed = await composeServer({
      options,
      dataFolder: root,
      clock,
      log: new LogWriter(nullLogger),
      startedBy: "Server",
      env: {},
      executableDir: root,
    });
    const { store } = composed.deps;
    try {
      const row = { backupId: null, level: "Warning", exception: null };
      store.addServerLog({ ...row, message: "old", timestamp: clock.now() - 3 * DAY });
      store.addServerLog({ ...row, message: "recent", timestamp: clock.now() - DAY });
      const dead = store.createTokenFamily("webserver", clock.now() - 31 * DAY);
      const live = store.createTokenFamily("webserver", clock.now() - 28 * DAY - 12 * HOUR);
      clock.advance(HOUR);
      assertEquals(store.listServerLog({ pageSize: 10 }).map((r) => r.message), ["recent"]);
      assertEquals([store.getTokenFamily(dead.id), store.getTokenFamily(live.id)?.id], [undefined, live.id]);
      clock.advance(DAY);
      assertEquals(store.getTokenFamily(live.id)?.id, live.id, "unused for 29 days and 13 hours: kept");
      clock.advance(DAY);
      assertEquals(store.getTokenFamily(live.id), undefined);
      assertEquals(store.listServerLog({ pageSize: 10 }).length, 0);
    } finally {
      await composed.stop();
      composed.close();
    }
  });
});
