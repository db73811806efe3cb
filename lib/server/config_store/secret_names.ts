/**
 * Which stored values are secrets, and their encryption on the way into and out of the server database.
 * @module
 */
import type { FieldCipher } from "./field_cipher.ts";
import { type BackupSetting, SECRET_OPTION_NAMES } from "./model.ts";

/** True for an option name ("passphrase", "--auth-password", ...) whose value is a secret. */
export function isSecretOptionName(name: string): boolean {
  return SECRET_OPTION_NAMES.has(name.replace(/^--/, "").toLowerCase());
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
