import { runService, type ServiceIo } from "../../lib/service/run_service.ts";
import type { SupervisorEvent } from "../../lib/service/supervisor.ts";
import { healthUrlFor, parseServiceLine } from "../../lib/service/service_options.ts";
import { UserInputError } from "../../lib/core/errors.ts";
import { assert, assertEquals, assertStringIncludes, assertThrows } from "../support/assert.ts";

const CHILD = new URL("./fake_server_child.ts", import.meta.url).pathname;

Deno.test("runService() run supervises `<self> server <args> --ping-pong-keepalive=true` without the --service-* options", async () => {
  const dir = await Deno.makeTempDir({ prefix: "service-" });
  const controller = new AbortController();
  const events: SupervisorEvent[] = [];
  const out: string[] = [];
  const err: string[] = [];
  const io: ServiceIo = {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    env: {},
    cwd: dir,
    executableDir: dir,
    selfCommand: [Deno.execPath(), "run", "--allow-all", CHILD],
    signal: controller.signal,
    onEvent: (event) => {
      events.push(event);
      if (event.type === "pong") controller.abort();
    },
  };
  try {
    const code = await runService([
      "run",
      "--service-ping-interval=50ms",
      "--service-ping-timeout=30s",
      "--service-health-url=none",
      `--fake-dir=${dir}`,
      "--webservice-port=9999",
    ], io);
    assertEquals(code, 0);
    assertEquals(events.map((e) => e.type), ["started", "pong", "exited", "stopped"]);
    const start = JSON.parse(Deno.readTextFileSync(`${dir}/starts`).trim());
    assertEquals(start.args, ["server", `--fake-dir=${dir}`, "--webservice-port=9999", "--ping-pong-keepalive=true"]);
    assertEquals(out[0], `Supervising: ${[...io.selfCommand, ...start.args].join(" ")}`);
    assertEquals(out[1], "fake server up");
    assertStringIncludes(err.join("\n"), "service: Started the server (pid");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("parseServiceLine() reads durations, attempts and switches; rejects bad values", () => {
  const line = parseServiceLine([
    "--service-ping-interval=2m",
    "--service-ping-timeout=500ms",
    "--dry-run",
    "--log-level=Information",
  ]);
  assertEquals(line.supervision.pingIntervalMs, 120_000);
  assertEquals(line.supervision.pongTimeoutMs, 500);
  assertEquals(line.supervision.pingAttempts, 5);
  assertEquals(line.supervision.initialRestartDelayMs, 1000);
  assertEquals(line.supervision.maxRestartDelayMs, 60_000);
  assertEquals([line.dryRun, line.runCommands], [true, false]);
  assertEquals(line.serviceArgs, ["--service-ping-interval=2m", "--service-ping-timeout=500ms"]);
  assertEquals(line.serverArgs, ["--log-level=Information"]);
  assertThrows(() => parseServiceLine(["--service-bogus=1"]), UserInputError, 'unknown option "--service-bogus"');
  assertThrows(() => parseServiceLine(["--service-ping-attempts=0"]), UserInputError, "at least 1");
  assertThrows(() => parseServiceLine(["--service-ping-interval=12x"]), UserInputError);
  assertThrows(() => parseServiceLine(["server"]), UserInputError, 'unexpected argument "server"');
});

Deno.test("healthUrlFor() uses the first port and a reachable address of the bind interface", () => {
  assertEquals(healthUrlFor([], {}), "http://127.0.0.1:8200/health");
  assertEquals(
    healthUrlFor(["--webservice-port=8300,8400", "--webservice-interface=any"], {}),
    "http://127.0.0.1:8300/health",
  );
  assertEquals(
    healthUrlFor(["--webservice-interface=192.168.0.9"], { DUPLICATI__WEBSERVICE_PORT: "9000" }),
    "http://192.168.0.9:9000/health",
  );
  assertEquals(healthUrlFor(["--webservice-interface=::"], {}), "http://[::1]:8200/health");
});

Deno.test("runService() run passes secret options in the child's environment, never on its command line or in output", async () => {
  const dir = await Deno.makeTempDir({ prefix: "service-" });
  const controller = new AbortController();
  const out: string[] = [];
  const err: string[] = [];
  const password = 'pa$$ "word"';
  const io: ServiceIo = {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    env: {},
    cwd: dir,
    executableDir: dir,
    selfCommand: [Deno.execPath(), "run", "--allow-all", CHILD],
    signal: controller.signal,
    onEvent: (event) => {
      if (event.type === "pong") controller.abort();
    },
  };
  try {
    const code = await runService([
      "run",
      "--service-ping-interval=50ms",
      "--service-ping-timeout=30s",
      "--service-health-url=none",
      `--fake-dir=${dir}`,
      `--webservice-password=${password}`,
      "--settings-encryption-key=k3y-s3cret",
    ], io);
    assertEquals(code, 0);
    const start = JSON.parse(Deno.readTextFileSync(`${dir}/starts`).trim());
    assertEquals(start.args, ["server", `--fake-dir=${dir}`, "--ping-pong-keepalive=true"]);
    assertEquals(start.secret, password, "the server got the password as DUPLICATI__WEBSERVICE_PASSWORD");
    assertEquals(
      out[0],
      `Supervising: ${[...io.selfCommand, ...start.args].join(" ")} ` +
        "(with DUPLICATI__SETTINGS_ENCRYPTION_KEY, DUPLICATI__WEBSERVICE_PASSWORD set in its environment)",
    );
    const printed = [...out, ...err].join("\n");
    assert(!printed.includes(password) && !printed.includes("k3y-s3cret"), printed);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("healthUrlFor() uses https when the server has a certificate file (line or environment)", () => {
  assertEquals(
    healthUrlFor(["--webservice-sslcertificatefile=/etc/dup/cert.pem", "--webservice-port=8443"], {}),
    "https://127.0.0.1:8443/health",
  );
  assertEquals(
    healthUrlFor(["--webservice-interface=0.0.0.0"], { DUPLICATI__WEBSERVICE_SSLCERTIFICATEFILE: "/etc/dup/c.pem" }),
    "https://127.0.0.1:8200/health",
  );
  assertEquals(healthUrlFor(["--webservice-interface=[::]"], {}), "http://[::1]:8200/health");
});

Deno.test("parseServiceLine() reads switch values as Duplicati booleans", () => {
  const off = parseServiceLine(["--dry-run=off", "--enable=no"]);
  assertEquals([off.dryRun, off.runCommands], [false, false]);
  const on = parseServiceLine(["--dry-run=yes", "--disable"]);
  assertEquals([on.dryRun, on.runCommands], [true, true]);
});
