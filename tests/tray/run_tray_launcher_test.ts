import { type HostedServer, runTrayLauncher, type TrayIo } from "../../lib/tray/run_tray_launcher.ts";
import { TRAY_PORTS } from "../../lib/tray/tray_options.ts";
import { UserInputError } from "../../lib/core/errors.ts";
import { FakeApiServer } from "../support/fake_api_server.ts";
import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import { KeyQueue, SignalBox, waitForLine } from "./tray_helpers.ts";

interface Harness {
  readonly lines: string[];
  readonly spawned: string[][];
  readonly notes: string[][];
  readonly signals: SignalBox;
  readonly io: TrayIo;
}

function harness(startServer: TrayIo["startServer"], extra: Partial<TrayIo> = {}): Harness {
  const lines: string[] = [];
  const spawned: string[][] = [];
  const notes: string[][] = [];
  const signals = new SignalBox();
  const io: TrayIo = {
    out: (line) => lines.push(line),
    err: (line) => lines.push(`ERR ${line}`),
    env: {},
    cwd: "/",
    executableDir: "/",
    startServer,
    keys: null,
    onSignal: signals.onSignal,
    spawn: (command) => {
      spawned.push([...command]);
      return Promise.resolve(true);
    },
    notify: (title, body) => {
      notes.push([title, body]);
      return Promise.resolve();
    },
    os: "linux",
    progressIntervalMs: 20,
    retryDelayMs: 20,
    ...extra,
  };
  return { lines, spawned, notes, signals, io };
}

function fakeHosted(fake: FakeApiServer): HostedServer & { stops: number; finish(code: number): void } {
  fake.accessTokens.add("hosted-token");
  const done = Promise.withResolvers<number>();
  const hosted = {
    port: fake.port,
    https: false,
    stops: 0,
    signinToken: () => Promise.resolve(`signin-${hosted.stops}-x`),
    accessToken: () => Promise.resolve("hosted-token"),
    stop: () => {
      hosted.stops++;
      done.resolve(0);
      return Promise.resolve();
    },
    done: done.promise,
    finish: (code: number) => done.resolve(code),
  };
  return hosted;
}

Deno.test("runTrayLauncher() hosts a server on the tray ports, prints the sign-in link, state, progress and notifications", async () => {
  const fake = new FakeApiServer();
  fake.autoAdvance = false;
  fake.addBackup("Docs");
  const hosted = fakeHosted(fake);
  const keys = new KeyQueue();
  let serverArgs: string[] | undefined;
  const h = harness((args) => {
    serverArgs = args;
    return Promise.resolve(hosted);
  }, { keys });
  try {
    const running = runTrayLauncher(["--no-browser", "--server-datafolder=/data", "--webservice-password=pw"], h.io);
    const link = await waitForLine(h.lines, /Sign-in link/);
    assertEquals(serverArgs, [
      "--server-datafolder=/data",
      "--webservice-password=pw",
      `--webservice-port=${TRAY_PORTS}`,
    ]);
    assert(h.lines[link]!.endsWith(`: http://127.0.0.1:${fake.port}/signin.html?token=signin-0-x`), h.lines[link]);
    assertEquals(h.spawned, [], "no browser with --no-browser");
    let at = await waitForLine(h.lines, /State: Idle$/);

    keys.push("p");
    at = await waitForLine(h.lines, /State: Paused$/, at);
    assertEquals(fake.state, "Paused");
    keys.push("r");
    at = await waitForLine(h.lines, /State: Idle$/, at);
    assertEquals(fake.state, "Running");

    fake.active = { id: 7, backupId: "1" };
    fake.bump();
    at = await waitForLine(h.lines, /State: Running \(task 7, backup 1\)$/, at);
    at = await waitForLine(
      h.lines,
      /Progress: Backup_ProcessingFiles, 5\/10 files, 5\.00 KiB of 10\.00 KiB, 50%, \/tmp\/source\/a\.txt$/,
      at,
    );
    fake.progress = { OverallProgress: 0.8, ProcessedFileCount: 8, ProcessedFileSize: 8192, CurrentFilename: null };
    at = await waitForLine(h.lines, /Progress: Backup_ProcessingFiles, 8\/10 files, 8\.00 KiB of 10\.00 KiB, 80%$/, at);
    fake.finishActive("Warning");
    fake.addNotification("Warning", "Backup Docs finished with warnings", "2 files could not be read");
    at = await waitForLine(h.lines, /Warning: Backup Docs finished with warnings: 2 files could not be read$/, at);
    await waitForLine(h.lines, /State: Idle, with warnings$/);
    assertEquals(h.notes, [["Duplicati warning", "Backup Docs finished with warnings: 2 files could not be read"]]);

    keys.push("o");
    await waitForLine(h.lines, /signin\.html\?token=signin-0-x/, link + 1);
    keys.push("q");
    assertEquals(await running, 0);
    assertEquals(hosted.stops, 1, "quitting stops the hosted server");
    assertEquals(h.signals.handlers.size, 0, "signal handlers removed");
  } finally {
    keys.end();
    await fake.close();
  }
});

