/**
 * The SQLite {@link ConfigStore}: Duplicati-server.sqlite in the data folder, secrets encrypted with the server key.
 * Everything is synchronous (node:sqlite and node:crypto), and every multi-row change is one transaction.
 * @module
 */
import type { DatabaseSync } from "node:sqlite";
import { BackupsTable } from "./backups_table.ts";
import type { FieldCipher } from "./field_cipher.ts";
import { LogsTable } from "./logs_table.ts";
import type {
  BackupConfig,
  BackupLogRow,
  BackupSetting,
  ConfigStore,
  NewBackup,
  Notification,
  Schedule,
  ServerLogRow,
  TokenFamily,
} from "./model.ts";
import { NotificationsTable } from "./notifications_table.ts";
import { SchedulesTable } from "./schedules_table.ts";
import { type Migration, openServerDatabase } from "./server_database.ts";
import type { ServerKey } from "./server_key.ts";
import { SettingsTable } from "./settings_table.ts";
import { unlockDatabase } from "./store_key_check.ts";
import { TokenFamiliesTable } from "./token_families_table.ts";

/** What {@link openConfigStore} needs. */
export interface ConfigStoreEnv {
  /** The database file, normally `serverDatabasePath(dataFolder)`. */
  readonly path: string;
  /** Where new backups' local databases are named (`<dataFolder>/<10 letters>.sqlite`). */
  readonly dataFolder: string;
  /** From `loadServerKey()`: the key file's 32 bytes or the `--settings-encryption-key` text. */
  readonly key: ServerKey;
  /** Epoch ms for notifications without a timestamp; defaults to Date.now. */
  readonly now?: () => number;
  /** Replaces the built-in migrations (tests). */
  readonly migrations?: readonly Migration[];
}

/**
 * Opens (creating and migrating) the server database and checks the key against it. Throws UserInputError for a
 * key that does not match the database or a database from a newer program.
 */
export function openConfigStore(env: ConfigStoreEnv): ConfigStore {
  const db = openServerDatabase(env.path, env.migrations === undefined ? {} : { migrations: env.migrations });
  try {
    const cipher = unlockDatabase(db, env.key);
    return new SqliteConfigStore(db, { cipher, dataFolder: env.dataFolder, now: env.now ?? Date.now });
  } catch (error) {
    db.close();
    throw error;
  }
}

class SqliteConfigStore implements ConfigStore {
  readonly #db: DatabaseSync;
  readonly #backups: BackupsTable;
  readonly #schedules: SchedulesTable;
  readonly #settings: SettingsTable;
  readonly #notifications: NotificationsTable;
  readonly #logs: LogsTable;
  readonly #tokens: TokenFamiliesTable;

  constructor(
    db: DatabaseSync,
    env: { cipher: FieldCipher; dataFolder: string; now: () => number },
  ) {
    this.#db = db;
    this.#backups = new BackupsTable(db, env);
    this.#schedules = new SchedulesTable(db);
    this.#settings = new SettingsTable(db, env.cipher);
    this.#notifications = new NotificationsTable(db, env.now);
    this.#logs = new LogsTable(db);
    this.#tokens = new TokenFamiliesTable(db);
  }

  listBackups(): BackupConfig[] {
    return this.#backups.list();
  }
  getBackup(id: number): BackupConfig | undefined {
    return this.#backups.get(id);
  }
  findBackupByName(name: string): BackupConfig | undefined {
    return this.#backups.findByName(name);
  }
  createBackup(backup: NewBackup): BackupConfig {
    return this.#backups.create(backup);
  }
  updateBackup(id: number, backup: NewBackup): BackupConfig {
    return this.#backups.update(id, backup);
  }
  deleteBackup(id: number): void {
    this.#backups.delete(id);
  }
  patchMetadata(id: number, patch: Readonly<Record<string, string | null>>): void {
    this.#backups.patchMetadata(id, patch);
  }

  getSchedule(backupId: number): Schedule | undefined {
    return this.#schedules.get(backupId);
  }
  setSchedule(backupId: number, schedule: Omit<Schedule, "backupId"> | null): void {
    this.#schedules.set(backupId, schedule);
  }
  listSchedules(): Schedule[] {
    return this.#schedules.list();
  }

  getSetting(key: string): string | undefined {
    return this.#settings.get(key);
  }
  setSetting(key: string, value: string | null): void {
    this.#settings.set(key, value);
  }
  setSettings(patch: Readonly<Record<string, string | null>>): void {
    this.#settings.setMany(patch);
  }
  allSettings(): Record<string, string> {
    return this.#settings.all();
  }
  getGlobalOptions(): BackupSetting[] {
    return this.#settings.globalOptions();
  }
  setGlobalOptions(options: readonly BackupSetting[]): void {
    this.#settings.setGlobalOptions(options);
  }
  getUiSettings(scheme: string): Record<string, string> {
    return this.#settings.uiSettings(scheme);
  }
  patchUiSettings(scheme: string, patch: Readonly<Record<string, string | null>>): void {
    this.#settings.patchUiSettings(scheme, patch);
  }

  addNotification(n: Omit<Notification, "id" | "timestamp"> & { timestamp?: number }): Notification {
    return this.#notifications.add(n);
  }
  listNotifications(): Notification[] {
    return this.#notifications.list();
  }
  dismissNotification(id: number): boolean {
    return this.#notifications.dismiss(id);
  }

  addBackupLog(row: Omit<BackupLogRow, "id">): number {
    return this.#logs.addBackupLog(row);
  }
  listBackupLog(backupId: number, page: { before?: number; pageSize: number; type?: string }): BackupLogRow[] {
    return this.#logs.listBackupLog(backupId, page);
  }
  addServerLog(row: Omit<ServerLogRow, "id">): number {
    return this.#logs.addServerLog(row);
  }
  listServerLog(page: { before?: number; beforeTimestamp?: number; pageSize: number }): ServerLogRow[] {
    return this.#logs.listServerLog(page);
  }
  purgeLogs(olderThan: number): number {
    return this.#logs.purge(olderThan);
  }

  createTokenFamily(userId: string, now: number): TokenFamily {
    return this.#tokens.create(userId, now);
  }
  getTokenFamily(id: string): TokenFamily | undefined {
    return this.#tokens.get(id);
  }
  updateTokenFamily(id: string, counter: number, now: number): void {
    this.#tokens.update(id, counter, now);
  }
  deleteTokenFamily(id: string): void {
    this.#tokens.delete(id);
  }
  deleteAllTokenFamilies(): void {
    this.#tokens.deleteAll();
  }
  deleteTokenFamiliesOlderThan(olderThan: number): number {
    return this.#tokens.deleteOlderThan(olderThan);
  }

  /** Safe to call twice. */
  close(): void {
    if (this.#db.isOpen) this.#db.close();
  }
}
