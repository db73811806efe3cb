/**
 * Subcommand dispatch for main.ts: `cli | server | tray-launcher | serverutil | help | version`, or the
 * executable's name (duplicati-cli, duplicati-server, duplicati-server-util, duplicati).
 * @module
 */
import { PRODUCT_NAME, PRODUCT_VERSION } from "./version.ts";

export interface DispatchIo {
  readonly execPath: string;
  readonly cli: (args: readonly string[]) => Promise<number>;
  readonly server?: (args: readonly string[]) => Promise<number>;
  readonly serverutil?: (args: readonly string[]) => Promise<number>;
  readonly trayLauncher?: (args: readonly string[]) => Promise<number>;
  readonly service?: (args: readonly string[]) => Promise<number>;
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

const SUBCOMMANDS = ["cli", "server", "tray-launcher", "serverutil", "service", "help", "version"] as const;
type Subcommand = typeof SUBCOMMANDS[number];

const BY_EXECUTABLE: Record<string, Subcommand> = {
  "duplicati-cli": "cli",
  "duplicati-commandline": "cli",
  "duplicati-server": "server",
  "duplicati-server-util": "serverutil",
  "duplicati-serverutil": "serverutil",
  "duplicati": "tray-launcher",
  "duplicati-service": "service",
};

/** The subcommand implied by the executable's file name, if any. */
export function subcommandFromExecutable(execPath: string): Subcommand | undefined {
  const base = execPath.split(/[\\/]/).pop()!.toLowerCase().replace(/\.exe$/, "");
  return BY_EXECUTABLE[base];
}

const USAGE = `${PRODUCT_NAME} ${PRODUCT_VERSION}: a Duplicati-compatible backup program

Usage: main <subcommand> [arguments]
  cli            Duplicati's command line: backup, restore, list, find, list-filesets, help ... ("cli help")
  server         the web server with the web UI, REST API and scheduler
  tray-launcher  starts or attaches to a server and opens the web UI
  serverutil     controls a running server
  service        runs the server under a supervisor, or installs it as a system service
  help           this text
  version        prints the version

Copies or links of the executable named duplicati-cli, duplicati-server or duplicati-server-util run those
subcommands directly.`;

export async function dispatch(argv: readonly string[], io: DispatchIo): Promise<number> {
  let implied = subcommandFromExecutable(io.execPath);
  const [first, ...rest] = argv;
  const lead = first?.toLowerCase();
  // duplicati-service supervises `<itself> server ...` and is installed as `<itself> service run ...`.
  if (implied === "service" && (lead === "server" || lead === "service")) implied = undefined;
  const sub: string | undefined = implied ?? lead;
  const args = implied ? argv : rest;
  switch (sub) {
    case "cli":
      return await io.cli(args);
    case "version":
    case "--version":
      io.out(`${PRODUCT_NAME} ${PRODUCT_VERSION}`);
      return 0;
    case undefined:
    case "help":
    case "--help":
    case "-h":
      io.out(USAGE);
      return 0;
    case "server":
    case "tray-launcher":
    case "serverutil":
    case "service": {
      const run = sub === "server"
        ? io.server
        : sub === "serverutil"
        ? io.serverutil
        : sub === "service"
        ? io.service
        : io.trayLauncher;
      if (run) return await run(args);
      io.err(`The "${sub}" subcommand is not available in this build; use "cli" for backups and restores.`);
      return 200;
    }
    default:
      io.err(`Unknown subcommand "${first}".\n\n${USAGE}`);
      return 200;
  }
}
