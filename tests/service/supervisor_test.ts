import { superviseServer, type SupervisorEvent, type SupervisorOptions } from "../../lib/service/supervisor.ts";
import { assert, assertEquals, assertStringIncludes } from "../support/assert.ts";

const CHILD = new URL("./fake_server_child.ts", import.meta.url).pathname;

interface Run {
  readonly events: SupervisorEvent[];
  readonly lines: string[];
  readonly code: number;
  readonly dir: string;
}

/** Supervises the fake child with fast settings until `stopWhen` says so. */
async function supervise(
  childArgs: string[],
  stopWhen: (event: SupervisorEvent, events: SupervisorEvent[]) => boolean,
  overrides: Partial<SupervisorOptions> = {},
): Promise<Run> {
  const dir = await Deno.makeTempDir({ prefix: "service-" });
  const events: SupervisorEvent[] = [];
  const lines: string[] = [];
  const controller = new AbortController();
  const code = await superviseServer({
    command: [
      Deno.execPath(),
      "run",
      "--allow-all",
      CHILD,
      "server",
      `--fake-dir=${dir}`,
      ...childArgs,
      "--ping-pong-keepalive=true",
    ],
    pingIntervalMs: 30,
    pongTimeoutMs: 20_000,
    pingAttempts: 2,
    initialRestartDelayMs: 10,
    maxRestartDelayMs: 1000,
    stableAfterMs: 60_000,
    shutdownTimeoutMs: 10_000,
    signal: controller.signal,
    log: (line) => lines.push(`log: ${line}`),
    forward: (line) => lines.push(line),
    onEvent: (event) => {
      events.push(event);
      if (stopWhen(event, events)) controller.abort();
    },
    ...overrides,
  });
  return { events, lines, code, dir };
}

function received(dir: string): string[] {
  return [...Deno.readDirSync(dir)].filter((e) => e.name.startsWith("received-")).flatMap((e) =>
    Deno.readTextFileSync(`${dir}/${e.name}`).trim().split("\n")
  );
}

function delays(events: SupervisorEvent[]): number[] {
  return events.flatMap((e) => e.type === "restart-scheduled" ? [e.delayMs] : []);
}

Deno.test("superviseServer() pings the child, forwards its output and stops it with shutdown", async () => {
  const run = await supervise(
    [],
    (event, events) => event.type === "pong" && events.filter((e) => e.type === "pong").length === 2,
  );
  try {
    assertEquals(run.code, 0);
    assertEquals(run.events.map((e) => e.type), ["started", "pong", "pong", "exited", "stopped"]);
    assertEquals(run.events[3], { type: "exited", pid: (run.events[0] as { pid: number }).pid, code: 0, signal: null });
    assert(run.lines.includes("fake server up"), run.lines.join("\n"));
    assert(!run.lines.includes("pong"), "pongs are not forwarded");
    const got = received(run.dir);
    assertEquals(got.slice(-1), ["shutdown"]);
    assert(got.filter((line) => line === "ping").length >= 2);
    const start = JSON.parse(Deno.readTextFileSync(`${run.dir}/starts`).trim());
    assertEquals(start.args[0], "server");
    assertEquals(start.args.at(-1), "--ping-pong-keepalive=true");
  } finally {
    await Deno.remove(run.dir, { recursive: true });
  }
});

Deno.test("superviseServer() restarts a crashing child after 1x, 2x, 4x, 8x the first delay", async () => {
  const run = await supervise(["--fake-crash-first=4"], (event) => event.type === "pong");
  try {
    assertEquals(delays(run.events), [10, 20, 40, 80]);
    assertEquals(run.events.filter((e) => e.type === "started").length, 5);
    assertEquals(run.events.filter((e) => e.type === "exited").map((e) => (e as { code: number }).code), [
      1,
      1,
      1,
      1,
      0,
    ]);
    assertStringIncludes(run.lines.join("\n"), "exited with code 1");
  } finally {
    await Deno.remove(run.dir, { recursive: true });
  }
});

Deno.test("superviseServer() caps the restart delay", async () => {
  const run = await supervise(["--fake-crash-first=5"], (event) => event.type === "pong", { maxRestartDelayMs: 25 });
  try {
    assertEquals(delays(run.events), [10, 20, 25, 25, 25]);
  } finally {
    await Deno.remove(run.dir, { recursive: true });
  }
});

