/**
 * The text of service definitions for `service install`: a systemd unit (Linux), a launchd property list (macOS)
 * and the `sc.exe` / `schtasks` command lines (Windows), plus the owner-only systemd environment file that carries
 * secret server options. Pure: command line and environment in, text out.
 * @module
 */
import { PRODUCT_NAME } from "../version.ts";

export const SYSTEMD_UNIT_NAME = "duplicati.service";
export const LAUNCHD_LABEL = "com.duplicati.server";
const WINDOWS_SERVICE_NAME = "Duplicati";

/** One argument of a systemd ExecStart line: `%` and `$` doubled, quoted when it has blanks, quotes or backslashes. */
export function systemdQuote(arg: string): string {
  const escaped = arg.replaceAll("%", "%%").replaceAll("$", "$$$$");
  if (escaped !== "" && !/[\s"'\\;]/.test(escaped)) return escaped;
  return `"${escaped.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
}

/**
 * A systemd unit that runs `command` (the current binary with `service run ...`) and restarts it always;
 * `environmentFile` (an absolute path) is read for the server's secret options.
 */
export function systemdUnit(command: readonly string[], env: { system: boolean; environmentFile?: string }): string {
  const lines = [
    `# Written by ${PRODUCT_NAME} "service install"; remove it with "service uninstall".`,
    "[Unit]",
    `Description=Duplicati backup server (${PRODUCT_NAME})`,
    ...(env.system ? ["Wants=network-online.target", "After=network-online.target"] : []),
    "",
    "[Service]",
    "Type=simple",
    ...(env.environmentFile === undefined ? [] : [`EnvironmentFile=${env.environmentFile.replaceAll("%", "%%")}`]),
    `ExecStart=${command.map(systemdQuote).join(" ")}`,
    "Restart=always",
    "RestartSec=10",
    "KillSignal=SIGTERM",
    "TimeoutStopSec=90",
    "Nice=19",
    "IOSchedulingClass=idle",
    "",
    "[Install]",
    `WantedBy=${env.system ? "multi-user.target" : "default.target"}`,
    "",
  ];
  return lines.join("\n");
}

/**
 * A systemd EnvironmentFile with `NAME="value"` lines: inside the double quotes backslash, double quote, backquote
 * and dollar are escaped with a backslash, so systemd reads every value back verbatim.
 */
export function systemdEnvironmentFile(environment: Readonly<Record<string, string>>): string {
  const lines = Object.entries(environment).map(([name, value]) =>
    `${name}="${value.replace(/["\\`$]/g, (char) => `\\${char}`)}"`
  );
  return [
    `# Written by ${PRODUCT_NAME} "service install": secret server options, readable by the owner only.`,
    ...lines,
    "",
  ]
    .join("\n");
}

function xmlEscape(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");
}

/**
 * A launchd property list that runs `command` at load and keeps it alive, with `environment` (the server's secret
 * options) as EnvironmentVariables.
 */
export function launchdPlist(
  command: readonly string[],
  env: { logFile: string; environment?: Readonly<Record<string, string>> },
): string {
  const strings = command.map((arg) => `    <string>${xmlEscape(arg)}</string>`);
  const variables = Object.entries(env.environment ?? {});
  const environment = variables.length === 0 ? [] : [
    "  <key>EnvironmentVariables</key>",
    "  <dict>",
    ...variables.flatMap(([name, value]) => [
      `    <key>${xmlEscape(name)}</key>`,
      `    <string>${xmlEscape(value)}</string>`,
    ]),
    "  </dict>",
  ];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    '<plist version="1.0">',
    "<dict>",
    "  <key>Label</key>",
    `  <string>${LAUNCHD_LABEL}</string>`,
    "  <key>ProgramArguments</key>",
    "  <array>",
    ...strings,
    "  </array>",
    ...environment,
    "  <key>RunAtLoad</key>",
    "  <true/>",
    "  <key>KeepAlive</key>",
    "  <true/>",
    "  <key>ProcessType</key>",
    "  <string>Background</string>",
    "  <key>StandardOutPath</key>",
    `  <string>${xmlEscape(env.logFile)}</string>`,
    "  <key>StandardErrorPath</key>",
    `  <string>${xmlEscape(env.logFile)}</string>`,
    "</dict>",
    "</plist>",
    "",
  ].join("\n");
}

/** One argument of a Windows command line (CommandLineToArgvW rules). */
export function windowsQuote(arg: string): string {
  if (arg !== "" && !/[\s"]/.test(arg)) return arg;
  return `"${arg.replace(/(\\*)"/g, '$1$1\\"').replace(/(\\+)$/, "$1$1")}"`;
}

/**
 * The Windows commands that register `command` as a service, and the Task Scheduler alternative. The names in
 * `secretNames` (environment variables) are printed without values: the user sets them in the service's environment.
 */
export function windowsInstallText(command: readonly string[], secretNames: readonly string[] = []): string {
  const line = command.map(windowsQuote).join(" ");
  const binPath = `"${line.replaceAll('"', '\\"')}"`;
  const secrets = secretNames.length === 0 ? [] : [
    `The secret options are not printed: set ${secretNames.join(", ")} in the environment of the service (for`,
    "example in the service host's configuration); the server reads them from there.",
  ];
  return [
    "Register the service from an elevated prompt:",
    `  sc.exe create ${WINDOWS_SERVICE_NAME} binPath= ${binPath} start= delayed-auto DisplayName= "Duplicati service"`,
    `  sc.exe failure ${WINDOWS_SERVICE_NAME} reset= 86400 actions= restart/10000/restart/60000/restart/60000`,
    `  sc.exe start ${WINDOWS_SERVICE_NAME}`,
    "This program does not answer the service control manager itself: run the command under a service host such",
    "as WinSW or NSSM, or start it with the Task Scheduler instead:",
    `  schtasks /Create /TN ${WINDOWS_SERVICE_NAME} /SC ONSTART /RU SYSTEM /RL HIGHEST /TR ${binPath}`,
    ...secrets,
  ].join("\n");
}

/** The Windows commands that remove what {@link windowsInstallText} registered. */
export function windowsUninstallText(): string {
  return [
    "Remove the service from an elevated prompt:",
    `  sc.exe stop ${WINDOWS_SERVICE_NAME}`,
    `  sc.exe delete ${WINDOWS_SERVICE_NAME}`,
    "or, when it was registered with the Task Scheduler:",
    `  schtasks /Delete /TN ${WINDOWS_SERVICE_NAME} /F`,
  ].join("\n");
}