Deno.test("runTrayLauncher() exits with the hosted server's code when it stops; SIGUSR1 opens the browser command", async () => {
  const fake = new FakeApiServer();
  fake.autoAdvance = false;
  const hosted = fakeHosted(fake);
  const h = harness(() => Promise.resolve(hosted));
  try {
    const running = runTrayLauncher(["--browser-command=/opt/my browser --private", "--webservice-port=8300"], h.io);
    await waitForLine(h.lines, /Opened the web UI with \/opt\/my$/);
    const url = `http://127.0.0.1:${fake.port}/signin.html?token=signin-0-x`;
    assertEquals(h.spawned, [["/opt/my", "browser", "--private", url]]);
    h.signals.fire("SIGUSR1");
    await waitForLine(h.lines, /Opened the web UI/, h.lines.findIndex((l) => l.includes("Opened")) + 1);
    assertEquals(h.spawned.length, 2);
    hosted.finish(3);
    assertEquals(await running, 3);
    assertEquals(hosted.stops, 0, "a server that stopped on its own is not stopped again");
    await waitForLine(h.lines, /The server stopped \(exit code 3\)/);
  } finally {
    await fake.close();
  }
});

Deno.test("runTrayLauncher() --no-hosted-server signs in with the password, opens xdg-open, SIGUSR2 toggles pause, SIGTERM quits", async () => {
  const fake = new FakeApiServer();
  fake.autoAdvance = false;
  const h = harness(() => Promise.reject(new Error("must not start a server")));
  try {
    const running = runTrayLauncher(
      ["--no-hosted-server", `--hosturl=${fake.url}`, "--webservice-password=secret"],
      h.io,
    );
    let at = await waitForLine(h.lines, /State: Idle$/);
    await waitForLine(h.lines, /Opened the web UI with xdg-open$/);
    const [command] = h.spawned;
    assertEquals(command![0], "xdg-open");
    const token = new URL(command![1]!).searchParams.get("token")!;
    assert(fake.signinTokens.has(token), "a sign-in token issued by the server for the password");
    assertEquals(JSON.parse(fake.requests.find((r) => r.path === "/api/v1/auth/issuesignintoken")!.body), {
      Password: "secret",
    });
    assertEquals(JSON.parse(fake.requests.find((r) => r.path === "/api/v1/auth/login")!.body), {
      Password: "secret",
      RememberMe: false,
    });
    h.signals.fire("SIGUSR2");
    at = await waitForLine(h.lines, /State: Paused$/, at);
    assertEquals(fake.state, "Paused");
    h.signals.fire("SIGUSR2");
    await waitForLine(h.lines, /State: Idle$/, at);
    assertEquals(fake.state, "Running");
    h.signals.fire("SIGTERM");
    assertEquals(await running, 0);
  } finally {
    await fake.close();
  }
});

Deno.test("runTrayLauncher() --no-hosted-server exits 1 when the server goes away, 2 without a working password", async () => {
  const fake = new FakeApiServer();
  fake.autoAdvance = false;
  const base = ["--no-hosted-server", `--hosturl=${fake.url}`, "--no-browser"];
  const wrong = harness(() => Promise.reject(new Error("no")));
  assertEquals(await runTrayLauncher([...base, "--webservice-password=nope"], wrong.io), 2);
  assertMatch(
    wrong.lines.join("\n"),
    /ERR Cannot sign in to http:\/\/127\.0\.0\.1:\d+\/: Server error \(401\): Invalid password/,
  );
  const none = harness(() => Promise.reject(new Error("no")));
  assertEquals(await runTrayLauncher(base, none.io), 2);
  assertMatch(none.lines.join("\n"), /without a password: give --webservice-password/);

  const h = harness(() => Promise.reject(new Error("no")));
  const running = runTrayLauncher([...base, "--webservice-password=secret"], h.io);
  await waitForLine(h.lines, /State: Idle$/);
  await fake.close();
  assertEquals(await running, 1);
  await waitForLine(h.lines, /State: Disconnected/);
  await waitForLine(h.lines, /Lost the connection to the server at/);
});

Deno.test("runTrayLauncher() reports a server that cannot start with its exit code", async () => {
  const failing = harness(() => Promise.reject(new Error("Unable to start the server on any of the ports")));
  assertEquals(await runTrayLauncher([], failing.io), 100);
  assertEquals(failing.lines, ["ERR Cannot start the server: Unable to start the server on any of the ports"]);
  const second = harness(() => Promise.reject(new UserInputError("Another server is already running")));
  assertEquals(await runTrayLauncher([], second.io), 200);
  const coded = harness(() => Promise.reject(Object.assign(new Error("x"), { exitCode: 7 })));
  assertEquals(await runTrayLauncher([], coded.io), 7);
  const help = harness(() => Promise.reject(new Error("no")));
  assertEquals(await runTrayLauncher(["--help"], help.io), 0);
  assertMatch(help.lines[0]!, /SIGUSR2 +pause when running, resume when paused/);
  const bad = harness(() => Promise.reject(new Error("no")));
  assertEquals(await runTrayLauncher(["oops"], bad.io), 2);
});
