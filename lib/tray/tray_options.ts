/**
 * The tray launcher's command line: its own options (§6.1) and the server options it passes to the hosted server.
 * Written `--name=value` as Duplicati's tray and server take them; a bare `--flag` means true.
 * @module
 */
import { UserInputError } from "../core/errors.ts";
import { localServerUrl } from "../core/local_server_url.ts";
import { parseBooleanText } from "../options/define.ts";
import { parseOptionToken } from "../options/parse_option_token.ts";
import { parseHostUrl } from "../serverutil/host_url.ts";

/** The tray's ports when no --webservice-port is given, as Duplicati's tray uses them. */
export const TRAY_PORTS = "8200,8300,8400,8500,8600,8700,8800,8900,8989";

/** Options the tray reads itself and does not pass to the hosted server. */
const TRAY_ONLY = new Set([
  "no-hosted-server",
  "hosturl",
  "browser-command",
  "no-browser",
  "host-cert-hash",
  "read-config-from-db",
  "detached-process",
  "ignore-revocation-failure",
  "webserver-password",
  "help",
]);

export interface TrayOptions {
  readonly hosted: boolean;
  readonly hostUrl: string | undefined;
  readonly password: string | undefined;
  readonly browserCommand: string | undefined;
  readonly noBrowser: boolean;
  readonly help: boolean;
  /** `--webservice-port` as given (a port or a comma list). */
  readonly port: string | undefined;
  readonly interface: string | undefined;
  /** `--webservice-sslcertificatefile`: the server speaks HTTPS. */
  readonly certificateFile: string | undefined;
  /** Arguments for the hosted server: everything but the tray's own options, plus the tray's port list. */
  readonly serverArgs: readonly string[];
  /** Duplicati tray options given but not supported here (reported, then ignored). */
  readonly ignored: readonly string[];
}

/** Server options the tray reads too, to find the server. */
const SERVER_ADDRESS = ["webservice-port", "webservice-interface", "webservice-sslcertificatefile"];

const UNSUPPORTED = ["read-config-from-db", "host-cert-hash", "detached-process", "ignore-revocation-failure"];

/** Splits the line into the tray's options and the hosted server's arguments. */
export function parseTrayOptions(args: readonly string[], env: Record<string, string | undefined>): TrayOptions {
  const own = new Map<string, string | undefined>();
  const serverArgs: string[] = [];
  for (const arg of args) {
    if (arg === "-h" || arg === "-?" || arg === "/?") {
      own.set("help", undefined);
      continue;
    }
    const token = parseOptionToken(arg);
    if (token === undefined) {
      throw new UserInputError(`Cannot parse the command line: unexpected argument "${arg}"; options are --name=value`);
    }
    if (TRAY_ONLY.has(token.name)) own.set(token.name, token.value);
    else serverArgs.push(arg);
    if (SERVER_ADDRESS.includes(token.name)) own.set(token.name, token.value);
  }
  const port = own.get("webservice-port") ?? nonEmpty(env["DUPLICATI__WEBSERVICE_PORT"]);
  const legacyPassword = own.get("webserver-password");
  const hosted = !(own.has("no-hosted-server") && parseBooleanText(own.get("no-hosted-server")));
  if (hosted && port === undefined) serverArgs.push(`--webservice-port=${TRAY_PORTS}`);
  if (hosted && legacyPassword !== undefined && !serverArgs.some((a) => a.startsWith("--webservice-password="))) {
    serverArgs.push(`--webservice-password=${legacyPassword}`);
  }
  const password = serverArgs.map(parseOptionToken).find((t) => t?.name === "webservice-password")?.value ??
    legacyPassword ?? nonEmpty(env["DUPLICATI__WEBSERVICE_PASSWORD"]);
  return {
    hosted,
    hostUrl: nonEmpty(own.get("hosturl")),
    password,
    browserCommand: nonEmpty(own.get("browser-command")),
    noBrowser: own.has("no-browser") && parseBooleanText(own.get("no-browser")),
    help: own.has("help"),
    port,
    interface: own.get("webservice-interface") ?? nonEmpty(env["DUPLICATI__WEBSERVICE_INTERFACE"]),
    certificateFile: nonEmpty(own.get("webservice-sslcertificatefile")) ??
      nonEmpty(env["DUPLICATI__WEBSERVICE_SSLCERTIFICATEFILE"]),
    serverArgs,
    ignored: UNSUPPORTED.filter((name) => own.has(name)),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value;
}

/**
 * The server URL to use without a hosted server: --hosturl, else this machine with --webservice-port's first port
 * (https when --webservice-sslcertificatefile is given).
 */
export function detachedHostUrl(options: TrayOptions): string {
  return parseHostUrl(
    options.hostUrl ??
      localServerUrl({
        interface: options.interface,
        ports: options.port,
        https: options.certificateFile !== undefined,
      }),
  );
}
