import { dispatch, type DispatchIo, subcommandFromExecutable } from "../lib/main_dispatch.ts";
import { PRODUCT_NAME, PRODUCT_VERSION } from "../lib/version.ts";
import { assertEquals, assertStringIncludes } from "./support/assert.ts";

interface Recorded {
  io: DispatchIo;
  cliCalls: (readonly string[])[];
  out: string[];
  err: string[];
}

function recorder(execPath = "/usr/local/bin/deno", cliResult = 0): Recorded {
  const cliCalls: (readonly string[])[] = [], out: string[] = [], err: string[] = [];
  return {
    io: {
      execPath,
      cli: (args) => {
        cliCalls.push(args);
        return Promise.resolve(cliResult);
      },
      out: (line) => out.push(line),
      err: (line) => err.push(line),
    },
    cliCalls,
    out,
    err,
  };
}

Deno.test("subcommandFromExecutable() maps executable names, case-insensitively and without .exe", () => {
  assertEquals(subcommandFromExecutable("/usr/bin/duplicati-cli"), "cli");
  assertEquals(subcommandFromExecutable("C:\\Program Files\\Duplicati\\Duplicati-CLI.EXE"), "cli");
  assertEquals(subcommandFromExecutable("duplicati-commandline"), "cli");
  assertEquals(subcommandFromExecutable("/opt/duplicati-server"), "server");
  assertEquals(subcommandFromExecutable("C:\\x\\duplicati-server.exe"), "server");
  assertEquals(subcommandFromExecutable("/opt/duplicati-server-util"), "serverutil");
  assertEquals(subcommandFromExecutable("/opt/duplicati-serverutil"), "serverutil");
  assertEquals(subcommandFromExecutable("/opt/duplicati"), "tray-launcher");
  assertEquals(subcommandFromExecutable("/usr/local/bin/deno"), undefined);
  assertEquals(subcommandFromExecutable("/opt/duplicati-cli-old"), undefined);
});

Deno.test("dispatch() passes the remaining arguments to the cli subcommand", async () => {
  const r = recorder("/usr/local/bin/deno", 3);
  assertEquals(await dispatch(["cli", "backup", "file:///b", "/src", "--dry-run"], r.io), 3);
  assertEquals(r.cliCalls, [["backup", "file:///b", "/src", "--dry-run"]]);
  const upper = recorder();
  assertEquals(await dispatch(["CLI", "help"], upper.io), 0);
  assertEquals(upper.cliCalls, [["help"]]);
});

Deno.test("dispatch() run as duplicati-cli passes every argument to the cli", async () => {
  const r = recorder("/usr/bin/duplicati-cli", 2);
  assertEquals(await dispatch(["backup", "cli"], r.io), 2);
  assertEquals(r.cliCalls, [["backup", "cli"]]);
  const exe = recorder("C:\\Duplicati\\duplicati-cli.exe");
  assertEquals(await dispatch([], exe.io), 0);
  assertEquals(exe.cliCalls, [[]]);
});

Deno.test("dispatch() passes server, serverutil, tray-launcher and service arguments to their runners", async () => {
  const calls: string[] = [];
  const runner = (name: string, code: number) => (args: readonly string[]) => {
    calls.push(`${name}:${args.join(" ")}`);
    return Promise.resolve(code);
  };
  const r = recorder();
  const io: DispatchIo = {
    ...r.io,
    server: runner("server", 11),
    serverutil: runner("serverutil", 12),
    trayLauncher: runner("tray", 13),
    service: runner("service", 14),
  };
  assertEquals(await dispatch(["server", "--webservice-port=8300"], io), 11);
  assertEquals(await dispatch(["SERVERUTIL", "pause", "5m"], io), 12);
  assertEquals(await dispatch(["tray-launcher", "--no-browser"], io), 13);
  assertEquals(await dispatch(["service", "run"], io), 14);
  assertEquals(await dispatch(["status"], { ...io, execPath: "/opt/duplicati-server-util" }), 12);
  assertEquals(await dispatch(["run"], { ...io, execPath: "/opt/duplicati-service" }), 14);
  // A binary named duplicati-service supervises `<itself> server ...` and is installed as `<itself> service run`.
  assertEquals(await dispatch(["server", "--ping-pong-keepalive"], { ...io, execPath: "/opt/duplicati-service" }), 11);
  assertEquals(await dispatch(["service", "run"], { ...io, execPath: "/opt/duplicati-service" }), 14);
  assertEquals(calls, [
    "server:--webservice-port=8300",
    "serverutil:pause 5m",
    "tray:--no-browser",
    "service:run",
    "serverutil:status",
    "service:run",
    "server:--ping-pong-keepalive",
    "service:run",
  ]);
  assertEquals([r.out, r.err, r.cliCalls], [[], [], []]);
});

Deno.test("dispatch() answers 200 with a clear message when a build lacks a subcommand's runner", async () => {
  for (const sub of ["server", "tray-launcher", "serverutil", "service"]) {
    const r = recorder();
    assertEquals(await dispatch([sub, "--port=8200"], r.io), 200);
    assertEquals(r.err, [
      `The "${sub}" subcommand is not available in this build; use "cli" for backups and restores.`,
    ]);
    assertEquals([r.out, r.cliCalls], [[], []]);
  }
});

Deno.test("dispatch() prints the version", async () => {
  for (const arg of ["version", "--version", "VERSION"]) {
    const r = recorder();
    assertEquals(await dispatch([arg], r.io), 0);
    assertEquals(r.out, [`${PRODUCT_NAME} ${PRODUCT_VERSION}`]);
    assertEquals(r.out, ["duplicati-deno 0.1.0"]);
  }
});

Deno.test("dispatch() prints usage for help or no arguments", async () => {
  for (const argv of [[], ["help"], ["--help"], ["-h"]]) {
    const r = recorder();
    assertEquals(await dispatch(argv, r.io), 0);
    assertEquals(r.out.length, 1);
    assertStringIncludes(r.out[0]!, "Usage: main <subcommand> [arguments]");
    assertStringIncludes(r.out[0]!, "  cli            Duplicati's command line");
    assertEquals(r.err, []);
  }
});

Deno.test("dispatch() answers 200 for an unknown subcommand, keeping its spelling", async () => {
  const r = recorder();
  assertEquals(await dispatch(["Backup", "x"], r.io), 200);
  assertEquals(r.err.length, 1);
  assertEquals(
    r.err[0]!.startsWith(`Unknown subcommand "Backup".\n\n${PRODUCT_NAME} ${PRODUCT_VERSION}: `),
    true,
    r.err[0],
  );
  assertEquals([r.out, r.cliCalls], [[], []]);
});
