/**
 * Opens Duplicati-server.sqlite (our own schema, not Duplicati's) with durable settings and brings it up to date
 * with numbered migrations. Applied versions are rows of `schema_version`; a database from a newer program is
 * refused before anything in it changes. WAL with synchronous=FULL and a busy timeout, so the server and the CLI
 * can share it; the file, its -wal and -shm are mode 0600.
 * @module
 */
import { DatabaseSync } from "node:sqlite";
import { dirname, join } from "node:path";
import { DatabaseInconsistencyError, DuplicatiError, errorMessage, UserInputError } from "../../core/errors.ts";
import { ensureDataFolder } from "../../data_folder/data_folder.ts";
import { transaction } from "../../database/connection.ts";
import { chmodPrivate } from "./server_key.ts";

/** File name of the server database in the data folder. */
export const SERVER_DATABASE_FILE = "Duplicati-server.sqlite";

/** One schema step; `apply` runs inside a transaction together with recording `version`. */
export interface Migration {
  readonly version: number;
  readonly description: string;
  apply(db: DatabaseSync): void;
}

const CREATE_SCHEMA = `
CREATE TABLE store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE backup (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  name_key TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL,
  tags TEXT NOT NULL,
  target_url TEXT NOT NULL,
  db_path TEXT NOT NULL,
  external_id TEXT
);
CREATE TABLE backup_source (
  backup_id INTEGER NOT NULL REFERENCES backup(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  path TEXT NOT NULL,
  PRIMARY KEY (backup_id, position)
) WITHOUT ROWID;
CREATE TABLE backup_setting (
  backup_id INTEGER NOT NULL REFERENCES backup(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  filter TEXT NOT NULL,
  name TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (backup_id, position)
) WITHOUT ROWID;
CREATE TABLE backup_filter (
  backup_id INTEGER NOT NULL REFERENCES backup(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  sort_order INTEGER NOT NULL,
  include INTEGER NOT NULL,
  expression TEXT NOT NULL,
  PRIMARY KEY (backup_id, position)
) WITHOUT ROWID;
CREATE TABLE backup_metadata (
  backup_id INTEGER NOT NULL REFERENCES backup(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (backup_id, name)
) WITHOUT ROWID;
CREATE TABLE schedule (
  backup_id INTEGER PRIMARY KEY REFERENCES backup(id) ON DELETE CASCADE,
  time INTEGER NOT NULL,
  repeat TEXT NOT NULL,
  last_run INTEGER NOT NULL,
  allowed_days TEXT NOT NULL
);
CREATE TABLE global_option (
  position INTEGER PRIMARY KEY,
  filter TEXT NOT NULL,
  name TEXT NOT NULL,
  value TEXT NOT NULL
);
CREATE TABLE server_setting (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE ui_setting (
  scheme TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (scheme, key)
) WITHOUT ROWID;
CREATE TABLE notification (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  type TEXT NOT NULL,
  title TEXT NOT NULL,
  message TEXT NOT NULL,
  exception TEXT NOT NULL,
  backup_id INTEGER,
  action TEXT NOT NULL,
  timestamp INTEGER NOT NULL
);
CREATE INDEX notification_by_backup ON notification(backup_id);
CREATE TABLE backup_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  backup_id INTEGER NOT NULL,
  operation_id INTEGER NOT NULL,
  timestamp INTEGER NOT NULL,
  type TEXT NOT NULL,
  message TEXT NOT NULL,
  exception TEXT
);
CREATE INDEX backup_log_by_backup ON backup_log(backup_id, id);
CREATE INDEX backup_log_by_time ON backup_log(timestamp);
CREATE TABLE server_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  backup_id INTEGER,
  level TEXT NOT NULL,
  message TEXT NOT NULL,
  exception TEXT,
  timestamp INTEGER NOT NULL
);
CREATE INDEX server_log_by_time ON server_log(timestamp);
CREATE TABLE token_family (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  counter INTEGER NOT NULL,
  last_updated INTEGER NOT NULL
) WITHOUT ROWID;
`;

