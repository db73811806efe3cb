/**
 * The server's command-line options (surface spec §3.1), declared once: they drive parsing, validation, the
 * `DUPLICATI__<OPTION>` environment forms and `server --help`.
 * @module
 */
import { LOG_LEVELS, type LogLevel } from "../core/log.ts";
import {
  booleanOption,
  enumOption,
  passwordOption,
  pathOption,
  stringOption,
  timespanOption,
} from "../options/define.ts";
import { PARAMETERS_FILE, PORTABLE_MODE, SERVER_DATAFOLDER, TEMPDIR } from "../options/common_options.ts";
import { LOG_FILE } from "../options/logging_options.ts";
import type { OptionSpec } from "../options/option_spec.ts";
import { OptionRegistry } from "../options/registry.ts";

export const WEBSERVICE_PORT: OptionSpec<string> = stringOption({
  name: "webservice-port",
  summary: "Port, or a comma-separated list of ports tried in order, for the web server",
  default: "8200",
  category: "server",
});
export const WEBSERVICE_INTERFACE: OptionSpec<string> = stringOption({
  name: "webservice-interface",
  summary: 'Interface to listen on: "loopback", "any" (also "all" or "*"), or an IP address',
  default: "loopback",
  category: "server",
});
export const WEBSERVICE_ALLOWED_HOSTNAMES: OptionSpec<string | undefined> = stringOption({
  name: "webservice-allowed-hostnames",
  aliases: ["webservice-allowedhostnames"],
  summary: 'Host names accepted in requests besides IP addresses and localhost, separated by ";" ("*" accepts any)',
  category: "server",
});
export const WEBSERVICE_PASSWORD: OptionSpec<string | undefined> = passwordOption({
  name: "webservice-password",
  aliases: ["webserver-password"],
  summary: "Sets the password for the web UI and the API (kept until changed)",
  category: "server",
});
export const WEBSERVICE_SSLCERTIFICATEFILE: OptionSpec<string | undefined> = pathOption({
  name: "webservice-sslcertificatefile",
  summary: "PEM certificate (chain) file; with --webservice-sslcertificatekeyfile the server speaks HTTPS only",
  category: "server",
});
export const WEBSERVICE_SSLCERTIFICATEKEYFILE: OptionSpec<string | undefined> = pathOption({
  name: "webservice-sslcertificatekeyfile",
  summary: "PEM private key file of --webservice-sslcertificatefile",
  category: "server",
});
export const SETTINGS_ENCRYPTION_KEY: OptionSpec<string | undefined> = passwordOption({
  name: "settings-encryption-key",
  summary: "Key that encrypts passphrases and credentials in the server database (env SETTINGS_ENCRYPTION_KEY); " +
    "without it a generated key is kept in a separate file in the data folder",
  category: "server",
});
export const SERVER_LOG_LEVEL: OptionSpec<LogLevel> = enumOption({
  name: "log-level",
  summary: "Lowest level of messages written to --log-file",
  values: LOG_LEVELS,
  default: "Warning",
  category: "server",
});
export const LOG_CONSOLE: OptionSpec<boolean> = booleanOption({
  name: "log-console",
  summary: "Also write log messages to the console (Information unless --log-level)",
  category: "server",
});
export const LOG_RETENTION: OptionSpec<number> = timespanOption({
  name: "log-retention",
  summary: "Server and backup log rows older than this are removed (daily)",
  default: "30D",
  category: "server",
});
export const WEBSERVICE_TIMEZONE: OptionSpec<string | undefined> = stringOption({
  name: "webservice-timezone",
  summary: "IANA time zone for schedules (default: the system's); kept until changed",
  category: "server",
});
export const PING_PONG_KEEPALIVE: OptionSpec<boolean> = booleanOption({
  name: "ping-pong-keepalive",
  summary: 'Answer "pong" to each line on standard input and stop on a "shutdown" line (used by "service run")',
  category: "server",
});
export const NO_SIGNIN_LINK: OptionSpec<boolean> = booleanOption({
  name: "webservice-disable-signin-tokens",
  summary: "Do not print a sign-in link and refuse sign-in tokens while the server runs with this option",
  category: "server",
});
/** `--parameters-file` as the server reads it: more server options from a file (they win over the command line). */
export const SERVER_PARAMETERS_FILE: OptionSpec<string | undefined> = {
  ...PARAMETERS_FILE,
  summary: "File with one --option=value per line; its options override the command line's",
  category: "server",
};
/** `--tempdir` as the server uses it: the temporary folder of every backup task (a backup's own --tempdir wins). */
export const SERVER_TEMPDIR: OptionSpec<string | undefined> = {
  ...TEMPDIR,
  summary: "Folder for temporary files of the backup tasks (a backup's own --tempdir wins); the system's if absent",
};

/** Every option `server` accepts. */
export function serverOptionSpecs(): OptionSpec<unknown>[] {
  return [
    WEBSERVICE_PORT,
    WEBSERVICE_INTERFACE,
    WEBSERVICE_ALLOWED_HOSTNAMES,
    WEBSERVICE_PASSWORD,
    WEBSERVICE_SSLCERTIFICATEFILE,
    WEBSERVICE_SSLCERTIFICATEKEYFILE,
    SETTINGS_ENCRYPTION_KEY,
    SERVER_DATAFOLDER,
    PORTABLE_MODE,
    SERVER_PARAMETERS_FILE,
    SERVER_TEMPDIR,
    LOG_FILE,
    SERVER_LOG_LEVEL,
    LOG_CONSOLE,
    LOG_RETENTION,
    WEBSERVICE_TIMEZONE,
    PING_PONG_KEEPALIVE,
    NO_SIGNIN_LINK,
  ] as OptionSpec<unknown>[];
}

let registry: OptionRegistry | undefined;

export function serverRegistry(): OptionRegistry {
  if (!registry) {
    registry = new OptionRegistry();
    registry.register(...serverOptionSpecs());
  }
  return registry;
}

/**
 * Options from the environment (`DUPLICATI__WEBSERVICE_PORT` for --webservice-port, `SETTINGS_ENCRYPTION_KEY`),
 * for the names the command line does not set (the command line wins).
 */
export function environmentOptions(
  env: Readonly<Record<string, string | undefined>>,
  given: ReadonlyMap<string, string | undefined>,
): Map<string, string | undefined> {
  const merged = new Map<string, string | undefined>();
  const reg = serverRegistry();
  const givenNames = new Set([...given.keys()].map((n) => reg.lookup(n)?.name ?? n.toLowerCase()));
  for (const spec of serverOptionSpecs()) {
    if (givenNames.has(spec.name)) continue;
    const value = env[`DUPLICATI__${spec.name.toUpperCase().replaceAll("-", "_")}`] ??
      (spec === SETTINGS_ENCRYPTION_KEY ? env.SETTINGS_ENCRYPTION_KEY : undefined);
    if (value !== undefined) merged.set(spec.name, value);
  }
  for (const [name, value] of given) merged.set(name, value);
  return merged;
}
