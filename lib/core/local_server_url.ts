/**
 * How a client on this machine reaches a server from the server's own options (`--webservice-interface`,
 * `--webservice-port`, `--webservice-sslcertificatefile`): used by the service's health check and the tray launcher.
 * @module
 */

const IPV4_ANY_OR_LOOPBACK = ["", "loopback", "any", "all", "*", "0.0.0.0", "localhost"];
const IPV6_ANY_OR_LOOPBACK = ["::", "[::]", "::1", "[::1]"];

/**
 * The host a local client uses for a server bound to `bindInterface`: 127.0.0.1 for loopback and any interface
 * ("any", "all", "*", "0.0.0.0"), [::1] for IPv6 any or loopback, other IPv6 addresses in brackets, other addresses
 * as they are.
 */
export function localServerHost(bindInterface: string | undefined): string {
  const value = (bindInterface ?? "loopback").trim().toLowerCase();
  if (IPV4_ANY_OR_LOOPBACK.includes(value)) return "127.0.0.1";
  if (IPV6_ANY_OR_LOOPBACK.includes(value)) return "[::1]";
  if (value.includes(":") && !value.startsWith("[")) return `[${value}]`;
  return value;
}

/** What {@link localServerUrl} needs; undefined fields take the server's defaults. */
export interface LocalServerOptions {
  /** `--webservice-interface`; default loopback. */
  readonly interface: string | undefined;
  /** `--webservice-port`: a port or a comma list (the first one is used); default 8200. */
  readonly ports: string | undefined;
  /** True when the server speaks HTTPS (a certificate file option was given). */
  readonly https: boolean;
}

/** The server's base URL with a trailing slash, e.g. "https://127.0.0.1:8200/". */
export function localServerUrl(options: LocalServerOptions): string {
  const port = (options.ports ?? "").split(",")[0]!.trim() || "8200";
  return `${options.https ? "https" : "http"}://${localServerHost(options.interface)}:${port}/`;
}
