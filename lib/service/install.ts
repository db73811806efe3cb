/**
 * `service install` / `service uninstall`: write or remove the systemd unit (Linux: a user unit, or a system unit
 * as root) or launchd property list (macOS: an agent, or a daemon as root), then print the commands that enable or
 * disable it, or run them (`--enable` / `--disable`). Windows gets the `sc.exe` commands printed. `--dry-run` prints
 * the file instead of writing it.
 * @module
 */
import { dirname, join } from "node:path";
import { errorMessage, UserInputError } from "../core/errors.ts";
import {
  LAUNCHD_LABEL,
  launchdPlist,
  SYSTEMD_UNIT_NAME,
  systemdUnit,
  windowsInstallText,
  windowsUninstallText,
} from "./unit_files.ts";

/** Where the definition goes and how it is managed. */
export interface ServiceTarget {
  readonly kind: "systemd-user" | "systemd-system" | "launchd-agent" | "launchd-daemon" | "windows";
  /** The file to write; undefined on Windows. */
  readonly path: string | undefined;
}

export interface InstallEnv {
  readonly os: typeof Deno.build.os;
  /** The user ID (null on Windows); 0 means root. */
  readonly uid: number | null;
  readonly home: string | undefined;
  readonly dryRun: boolean;
  /** Run the enable/disable commands instead of printing them. */
  readonly runCommands: boolean;
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  /** Runs a command and resolves with its exit code. */
  readonly runCommand: (command: readonly string[]) => Promise<number>;
}

/** The service definition's kind and file for this OS and user. */
export function serviceTarget(env: Pick<InstallEnv, "os" | "uid" | "home">): ServiceTarget {
  const root = env.uid === 0;
  if (env.os === "windows") return { kind: "windows", path: undefined };
  const home = () => {
    if (!env.home) throw new UserInputError("Cannot find the home folder: HOME is not set");
    return env.home;
  };
  if (env.os === "darwin") {
    return root
      ? { kind: "launchd-daemon", path: `/Library/LaunchDaemons/${LAUNCHD_LABEL}.plist` }
      : { kind: "launchd-agent", path: join(home(), "Library", "LaunchAgents", `${LAUNCHD_LABEL}.plist`) };
  }
  return root
    ? { kind: "systemd-system", path: `/etc/systemd/system/${SYSTEMD_UNIT_NAME}` }
    : { kind: "systemd-user", path: join(home(), ".config", "systemd", "user", SYSTEMD_UNIT_NAME) };
}

function commands(target: ServiceTarget, env: { uid: number | null; install: boolean }): string[][] {
  const path = target.path ?? "";
  switch (target.kind) {
    case "systemd-user":
      return env.install
        ? [["systemctl", "--user", "daemon-reload"], ["systemctl", "--user", "enable", "--now", SYSTEMD_UNIT_NAME]]
        : [["systemctl", "--user", "disable", "--now", SYSTEMD_UNIT_NAME], ["systemctl", "--user", "daemon-reload"]];
    case "systemd-system":
      return env.install
        ? [["systemctl", "daemon-reload"], ["systemctl", "enable", "--now", SYSTEMD_UNIT_NAME]]
        : [["systemctl", "disable", "--now", SYSTEMD_UNIT_NAME], ["systemctl", "daemon-reload"]];
    case "launchd-agent":
      return [["launchctl", env.install ? "bootstrap" : "bootout", `gui/${env.uid ?? 501}`, path]];
    case "launchd-daemon":
      return [["launchctl", env.install ? "bootstrap" : "bootout", "system", path]];
    case "windows":
      return [];
  }
}

async function runAll(list: readonly string[][], env: InstallEnv): Promise<boolean> {
  for (const command of list) {
    env.out(`Running: ${command.join(" ")}`);
    const code = await env.runCommand(command).catch((error) => {
      env.err(`Cannot run "${command[0]}": ${errorMessage(error)}`);
      return -1;
    });
    if (code !== 0) {
      env.err(`"${command.join(" ")}" failed with exit code ${code}`);
      return false;
    }
  }
  return true;
}

function printCommands(list: readonly string[][], env: InstallEnv, heading: string): void {
  if (list.length === 0) return;
  env.out(heading);
  for (const command of list) env.out(`  ${command.join(" ")}`);
}

/** Writes the service definition for `command` and enables it (or prints how). Returns the exit code. */
export async function installService(command: readonly string[], env: InstallEnv): Promise<number> {
  const target = serviceTarget(env);
  if (target.kind === "windows") {
    env.out(windowsInstallText(command));
    return 0;
  }
  const path = target.path!;
  const text = target.kind.startsWith("systemd")
    ? systemdUnit(command, { system: target.kind === "systemd-system" })
    : launchdPlist(command, {
      logFile: target.kind === "launchd-daemon"
        ? "/Library/Logs/duplicati-service.log"
        : join(env.home ?? "/tmp", "Library", "Logs", "duplicati-service.log"),
    });
  const list = commands(target, { uid: env.uid, install: true });
  if (env.dryRun) {
    env.out(`Would write ${path}:`);
    env.out(text.trimEnd());
    printCommands(list, env, "and then enable it with:");
    return 0;
  }
  try {
    Deno.mkdirSync(dirname(path), { recursive: true });
    Deno.writeTextFileSync(path, text, { mode: 0o644 });
  } catch (error) {
    throw new UserInputError(`Cannot write "${path}": ${errorMessage(error)}`, { cause: error });
  }
  env.out(`Wrote ${path}`);
  if (env.runCommands) return (await runAll(list, env)) ? 0 : 1;
  printCommands(list, env, "Enable and start it with:");
  if (target.kind === "systemd-user") {
    env.out("To keep it running while you are logged out:");
    env.out("  loginctl enable-linger $USER");
  }
  if (target.kind.startsWith("systemd")) {
    env.out("Its output, including the first sign-in link, goes to the journal:");
    env.out(`  journalctl ${target.kind === "systemd-user" ? "--user " : ""}--unit=duplicati`);
  }
  return 0;
}

/** Disables (or prints how) and removes the service definition. Returns the exit code. */
export async function uninstallService(env: InstallEnv): Promise<number> {
  const target = serviceTarget(env);
  if (target.kind === "windows") {
    env.out(windowsUninstallText());
    return 0;
  }
  const path = target.path!;
  const list = commands(target, { uid: env.uid, install: false });
  let exists = true;
  try {
    Deno.statSync(path);
  } catch {
    exists = false;
  }
  if (env.dryRun) {
    env.out(exists ? `Would remove ${path}` : `Nothing to remove: ${path} does not exist`);
    printCommands(list, env, "after disabling it with:");
    return 0;
  }
  // Disable first: systemctl and launchctl need the file to find the service.
  if (env.runCommands && exists && !(await runAll(list.slice(0, 1), env))) return 1;
  if (exists) {
    try {
      Deno.removeSync(path);
    } catch (error) {
      throw new UserInputError(`Cannot remove "${path}": ${errorMessage(error)}`, { cause: error });
    }
    env.out(`Removed ${path}`);
  } else {
    env.out(`Nothing to remove: ${path} does not exist`);
  }
  if (env.runCommands) return (await runAll(list.slice(1), env)) ? 0 : 1;
  printCommands(list, env, "Stop and disable it with:");
  return 0;
}
