/**
 * `service run|install|uninstall` (§7): keeps the server alive as a supervised child, and installs or removes a
 * systemd unit / launchd property list that runs `service run` for the current binary and data folder.
 * @module
 */
import { errorMessage, UserInputError } from "../core/errors.ts";
import { resolveDataFolder } from "../data_folder/data_folder.ts";
import { parseBooleanText } from "../options/define.ts";
import { parseOptionToken } from "../options/parse_option_token.ts";
import { installService, type ServiceDefinition, uninstallService } from "./install.ts";
import { describeEnvironment, moveSecretsToEnvironment } from "./secret_options.ts";
import { healthUrlFor, parseServiceLine, SERVICE_OPTION_HELP, type ServiceLine } from "./service_options.ts";
import { superviseServer, type SupervisorEvent } from "./supervisor.ts";

/** The service's I/O; tests pass fakes. */
export interface ServiceIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly env: Record<string, string | undefined>;
  readonly cwd: string;
  readonly executableDir: string;
  /**
   * How to start this program again: `[execPath]` for a compiled binary, `[deno, "run", "--allow-all", main.ts]`
   * under `deno run`. The server child is `selfCommand + ["server", ...]`.
   */
  readonly selfCommand: readonly string[];
  readonly os?: typeof Deno.build.os;
  /** The user ID (root installs system-wide); default Deno.uid(). */
  readonly uid?: number | null;
  /** Runs systemctl/launchctl for --enable/--disable; default a child process with inherited output. */
  readonly runCommand?: (command: readonly string[]) => Promise<number>;
  /** Stops `service run`; default SIGINT/SIGTERM. */
  readonly signal?: AbortSignal;
  /** Hears supervision events (tests). */
  readonly onEvent?: (event: SupervisorEvent) => void;
  readonly fetch?: typeof fetch;
}

const HELP = `Usage: service <run|install|uninstall> [options] [server options]

  run        Runs the server as a child process (server <options> --ping-pong-keepalive=true), pings it on stdin
             and on /health, and restarts it when it exits or stops answering (after 1 s, 2 s, 4 s ... at most 60 s;
             the delay resets once the server has run for a while). SIGTERM/SIGINT stop it cleanly.
  install    Writes a service definition that runs "service run" with these options and the current data folder:
             Linux: ~/.config/systemd/user/duplicati.service (as root: /etc/systemd/system/duplicati.service);
             macOS: ~/Library/LaunchAgents/com.duplicati.server.plist (as root: /Library/LaunchDaemons/...);
             Windows: prints the sc.exe commands. Then prints the commands that enable it. Secret options
             (--webservice-password, --settings-encryption-key) go into an owner-only file (systemd: duplicati.env
             beside the unit; launchd: the property list, written 0600), never into the command line.
  uninstall  Removes the service definition and prints the commands that disable it.

Options:
  --dry-run   (install, uninstall) print the file and commands without changing anything
  --enable    (install) run the enable commands (systemctl / launchctl) instead of printing them
  --disable   (uninstall) run the disable commands instead of printing them
${SERVICE_OPTION_HELP.map((line) => `  ${line}`).join("\n")}
Every other option goes to the server.`;

function defaultRunCommand(command: readonly string[]): Promise<number> {
  return new Deno.Command(command[0]!, { args: command.slice(1), stdin: "null" }).output().then((r) => r.code);
}

function stopSignal(io: ServiceIo): { signal: AbortSignal; dispose: () => void } {
  if (io.signal) return { signal: io.signal, dispose: () => {} };
  const controller = new AbortController();
  const stop = () => controller.abort();
  const signals: Deno.Signal[] = Deno.build.os === "windows" ? ["SIGINT", "SIGBREAK"] : ["SIGINT", "SIGTERM"];
  const added = signals.filter((name) => {
    try {
      Deno.addSignalListener(name, stop);
      return true;
    } catch {
      return false;
    }
  });
  return { signal: controller.signal, dispose: () => added.forEach((name) => Deno.removeSignalListener(name, stop)) };
}

