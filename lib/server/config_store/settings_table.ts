/**
 * Server settings (key/value; keys in SECRET_SETTINGS encrypted at rest), the global backup defaults (an ordered
 * option list; secret names encrypted) and per-scheme UI settings.
 * @module
 */
import { transaction } from "../../database/connection.ts";
import type { FieldCipher } from "./field_cipher.ts";
import { type BackupSetting, SECRET_SETTINGS } from "./model.ts";
import { openOption, sealOptionValue } from "./secret_names.ts";
import type { StatementCache } from "./statement_cache.ts";

/** The `server_setting`, `global_option` and `ui_setting` tables. */
export class SettingsTable {
  readonly #statements: StatementCache;
  readonly #cipher: FieldCipher;

  constructor(statements: StatementCache, cipher: FieldCipher) {
    this.#statements = statements;
    this.#cipher = cipher;
  }

  get(key: string): string | undefined {
    const row = this.#statements.sql("SELECT value FROM server_setting WHERE key = ?").get(key);
    return row === undefined ? undefined : this.#open(key, (row as { value: string }).value);
  }

  /** null deletes. */
  set(key: string, value: string | null): void {
    if (value === null) {
      this.#statements.sql("DELETE FROM server_setting WHERE key = ?").run(key);
      return;
    }
    const stored = SECRET_SETTINGS.has(key) ? this.#cipher.encrypt(value) : value;
    this.#statements.sql(
      "INSERT INTO server_setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    ).run(key, stored);
  }

  /** Every server setting, decrypted. */
  all(): Record<string, string> {
    const rows = this.#statements.sql("SELECT key, value FROM server_setting ORDER BY key").all() as unknown as {
      key: string;
      value: string;
    }[];
    const out: Record<string, string> = {};
    for (const row of rows) out[row.key] = this.#open(row.key, row.value);
    return out;
  }

  globalOptions(): BackupSetting[] {
    const rows = this.#statements.sql("SELECT filter, name, value FROM global_option ORDER BY position").all();
    return (rows as unknown as { filter: string; name: string; value: string }[]).map((row) =>
      openOption(this.#cipher, row)
    );
  }

  /** Replaces the whole list. */
  setGlobalOptions(options: readonly BackupSetting[]): void {
    transaction(this.#statements.db, () => {
      this.#statements.sql("DELETE FROM global_option").run();
      const insert = this.#statements.sql(
        "INSERT INTO global_option (position, filter, name, value) VALUES (?, ?, ?, ?)",
      );
      options.forEach((option, position) =>
        insert.run(position, option.filter, option.name, sealOptionValue(this.#cipher, option))
      );
    });
  }

  uiSettings(scheme: string): Record<string, string> {
    const rows = this.#statements.sql("SELECT key, value FROM ui_setting WHERE scheme = ? ORDER BY key").all(scheme);
    const out: Record<string, string> = {};
    for (const row of rows as unknown as { key: string; value: string }[]) out[row.key] = row.value;
    return out;
  }

  /** Sets the given keys; a null value removes the key. */
  patchUiSettings(scheme: string, patch: Readonly<Record<string, string | null>>): void {
    transaction(this.#statements.db, () => {
      for (const [key, value] of Object.entries(patch)) {
        if (value === null) {
          this.#statements.sql("DELETE FROM ui_setting WHERE scheme = ? AND key = ?").run(scheme, key);
        } else {
          this.#statements.sql(
            "INSERT INTO ui_setting (scheme, key, value) VALUES (?, ?, ?) " +
              "ON CONFLICT (scheme, key) DO UPDATE SET value = excluded.value",
          ).run(scheme, key, value);
        }
      }
    });
  }

  #open(key: string, stored: string): string {
    return SECRET_SETTINGS.has(key) ? this.#cipher.decrypt(stored) : stored;
  }
}