/** The server database's migrations, oldest first; append new ones, never edit applied ones. */
export const SERVER_MIGRATIONS: readonly Migration[] = [
  { version: 1, description: "Create the schema", apply: (db) => db.exec(CREATE_SCHEMA) },
];

/** The schema version this program writes. */
export const SERVER_SCHEMA_VERSION: number = SERVER_MIGRATIONS[SERVER_MIGRATIONS.length - 1]!.version;

/**
 * Opens (creating it and its folder when missing) and migrates the server database at `path`. Throws
 * UserInputError for a database from a newer program (left untouched), DatabaseInconsistencyError when the file
 * cannot be opened or migrated. `migrations` replaces {@link SERVER_MIGRATIONS} (tests).
 */
export function openServerDatabase(path: string, options: { migrations?: readonly Migration[] } = {}): DatabaseSync {
  const migrations = options.migrations ?? SERVER_MIGRATIONS;
  checkMigrationList(migrations);
  createPrivateFile(path);
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(path);
  } catch (error) {
    throw new DatabaseInconsistencyError(`Cannot open the server database "${path}": ${errorMessage(error)}`, {
      cause: error,
    });
  }
  try {
    db.exec("PRAGMA busy_timeout=10000");
    refuseNewer(db, path, migrations);
    db.exec("PRAGMA journal_mode=WAL");
    db.exec("PRAGMA synchronous=FULL");
    db.exec("PRAGMA foreign_keys=ON");
    db.exec("PRAGMA secure_delete=ON");
    applyMigrations(db, migrations);
  } catch (error) {
    db.close();
    if (error instanceof DuplicatiError) throw error;
    throw new DatabaseInconsistencyError(`Cannot open the server database "${path}": ${errorMessage(error)}`, {
      cause: error,
    });
  }
  chmodDatabaseFiles(path);
  return db;
}

/** The highest applied migration; 0 for a new, empty database. */
export function serverSchemaVersion(db: DatabaseSync): number {
  const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'").get();
  if (table === undefined) return 0;
  const row = db.prepare("SELECT MAX(version) AS version FROM schema_version").get() as { version: unknown };
  return row.version === null ? 0 : Number(row.version);
}

/** Mode 0600 for the database file and its -wal and -shm files where they exist. */
export function chmodDatabaseFiles(path: string): void {
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    try {
      chmodPrivate(file);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
}

function refuseNewer(db: DatabaseSync, path: string, migrations: readonly Migration[]): void {
  const version = serverSchemaVersion(db);
  const known = migrations[migrations.length - 1]?.version ?? 0;
  if (version > known) {
    throw new UserInputError(
      `Cannot open the server database "${path}": its schema version ${version} is newer than this program ` +
        `supports (${known}); use a newer version of the program`,
    );
  }
}

function applyMigrations(db: DatabaseSync, migrations: readonly Migration[]): void {
  db.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)");
  for (const migration of migrations) {
    if (migration.version <= serverSchemaVersion(db)) continue;
    transaction(db, () => {
      // Another process may have migrated between the check above and this transaction's lock.
      if (migration.version <= serverSchemaVersion(db)) return;
      migration.apply(db);
      db.prepare("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)").run(migration.version, Date.now());
    });
  }
}

function checkMigrationList(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new RangeError(`Cannot use migration "${migration.description}": version ${migration.version} at ${index}`);
    }
  });
}

function createPrivateFile(path: string): void {
  if (path === ":memory:") return;
  ensureDataFolder(dirname(path));
  try {
    Deno.openSync(path, { createNew: true, write: true, mode: 0o600 }).close();
    chmodPrivate(path);
  } catch (error) {
    if (error instanceof Deno.errors.AlreadyExists) return;
    throw new UserInputError(`Cannot create the server database "${path}": ${errorMessage(error)}`, { cause: error });
  }
}

/** The server database's path in a data folder. */
export function serverDatabasePath(dataFolder: string): string {
  return join(dataFolder, SERVER_DATABASE_FILE);
}
