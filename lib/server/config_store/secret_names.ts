/**
 * Which stored values are secrets, and their encryption on the way into and out of the server database.
 * @module
 */
import { isSecretQueryKey } from "../../backends/target_url.ts";
import { cliRegistry } from "../../cli/cli_options.ts";
import type { FieldCipher } from "./field_cipher.ts";
import { type BackupSetting, SECRET_OPTION_NAMES } from "./model.ts";

/**
 * True for an option name ("passphrase", "--auth-password", ...) whose value is a secret: the one rule for what is
 * encrypted at rest, masked in the API, left out of exports and scrubbed from task output. Secret are the listed
 * names, options the registry declares as passwords, and names that look like credentials (password, secret, key,
 * token, passphrase), as URL query keys are judged.
 */
export function isSecretOptionName(name: string): boolean {
  const bare = name.replace(/^-+/, "").toLowerCase();
  return SECRET_OPTION_NAMES.has(bare) || isSecretQueryKey(bare) || cliRegistry().lookup(bare)?.kind === "password";
}

/** The value to store for an option: encrypted when the name marks a secret. */
export function sealOptionValue(cipher: FieldCipher, option: { name: string; value: string }): string {
  return isSecretOptionName(option.name) ? cipher.encrypt(option.value) : option.value;
}

/** A stored option row back as a setting with its value in clear text (only secret names are ever encrypted). */
export function openOption(cipher: FieldCipher, row: { filter: string; name: string; value: string }): BackupSetting {
  const value = isSecretOptionName(row.name) ? cipher.decrypt(row.value) : row.value;
  return { filter: row.filter, name: row.name, value };
}
