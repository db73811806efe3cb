/**
 * `service install` / `service uninstall`: write or remove the systemd unit (Linux: a user unit, or a system unit
 * as root) or launchd property list (macOS: an agent, or a daemon as root), then print the commands that enable or
 * disable it, or run them (`--enable` / `--disable`). Windows gets the `sc.exe` commands printed. `--dry-run` prints
 * the files instead of writing them. Secret server options never go into a command line: systemd reads them from an
 * owner-only (0600) EnvironmentFile next to the unit, launchd from the property list (then written 0600).
 * @module
 */
import { dirname, join } from "node:path";
import { errorMessage, UserInputError } from "../core/errors.ts";
import { fileExists, removeServiceFile, writeServiceFile } from "./service_files.ts";
import {
  LAUNCHD_LABEL,
  launchdPlist,
  SYSTEMD_UNIT_NAME,
  systemdEnvironmentFile,
  systemdUnit,
  windowsInstallText,
  windowsUninstallText,
} from "./unit_files.ts";

/** The systemd environment file with the secret options, next to the unit. */
const ENVIRONMENT_FILE_NAME = "duplicati.env";

/** What `service install` registers. */
export interface ServiceDefinition {
  /** The command line, program first; holds no secrets. */
  readonly command: readonly string[];
  /** The secret server options as `DUPLICATI__<OPTION>` variables. */
  readonly environment: Readonly<Record<string, string>>;
}

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
function serviceTarget(env: Pick<InstallEnv, "os" | "uid" | "home">): ServiceTarget {
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

/** The systemd environment file of a target; undefined for launchd. */
function environmentFileOf(target: ServiceTarget): string | undefined {
  return target.kind.startsWith("systemd") ? join(dirname(target.path!), ENVIRONMENT_FILE_NAME) : undefined;
}

interface PlannedFile {
  readonly path: string;
  readonly text: string;
  /** The text with secret values hidden, for --dry-run. */
  readonly shown: string;
  readonly mode: number;
}

/** The files to write, the environment file (with the secrets) first so the unit never names a missing file. */
function plannedFiles(target: ServiceTarget, definition: ServiceDefinition, home: string | undefined): PlannedFile[] {
  const secret = Object.keys(definition.environment).length > 0;
  const hidden = Object.fromEntries(Object.keys(definition.environment).map((name) => [name, "<hidden>"]));
  const path = target.path!;
  if (target.kind.startsWith("systemd")) {
    const environmentFile = environmentFileOf(target)!;
    const unit = systemdUnit(definition.command, {
      system: target.kind === "systemd-system",
      ...(secret ? { environmentFile } : {}),
    });
    const unitFile = { path, text: unit, shown: unit, mode: 0o644 };
    if (!secret) return [unitFile];
    const text = systemdEnvironmentFile(definition.environment);
    return [{ path: environmentFile, text, shown: systemdEnvironmentFile(hidden), mode: 0o600 }, unitFile];
  }
  const logFile = target.kind === "launchd-daemon"
    ? "/Library/Logs/duplicati-service.log"
    : join(home ?? "/tmp", "Library", "Logs", "duplicati-service.log");
  return [{
    path,
    text: launchdPlist(definition.command, { logFile, environment: definition.environment }),
    shown: launchdPlist(definition.command, { logFile, environment: hidden }),
    mode: secret ? 0o600 : 0o644,
  }];
}

/** Writes the service definition and enables it (or prints how). Returns the exit code. */
export async function installService(definition: ServiceDefinition, env: InstallEnv): Promise<number> {
  const target = serviceTarget(env);
  if (target.kind === "windows") {
    env.out(windowsInstallText(definition.command, Object.keys(definition.environment)));
    return 0;
  }
  const files = plannedFiles(target, definition, env.home);
  // A secrets file left by an earlier install with secrets goes, so no stale password stays behind.
  const stale = environmentFileOf(target);
  const removeStale = stale !== undefined && !files.some((file) => file.path === stale) && fileExists(stale);
  const list = commands(target, { uid: env.uid, install: true });
  if (env.dryRun) {
    for (const file of files) {
      env.out(`Would write ${file.path}${file.mode === 0o600 ? " (owner-only)" : ""}:`);
      env.out(file.shown.trimEnd());
    }
    if (removeStale) env.out(`Would remove ${stale}`);
    printCommands(list, env, "and then enable it with:");
    return 0;
  }
  for (const file of files) {
    writeServiceFile(file.path, file);
    env.out(`Wrote ${file.path}`);
  }
  if (removeStale) {
    removeServiceFile(stale);
    env.out(`Removed ${stale}`);
  }
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
  const exists = fileExists(path);
  const secrets = environmentFileOf(target);
  const secretsExist = secrets !== undefined && fileExists(secrets);
  if (env.dryRun) {
    env.out(exists ? `Would remove ${path}` : `Nothing to remove: ${path} does not exist`);
    if (secretsExist) env.out(`Would remove ${secrets}`);
    printCommands(list, env, "after disabling it with:");
    return 0;
  }
  // Disable first: systemctl and launchctl need the file to find the service.
  if (env.runCommands && exists && !(await runAll(list.slice(0, 1), env))) return 1;
  if (exists) {
    removeServiceFile(path);
    env.out(`Removed ${path}`);
  } else {
    env.out(`Nothing to remove: ${path} does not exist`);
  }
  if (secretsExist) {
    removeServiceFile(secrets);
    env.out(`Removed ${secrets}`);
  }
  if (env.runCommands) return (await runAll(list.slice(1), env)) ? 0 : 1;
  printCommands(list, env, "Stop and disable it with:");
  return 0;
}
