/**
 * Where the encryption passphrase comes from: `--passphrase`, then the `PASSPHRASE` environment variable, then a
 * terminal prompt (asked twice for a new backup). `--no-encryption` (or an empty passphrase) means none.
 * @module
 */
import { UserInputError } from "../core/errors.ts";
import { NO_ENCRYPTION, PASSPHRASE } from "../options/common_options.ts";
import type { Options } from "../options/option_spec.ts";
import type { RemoteEntry } from "../backends/backend.ts";
import { parseRemoteName } from "../volumes/remote_name.ts";
import type { CommandIo } from "./command.ts";

export interface PassphraseNeed {
  /** Ask twice (a backup that may create a new encrypted backup). */
  readonly confirm: boolean;
}

/** undefined = unencrypted. Throws UserInputError when one is needed and none can be had. */
export async function resolvePassphrase(
  options: Options,
  io: CommandIo,
  need: PassphraseNeed,
): Promise<string | undefined> {
  if (options.get(NO_ENCRYPTION)) return undefined;
  if (options.isSet(PASSPHRASE)) return options.get(PASSPHRASE) || undefined;
  const fromEnv = io.env["PASSPHRASE"];
  if (fromEnv !== undefined) return fromEnv || undefined;
  if (!io.readSecret) {
    throw new UserInputError(
      "Cannot continue without a passphrase: give --passphrase=..., set PASSPHRASE, or use --no-encryption",
    );
  }
  const first = await io.readSecret("Enter encryption passphrase: ");
  if (!first) throw new UserInputError("Cannot continue: an empty passphrase was entered");
  if (need.confirm) {
    const second = await io.readSecret("Confirm encryption passphrase: ");
    if (second !== first) throw new UserInputError("Cannot continue: the passphrases do not match");
  }
  return first;
}

/** The passphrase for a destination known only by its listing: asked for when any volume name says it is encrypted. */
export async function passphraseForListing(
  remote: ReadonlyMap<string, RemoteEntry>,
  env: { options: Options; io: CommandIo },
): Promise<string | undefined> {
  const encrypted = [...remote.keys()].some((name) => parseRemoteName(name)?.encryption !== undefined);
  return encrypted ? await resolvePassphrase(env.options, env.io, { confirm: false }) : undefined;
}
