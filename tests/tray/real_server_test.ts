/**
 * tray-launcher against the real server: detached (--no-hosted-server) against a `main.ts server` process, and
 * hosting the real server in-process through lib/server/start_server.ts.
 */
import { join } from "node:path";
import { parseArgs } from "../../lib/cli/args.ts";
import { startServer } from "../../lib/server/start_server.ts";
import { runTrayLauncher, type TrayIo } from "../../lib/tray/run_tray_launcher.ts";
import { assert, assertEquals } from "../support/assert.ts";
import { startServerProcess } from "../support/server_process.ts";
import { KeyQueue, waitForLine } from "./tray_helpers.ts";

function trayIo(lines: string[], keys: KeyQueue, startServerFn: TrayIo["startServer"]): TrayIo {
  return {
    out: (line) => lines.push(line),
    err: (line) => lines.push(`ERR ${line}`),
    env: {},
    cwd: "/",
    executableDir: "/",
    startServer: startServerFn,
    keys,
    onSignal: () => () => {},
    spawn: () => Promise.resolve(false),
    notify: () => Promise.resolve(),
    progressIntervalMs: 100,
    retryDelayMs: 100,
  };
}

/** Exchanges a printed sign-in link's token as the browser page would; returns the status. */
async function signIn(line: string): Promise<number> {
  const url = new URL(line.slice(line.indexOf("http")));
  const token = url.searchParams.get("token")!;
  const response = await fetch(new URL("/api/v1/auth/signin", url), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ SigninToken: token, RememberMe: false }),
  });
  await response.body?.cancel();
  return response.status;
}

Deno.test("tray-launcher --no-hosted-server --no-browser against a real server process", async () => {
  const root = await Deno.makeTempDir({ prefix: "tray-real-" });
  const server = await startServerProcess([
    `--server-datafolder=${join(root, "data")}`,
    "--webservice-password=tray-pw",
  ], {
    signIn: false,
  });
  const keys = new KeyQueue();
  const lines: string[] = [];
  try {
    const running = runTrayLauncher(
      ["--no-hosted-server", `--hosturl=${server.baseUrl}`, "--webservice-password=tray-pw", "--no-browser"],
      trayIo(lines, keys, () => Promise.reject(new Error("no hosted server"))),
    );
    const link = await waitForLine(lines, /Sign-in link/);
    assertEquals(await signIn(lines[link]!), 200, "the printed link signs the browser in");
    let at = await waitForLine(lines, /State: Idle$/);
    keys.push("p");
    at = await waitForLine(lines, /State: Paused$/, at);
    keys.push("r");
    await waitForLine(lines, /State: Idle$/, at + 1);
    keys.push("q");
    assertEquals(await running, 0);
    assert(!lines.some((line) => line.startsWith("ERR")), lines.join("\n"));
  } finally {
    keys.end();
    assertEquals(await server.stop(), 0, server.output());
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("tray-launcher hosts the real server in-process and stops it on quit", async () => {
  const root = await Deno.makeTempDir({ prefix: "tray-hosted-" });
  const keys = new KeyQueue();
  const lines: string[] = [];
  const env = { out: (l: string) => lines.push(`server: ${l}`), err: (l: string) => lines.push(`server: ${l}`) };
  try {
    const running = runTrayLauncher(
      [`--server-datafolder=${join(root, "data")}`, "--webservice-port=0", "--no-browser"],
      trayIo(lines, keys, (args) =>
        startServer(parseArgs(["server", ...args]).options, {
          ...env,
          env: {},
          cwd: root,
          executableDir: root,
          startedBy: "Tray",
          printSigninLink: false,
        })),
    );
    const link = await waitForLine(lines, /Sign-in link/);
    assertEquals(await signIn(lines[link]!), 200);
    await waitForLine(lines, /State: Idle$/);
    keys.push("q");
    assertEquals(await running, 0);
    await waitForLine(lines, /Stopping the server/);
  } finally {
    keys.end();
    await Deno.remove(root, { recursive: true });
  }
});
