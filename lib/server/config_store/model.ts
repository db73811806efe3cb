/**
 * The server's configuration model and the store interface the rest of the server codes against. The SQLite
 * implementation is `config_store.ts`; secrets are encrypted inside it, so callers see plain values.
 * @module
 */
import type { Weekday } from "../api_types.ts";

export interface BackupSetting {
  /** Restricts the setting (for example to a backend scheme); "" = always. */
  readonly filter: string;
  /** First-class settings without dashes ("passphrase", "dblock-size", "keep-versions"); advanced with "--". */
  readonly name: string;
  readonly value: string;
}
export interface BackupFilterRule {
  readonly order: number;
  readonly include: boolean;
  readonly expression: string;
}
/** One configured backup job, secrets in clear text (the store encrypts them at rest). */
export interface BackupConfig {
  readonly id: number;
  readonly name: string;
  readonly description: string;
  readonly tags: readonly string[];
  readonly targetUrl: string;
  /** Absolute path of the backup's local database. */
  readonly dbPath: string;
  readonly externalId: string | null;
  readonly sources: readonly string[];
  readonly settings: readonly BackupSetting[];
  readonly filters: readonly BackupFilterRule[];
  /** Duplicati's metadata keys: LastBackupDate, LastBackupStarted, SourceFilesSize, BackupListCount, ... */
  readonly metadata: Readonly<Record<string, string>>;
}
export type NewBackup = Omit<BackupConfig, "id" | "metadata" | "dbPath"> & {
  readonly metadata?: Readonly<Record<string, string>>;
  /** Omitted: a new randomly named database file in the data folder. */
  readonly dbPath?: string;
};

export interface Schedule {
  readonly backupId: number;
  /** Next planned run, Unix epoch milliseconds (UTC). */
  readonly time: number;
  /** Timespan such as "1D", "1W", "2h", "1M", "30m" (the API stores no schedule for an empty repeat). */
  readonly repeat: string;
  /** Start of the last run, epoch ms; 0 = never. */
  readonly lastRun: number;
  /** Empty = every day. */
  readonly allowedDays: readonly Weekday[];
}

export type NotificationType = "Information" | "Warning" | "Error";
export interface Notification {
  readonly id: number;
  readonly type: NotificationType;
  readonly title: string;
  readonly message: string;
  readonly exception: string;
  readonly backupId: number | null;
  readonly action: string;
  /** Epoch ms. */
  readonly timestamp: number;
}

/** A row of a backup's log: "Result" rows hold the TaskResultJson text in `message`. */
export interface BackupLogRow {
  readonly id: number;
  readonly backupId: number;
  /** The task id that wrote it. */
  readonly operationId: number;
  /** Epoch ms. */
  readonly timestamp: number;
  /** "Result", "Warning", "Error", "Information", "Remote". */
  readonly type: string;
  readonly message: string;
  readonly exception: string | null;
}
/** A server-level log row (ErrorLog). */
export interface ServerLogRow {
  readonly id: number;
  readonly backupId: number | null;
  /** "Error", "Warning", "Information". */
  readonly level: string;
  readonly message: string;
  readonly exception: string | null;
  readonly timestamp: number;
}

export interface TokenFamily {
  readonly id: string;
  readonly userId: string;
  readonly counter: number;
  /** Epoch ms. */
  readonly lastUpdated: number;
}

/** Everything the server keeps in Duplicati-server.sqlite. All methods are synchronous (node:sqlite). */
export interface ConfigStore {
  // Backups
  listBackups(): BackupConfig[];
  getBackup(id: number): BackupConfig | undefined;
  findBackupByName(name: string): BackupConfig | undefined;
  /** Throws ConflictError (code "duplicate-name") for a name already used (case-insensitive). */
  createBackup(backup: NewBackup): BackupConfig;
  /** Replaces everything but id and metadata (metadata is replaced only when given). */
  updateBackup(id: number, backup: NewBackup): BackupConfig;
  deleteBackup(id: number): void;
  /** Merges keys into the metadata map; a null value removes the key. */
  patchMetadata(id: number, patch: Readonly<Record<string, string | null>>): void;

  // Schedules (one per backup)
  getSchedule(backupId: number): Schedule | undefined;
  /** null removes it. */
  setSchedule(backupId: number, schedule: Omit<Schedule, "backupId"> | null): void;
  listSchedules(): Schedule[];

  // Server settings (Duplicati's BackupID -2 rows) and global backup defaults (BackupID -1, names with "--")
  getSetting(key: string): string | undefined;
  /** null deletes. Secret keys (isSecretSettingKey() in secret_names.ts) are encrypted at rest. */
  setSetting(key: string, value: string | null): void;
  /** Sets several server settings in one transaction (all or none); a null value deletes the key. */
  setSettings(patch: Readonly<Record<string, string | null>>): void;
  allSettings(): Record<string, string>;
  getGlobalOptions(): BackupSetting[];
  setGlobalOptions(options: readonly BackupSetting[]): void;
  getUiSettings(scheme: string): Record<string, string>;
  patchUiSettings(scheme: string, patch: Readonly<Record<string, string | null>>): void;

  // Notifications
  addNotification(n: Omit<Notification, "id" | "timestamp"> & { timestamp?: number }): Notification;
  listNotifications(): Notification[];
  /** False when there was no such notification. */
  dismissNotification(id: number): boolean;

  // Logs
  addBackupLog(row: Omit<BackupLogRow, "id">): number;
  /** Newest first; `before` = only rows with id < before. */
  listBackupLog(backupId: number, page: { before?: number; pageSize: number; type?: string }): BackupLogRow[];
  addServerLog(row: Omit<ServerLogRow, "id">): number;
  /** Newest first; `before` = only rows with id < before; `beforeTimestamp` = only rows older than it (epoch ms). */
  listServerLog(page: { before?: number; beforeTimestamp?: number; pageSize: number }): ServerLogRow[];
  /** Removes log rows older than `olderThan` (epoch ms); returns how many. */
  purgeLogs(olderThan: number): number;

  // Refresh-token families
  createTokenFamily(userId: string, now: number): TokenFamily;
  getTokenFamily(id: string): TokenFamily | undefined;
  /** Sets the counter (after a rotation). */
  updateTokenFamily(id: string, counter: number, now: number): void;
  deleteTokenFamily(id: string): void;
  deleteAllTokenFamilies(): void;
  /**
   * Deletes the families last rotated before `olderThan` (epoch ms), whose refresh tokens have all expired by then;
   * returns how many.
   */
  deleteTokenFamiliesOlderThan(olderThan: number): number;

  close(): void;
}

/**
 * Server setting keys that are always secrets. The full rule, which also covers key-material-looking names, is
 * isSecretSettingKey() in secret_names.ts (encrypted at rest and never returned by the API); use that.
 */
export const SECRET_SETTINGS: ReadonlySet<string> = new Set([
  "pbkdf-config",
  "jwt-config",
  "server-ssl-certificate",
  "server-ssl-certificate-password",
]);
/**
 * Backup setting names (without "--") that are always secrets. The full rule, which also covers password-kind
 * options and credential-like names, is isSecretOptionName() in secret_names.ts; use that, not this set. The whole
 * target URL is also encrypted at rest, since it may carry credentials.
 */
export const SECRET_OPTION_NAMES: ReadonlySet<string> = new Set([
  "passphrase",
  "auth-password",
  "aws-secret-access-key",
  "ssh-key",
  "ssh-keyfile-password",
  "ftp-password",
  "webdav-password",
  "s3-secret-key",
  "secret",
  "password",
]);