Deno.test("superviseServer() resets the back-off after a child stayed up long enough", async () => {
  const run = await supervise(
    ["--fake-live-ms=400"],
    (_event, events) => events.filter((e) => e.type === "started").length === 3,
    { stableAfterMs: 50, pingIntervalMs: 10_000 },
  );
  try {
    assertEquals(delays(run.events), [10, 10]);
  } finally {
    await Deno.remove(run.dir, { recursive: true });
  }
});

Deno.test("superviseServer() kills and restarts a child that stops answering pings", async () => {
  const run = await supervise(
    ["--fake-mode=silent"],
    (_event, events) => events.filter((e) => e.type === "started").length === 2,
    { pongTimeoutMs: 40 },
  );
  try {
    const types = run.events.map((e) => e.type);
    assertEquals(types.slice(0, 5), ["started", "unresponsive", "exited", "restart-scheduled", "started"]);
    assertEquals((run.events[1] as { reason: string }).reason, "no answer to 2 pings");
    assertEquals((run.events[2] as { signal: string | null }).signal, "SIGKILL");
    const firstPid = (run.events[0] as { pid: number }).pid;
    assertEquals(Deno.readTextFileSync(`${run.dir}/received-${firstPid}`).trim().split("\n"), ["ping", "ping"]);
  } finally {
    await Deno.remove(run.dir, { recursive: true });
  }
});

Deno.test("superviseServer() restarts a child whose /health stops answering after it answered", async () => {
  let hits = 0;
  const health = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, () => {
    hits++;
    return new Response(hits <= 2 ? "Healthy" : "Unhealthy", { status: hits <= 2 ? 200 : 503 });
  });
  const url = `http://127.0.0.1:${health.addr.port}/health`;
  try {
    const run = await supervise([], (_event, events) => events.filter((e) => e.type === "started").length === 2, {
      healthUrl: url,
      healthFailures: 3,
    });
    try {
      const unresponsive = run.events.find((e) => e.type === "unresponsive") as { reason: string };
      assertEquals(unresponsive.reason, `${url} failed 3 times in a row`);
      assertEquals(hits, 5);
    } finally {
      await Deno.remove(run.dir, { recursive: true });
    }
  } finally {
    await health.shutdown();
  }
});

Deno.test("superviseServer() kills a child that ignores shutdown after the timeout", async () => {
  const run = await supervise(["--fake-mode=ignore-shutdown"], (event) => event.type === "pong", {
    shutdownTimeoutMs: 200,
  });
  try {
    assertEquals(run.code, 0);
    const exited = run.events.find((e) => e.type === "exited") as { signal: string | null };
    assertEquals(exited.signal, "SIGKILL");
    assertStringIncludes(run.lines.join("\n"), "did not stop within 200 ms; killing it");
  } finally {
    await Deno.remove(run.dir, { recursive: true });
  }
});

Deno.test("superviseServer() reschedules with back-off when the server program cannot be started", async () => {
  const lines: string[] = [];
  const events: SupervisorEvent[] = [];
  const controller = new AbortController();
  const missing = `${Deno.makeTempDirSync({ prefix: "service-" })}/no-such-program`;
  try {
    const code = await superviseServer({
      command: [missing, "server", "--ping-pong-keepalive=true"],
      pingIntervalMs: 30,
      pongTimeoutMs: 1000,
      pingAttempts: 2,
      initialRestartDelayMs: 10,
      maxRestartDelayMs: 30,
      stableAfterMs: 60_000,
      shutdownTimeoutMs: 1000,
      signal: controller.signal,
      log: (line) => lines.push(line),
      forward: (line) => lines.push(line),
      onEvent: (event) => {
        events.push(event);
        if (events.filter((e) => e.type === "start-failed").length === 4) controller.abort();
      },
    });
    assertEquals(code, 0);
    assertEquals(events.map((e) => e.type), [
      "start-failed",
      "restart-scheduled",
      "start-failed",
      "restart-scheduled",
      "start-failed",
      "restart-scheduled",
      "start-failed",
      "restart-scheduled",
      "stopped",
    ]);
    assertEquals(delays(events), [10, 20, 30, 30]);
    assertStringIncludes(lines[0]!, `Cannot start the server (${missing} server --ping-pong-keepalive=true): `);
  } finally {
    await Deno.remove(missing.slice(0, missing.lastIndexOf("/")), { recursive: true });
  }
});
