/**
 * Which stored values are secrets, and their encryption on the way into and out of the server database.
 * @module
 */
import { isSecretQueryKey } from "../../backends/target_url.ts";
import { cliRegistry } from "../../cli/cli_options.ts";
import type { FieldCipher } from "./field_cipher.ts";
import { type BackupSetting, SECRET_OPTION_NAMES, SECRET_SETTINGS } from "./model.ts";

/** Server setting names that look like key material (checked on the lower-case name). */
const SECRET_LOOKING_SETTING = /passphrase|password|secret|certificate|pbkdf|jwt|private|(^|-)key$|api-key/;

/**
 * True for an option name ("passphrase", "--auth-password", ...) whose value is a secret: the one rule for what is
 * encrypted at rest, masked in the API, left out of exports and scrubbed from task output. The listed names are
 * always secrets; an option the registry knows is one when it is declared as a password (so a flag such as
 * `--force-passphrase-from-stdin` is not); an unknown name (backend options) is one when it looks like a credential
 * (password, secret, key, token, passphrase), as URL query keys are judged.
 */
export function isSecretOptionName(name: string): boolean {
  const bare = name.replace(/^-+/, "").toLowerCase();
  if (SECRET_OPTION_NAMES.has(bare)) return true;
  const spec = cliRegistry().lookup(bare);
  return spec === undefined ? isSecretQueryKey(bare) : spec.kind === "password";
}

/**
 * True for a server setting key whose value is a secret: the one rule for what the settings table encrypts at rest
 * and what GET /serversettings never returns: the keys in SECRET_SETTINGS and names that look like key material
 * (passphrase, password, secret, certificate, pbkdf, jwt, private, …-key).
 */
export function isSecretSettingKey(key: string): boolean {
  const lower = key.toLowerCase();
  return SECRET_SETTINGS.has(lower) || SECRET_LOOKING_SETTING.test(lower);
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
