/**
 * Secret server options (`--webservice-password`, `--settings-encryption-key` and any other password-like option)
 * never go on a command line the service writes or prints: they travel as the server's `DUPLICATI__<OPTION>`
 * environment variables instead (an owner-only systemd EnvironmentFile, the launchd property list's
 * EnvironmentVariables, or the supervised child's environment).
 * @module
 */
import { parseOptionToken } from "../options/parse_option_token.ts";

const SECRET_NAME = /password|passphrase|secret|key|token/;

/** Older spellings the server accepts, by the name its environment variable uses. */
const CANONICAL: Readonly<Record<string, string>> = { "webserver-password": "webservice-password" };

/** True for an option whose value is a secret; file options (`--webservice-sslcertificatekeyfile`) are not. */
export function isSecretServerOption(name: string): boolean {
  const bare = name.replace(/^-+/, "").toLowerCase();
  return SECRET_NAME.test(bare) && !bare.endsWith("file");
}

/** The environment variable the server reads for an option: `DUPLICATI__WEBSERVICE_PASSWORD`. */
export function serverEnvironmentName(name: string): string {
  const bare = name.replace(/^-+/, "").toLowerCase();
  return `DUPLICATI__${(CANONICAL[bare] ?? bare).toUpperCase().replaceAll("-", "_")}`;
}

/** Server arguments without their secrets, and the secrets as environment variables. */
export interface SplitServerArgs {
  readonly args: readonly string[];
  readonly environment: Readonly<Record<string, string>>;
}

/** Moves secret options out of `args` into environment variables (the last one given wins, as on the line). */
export function moveSecretsToEnvironment(args: readonly string[]): SplitServerArgs {
  const kept: string[] = [];
  const environment: Record<string, string> = {};
  for (const arg of args) {
    const token = parseOptionToken(arg);
    if (token === undefined || !isSecretServerOption(token.name)) {
      kept.push(arg);
      continue;
    }
    environment[serverEnvironmentName(token.name)] = token.value ?? "";
  }
  return { args: kept, environment };
}

/** The names of the variables, for a printed line that must not hold their values. */
export function describeEnvironment(environment: Readonly<Record<string, string>>): string {
  return Object.keys(environment).sort().join(", ");
}
