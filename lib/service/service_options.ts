/**
 * The service's command line: its own `--service-*` options and switches, and the server arguments it passes on.
 * Written `--name=value` like the server's options; a bare `--flag` means true. Durations are Duplicati timespans
 * ("15m", "1h", "30s") or milliseconds ("500ms").
 * @module
 */
import { UserInputError } from "../core/errors.ts";
import { localServerUrl } from "../core/local_server_url.ts";
import { parseBooleanText } from "../options/define.ts";
import { parseOptionToken } from "../options/parse_option_token.ts";
import { parseTimespan } from "../options/parse_timespan.ts";

/** Supervision settings (`service run`). */
export interface SupervisionSettings {
  readonly pingIntervalMs: number;
  readonly pongTimeoutMs: number;
  readonly pingAttempts: number;
  readonly initialRestartDelayMs: number;
  readonly maxRestartDelayMs: number;
  readonly stableAfterMs: number;
  /** GET this for health checks; undefined = derived from the server's port, "none" = off. */
  readonly healthUrl: string | undefined;
}

export interface ServiceLine {
  readonly supervision: SupervisionSettings;
  readonly dryRun: boolean;
  /** `--enable` (install) / `--disable` (uninstall): run the systemctl or launchctl commands instead of printing them. */
  readonly runCommands: boolean;
  /** `--service-*` options as given, for the installed command line. */
  readonly serviceArgs: readonly string[];
  /** Everything else: the server's arguments. */
  readonly serverArgs: readonly string[];
}

/** Help lines of the `--service-*` options, with their defaults. */
export const SERVICE_OPTION_HELP: readonly string[] = [
  "--service-ping-interval=<span>      How often the server is pinged on stdin and checked on /health (15m)",
  "--service-ping-timeout=<span>       How long to wait for each pong (1m)",
  "--service-ping-attempts=<n>         Unanswered pings in a row before the server is restarted (5)",
  "--service-restart-delay=<span>      First delay before a restart; doubles for each quick failure (1s)",
  "--service-max-restart-delay=<span>  Longest delay before a restart (60s)",
  "--service-stable-after=<span>       A server that ran this long resets the delay (5m)",
  "--service-health-url=<url|none>     Health check URL (default http(s)://127.0.0.1:<port>/health)",
];

/** A duration option's value in milliseconds. */
export function parseDuration(name: string, text: string): number {
  const ms = /^\s*(\d+)\s*ms\s*$/.exec(text);
  const value = ms ? Number(ms[1]) : parseTimespan(text);
  if (!(value > 0)) throw new UserInputError(`Cannot use --${name}="${text}": it must be longer than zero`);
  return value;
}

const SWITCHES = new Set(["dry-run", "enable", "disable"]);

/** Splits the line of `service run|install|uninstall`. */
export function parseServiceLine(args: readonly string[]): ServiceLine {
  const values = new Map<string, string | undefined>();
  const serviceArgs: string[] = [];
  const serverArgs: string[] = [];
  for (const arg of args) {
    const token = parseOptionToken(arg);
    if (token === undefined) {
      throw new UserInputError(`Cannot parse the command line: unexpected argument "${arg}"; options are --name=value`);
    }
    if (token.name.startsWith("service-")) {
      values.set(token.name, token.value);
      serviceArgs.push(arg);
    } else if (SWITCHES.has(token.name)) {
      values.set(token.name, token.value);
    } else {
      serverArgs.push(arg);
    }
  }
  const duration = (name: string, fallback: string) => parseDuration(name, values.get(name) ?? fallback);
  const attemptsText = values.get("service-ping-attempts") ?? "5";
  if (!/^\d+$/.test(attemptsText) || Number(attemptsText) < 1) {
    throw new UserInputError(
      `Cannot use --service-ping-attempts="${attemptsText}": it must be a whole number, at least 1`,
    );
  }
  const known = new Set(SERVICE_OPTION_HELP.map((line) => line.slice(2, line.indexOf("="))));
  for (const name of values.keys()) {
    if (name.startsWith("service-") && !known.has(name)) {
      throw new UserInputError(`Cannot parse the command line: unknown option "--${name}"`);
    }
  }
  const flag = (name: string) => values.has(name) && parseBooleanText(values.get(name));
  return {
    supervision: {
      pingIntervalMs: duration("service-ping-interval", "15m"),
      pongTimeoutMs: duration("service-ping-timeout", "1m"),
      pingAttempts: Number(attemptsText),
      initialRestartDelayMs: duration("service-restart-delay", "1s"),
      maxRestartDelayMs: duration("service-max-restart-delay", "60s"),
      stableAfterMs: duration("service-stable-after", "5m"),
      healthUrl: values.get("service-health-url"),
    },
    dryRun: flag("dry-run"),
    runCommands: flag("enable") || flag("disable"),
    serviceArgs,
    serverArgs,
  };
}

/**
 * The server's /health URL from its `--webservice-port` (first port of a list), `--webservice-interface` and
 * `--webservice-sslcertificatefile` (https when given), on the line or as `DUPLICATI__<OPTION>` variables.
 */
export function healthUrlFor(serverArgs: readonly string[], env: Record<string, string | undefined>): string {
  const option = (name: string) =>
    serverArgs.map(parseOptionToken).findLast((token) => token?.name === name)?.value ??
      env[`DUPLICATI__${name.toUpperCase().replaceAll("-", "_")}`];
  const certificate = option("webservice-sslcertificatefile")?.trim();
  const base = localServerUrl({
    interface: option("webservice-interface"),
    ports: option("webservice-port"),
    https: certificate !== undefined && certificate !== "",
  });
  return `${base}health`;
}