async function run(line: ServiceLine, io: ServiceIo): Promise<number> {
  const s = line.supervision;
  const healthUrl = s.healthUrl === "none" ? undefined : s.healthUrl ?? healthUrlFor(line.serverArgs, io.env);
  // Secrets go to the child as DUPLICATI__* variables: its command line is visible to every user (ps) and printed.
  const { args, environment } = moveSecretsToEnvironment(line.serverArgs);
  const command = [...io.selfCommand, "server", ...args, "--ping-pong-keepalive=true"];
  const secrets = describeEnvironment(environment);
  const stop = stopSignal(io);
  try {
    io.out(`Supervising: ${command.join(" ")}${secrets === "" ? "" : ` (with ${secrets} set in its environment)`}`);
    return await superviseServer({
      command,
      env: environment,
      pingIntervalMs: s.pingIntervalMs,
      pongTimeoutMs: s.pongTimeoutMs,
      pingAttempts: s.pingAttempts,
      initialRestartDelayMs: s.initialRestartDelayMs,
      maxRestartDelayMs: s.maxRestartDelayMs,
      stableAfterMs: s.stableAfterMs,
      ...(healthUrl === undefined ? {} : { healthUrl }),
      shutdownTimeoutMs: 60_000,
      signal: stop.signal,
      log: (text) => io.err(`service: ${text}`),
      forward: io.out,
      ...(io.onEvent ? { onEvent: io.onEvent } : {}),
      ...(io.fetch ? { fetch: io.fetch } : {}),
    });
  } finally {
    stop.dispose();
  }
}

/**
 * The installed definition: `service run` with the arguments as given, plus the data folder when none was given;
 * secret options become environment variables instead of arguments.
 */
function installedService(line: ServiceLine, io: ServiceIo, os: typeof Deno.build.os): ServiceDefinition {
  const tokens = line.serverArgs.map(parseOptionToken);
  const has = (name: string) => tokens.some((token) => token?.name === name);
  const { args: serverArgs, environment } = moveSecretsToEnvironment(line.serverArgs);
  const args = [...line.serviceArgs, ...serverArgs];
  if (!has("server-datafolder")) {
    const portable = tokens.findLast((token) => token?.name === "portable-mode");
    const folder = resolveDataFolder({
      ...(portable === undefined ? {} : { portableMode: parseBooleanText(portable.value) }),
      env: io.env,
      os: os === "windows" ? "windows" : os === "darwin" ? "darwin" : "linux",
      executableDir: io.executableDir,
      probeFile: "Duplicati-server.sqlite",
      cwd: io.cwd,
    });
    args.push(`--server-datafolder=${folder}`);
  }
  return { command: [...io.selfCommand, "service", "run", ...args], environment };
}

/** Runs `service <subcommand> ...`; returns the exit code. */
export async function runService(args: readonly string[], io: ServiceIo): Promise<number> {
  const [sub, ...rest] = args;
  const os = io.os ?? Deno.build.os;
  try {
    if (sub === undefined || ["help", "--help", "-h"].includes(sub.toLowerCase())) {
      io.out(HELP);
      return 0;
    }
    const line = parseServiceLine(rest);
    const uid = io.uid !== undefined ? io.uid : os === "windows" ? null : Deno.uid();
    const installEnv = {
      os,
      uid,
      home: io.env["HOME"],
      dryRun: line.dryRun,
      runCommands: line.runCommands,
      out: io.out,
      err: io.err,
      runCommand: io.runCommand ?? defaultRunCommand,
    };
    switch (sub.toLowerCase()) {
      case "run":
        return await run(line, io);
      case "install":
        return await installService(installedService(line, io, os), installEnv);
      case "uninstall":
        return await uninstallService(installEnv);
      default:
        throw new UserInputError(`Unknown service command "${sub}"; use run, install or uninstall`);
    }
  } catch (error) {
    io.err(errorMessage(error));
    return error instanceof UserInputError ? 2 : 1;
  }
}
