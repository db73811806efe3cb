/**
 * Server settings (key/value; secret keys, by isSecretSettingKey(), encrypted at rest), the global backup defaults
 * (an ordered option list; secret names encrypted) and per-scheme UI settings.
 * @module
 */
import type { DatabaseSync } from "node:sqlite";
import { transaction } from "../../database/connection.ts";
import { stmt } from "../../database/statements.ts";
import type { FieldCipher } from "./field_cipher.ts";
import type { BackupSetting } from "./model.ts";
import { isSecretSettingKey, openOption, sealOptionValue } from "./secret_names.ts";

/** The `server_setting`, `global_option` and `ui_setting` tables. */
export class SettingsTable {
  readonly #db: DatabaseSync;
  readonly #cipher: FieldCipher;

  constructor(db: DatabaseSync, cipher: FieldCipher) {
    this.#db = db;
    this.#cipher = cipher;
  }

  get(key: string): string | undefined {
    const row = stmt(this.#db, "SELECT value FROM server_setting WHERE key = ?").get(key);
    return row === undefined ? undefined : this.#open(key, (row as { value: string }).value);
  }

  /** null deletes. */
  set(key: string, value: string | null): void {
    if (value === null) {
      stmt(this.#db, "DELETE FROM server_setting WHERE key = ?").run(key);
      return;
    }
    const stored = isSecretSettingKey(key) ? this.#cipher.encrypt(value) : value;
    stmt(
      this.#db,
      "INSERT INTO server_setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    ).run(key, stored);
  }

  /** Sets every key of `patch` (null deletes) in one transaction. */
  setMany(patch: Readonly<Record<string, string | null>>): void {
    transaction(this.#db, () => {
      for (const [key, value] of Object.entries(patch)) this.set(key, value);
    });
  }

  /** Every server setting, decrypted. */
  all(): Record<string, string> {
    const rows = stmt(this.#db, "SELECT key, value FROM server_setting ORDER BY key").all() as unknown as {
      key: string;
      value: string;
    }[];
    const out: Record<string, string> = {};
    for (const row of rows) out[row.key] = this.#open(row.key, row.value);
    return out;
  }

  globalOptions(): BackupSetting[] {
    const rows = stmt(this.#db, "SELECT filter, name, value FROM global_option ORDER BY position").all();
    return (rows as unknown as { filter: string; name: string; value: string }[]).map((row) =>
      openOption(this.#cipher, row)
    );
  }

  /** Replaces the whole list. */
  setGlobalOptions(options: readonly BackupSetting[]): void {
    transaction(this.#db, () => {
      stmt(this.#db, "DELETE FROM global_option").run();
      const insert = stmt(this.#db, "INSERT INTO global_option (position, filter, name, value) VALUES (?, ?, ?, ?)");
      options.forEach((option, position) =>
        insert.run(position, option.filter, option.name, sealOptionValue(this.#cipher, option))
      );
    });
  }

  uiSettings(scheme: string): Record<string, string> {
    const rows = stmt(this.#db, "SELECT key, value FROM ui_setting WHERE scheme = ? ORDER BY key").all(scheme);
    const out: Record<string, string> = {};
    for (const row of rows as unknown as { key: string; value: string }[]) out[row.key] = row.value;
    return out;
  }

  /** Sets the given keys; a null value removes the key. */
  patchUiSettings(scheme: string, patch: Readonly<Record<string, string | null>>): void {
    transaction(this.#db, () => {
      for (const [key, value] of Object.entries(patch)) {
        if (value === null) {
          stmt(this.#db, "DELETE FROM ui_setting WHERE scheme = ? AND key = ?").run(scheme, key);
        } else {
          stmt(
            this.#db,
            "INSERT INTO ui_setting (scheme, key, value) VALUES (?, ?, ?) " +
              "ON CONFLICT (scheme, key) DO UPDATE SET value = excluded.value",
          ).run(scheme, key, value);
        }
      }
    });
  }

  #open(key: string, stored: string): string {
    return isSecretSettingKey(key) ? this.#cipher.decrypt(stored) : stored;
  }
}
