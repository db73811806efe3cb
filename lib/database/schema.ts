/**
 * Our own local-database schema (not Duplicati's), shaped for the hot paths: block lookup by (hash, size),
 * fileset entries by fileset, volumes by state. Migrations are numbered; `user_version` holds the last applied.
 *
 * Tables:
 * - remote_volume: every file we put (or meant to put) on the backend, with its state
 *   (and `damage`: what the last `test` found wrong with it, null when nothing):
 *   Temporary (being filled) → Uploading (sealed; hash and size known) → Uploaded → Verified; Deleting → Deleted.
 * - block: a stored block (hash, size) and the dblock volume holding it.
 * - blockset / blockset_entry / blocklist_hash: a stream (file content or metadata blob) as ordered blocks,
 *   and the keys of its blocklists.
 * - file: a path with its content and metadata blocksets, shared by every version that saw it unchanged.
 * - fileset / fileset_entry: one backup version and its entries.
 * - index_link: which dindex describes which dblock.
 * - configuration: fixed parameters of the backup (blocksize, hashes, passphrase check, ...).
 * - operation / log: history of operations and their messages.
 * @module
 */
import type { DatabaseSync } from "node:sqlite";

const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE configuration (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
  CREATE TABLE remote_volume (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL CHECK (type IN ('dblock','dindex','dlist')),
    state TEXT NOT NULL CHECK (state IN ('Temporary','Uploading','Uploaded','Verified','Deleting','Deleted')),
    size INTEGER NOT NULL DEFAULT -1,
    hash TEXT,
    operation_id INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    verified_at INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX remote_volume_state ON remote_volume(state);
  CREATE TABLE block (
    id INTEGER PRIMARY KEY,
    hash TEXT NOT NULL,
    size INTEGER NOT NULL,
    volume_id INTEGER NOT NULL REFERENCES remote_volume(id)
  );
  CREATE UNIQUE INDEX block_hash_size ON block(hash, size);
  CREATE INDEX block_volume ON block(volume_id);
  CREATE TABLE blockset (id INTEGER PRIMARY KEY, length INTEGER NOT NULL, hash TEXT NOT NULL);
  CREATE UNIQUE INDEX blockset_hash_length ON blockset(hash, length);
  CREATE TABLE blockset_entry (
    blockset_id INTEGER NOT NULL REFERENCES blockset(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    block_id INTEGER NOT NULL REFERENCES block(id),
    PRIMARY KEY (blockset_id, idx)
  ) WITHOUT ROWID;
  CREATE INDEX blockset_entry_block ON blockset_entry(block_id);
  CREATE TABLE blocklist_hash (
    blockset_id INTEGER NOT NULL REFERENCES blockset(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (blockset_id, idx)
  ) WITHOUT ROWID;
  CREATE INDEX blocklist_hash_hash ON blocklist_hash(hash);
  CREATE TABLE file (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,
    type INTEGER NOT NULL,
    blockset_id INTEGER NOT NULL,
    meta_blockset_id INTEGER NOT NULL
  );
  CREATE UNIQUE INDEX file_unique ON file(path, type, blockset_id, meta_blockset_id);
  CREATE TABLE fileset (
    id INTEGER PRIMARY KEY,
    volume_id INTEGER NOT NULL REFERENCES remote_volume(id),
    timestamp INTEGER NOT NULL,
    is_full INTEGER NOT NULL DEFAULT 1
  );
  CREATE UNIQUE INDEX fileset_timestamp ON fileset(timestamp);
  CREATE TABLE fileset_entry (
    fileset_id INTEGER NOT NULL REFERENCES fileset(id) ON DELETE CASCADE,
    file_id INTEGER NOT NULL REFERENCES file(id),
    mtime_ms INTEGER NOT NULL,
    PRIMARY KEY (fileset_id, file_id)
  ) WITHOUT ROWID;
  CREATE INDEX fileset_entry_file ON fileset_entry(file_id);
  CREATE TABLE index_link (
    index_volume_id INTEGER NOT NULL REFERENCES remote_volume(id),
    block_volume_id INTEGER NOT NULL REFERENCES remote_volume(id),
    PRIMARY KEY (index_volume_id, block_volume_id)
  ) WITHOUT ROWID;
  CREATE INDEX index_link_block ON index_link(block_volume_id);
  CREATE TABLE operation (
    id INTEGER PRIMARY KEY,
    description TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    finished_at INTEGER,
    result TEXT
  );
  CREATE TABLE log (
    id INTEGER PRIMARY KEY,
    operation_id INTEGER NOT NULL,
    at INTEGER NOT NULL,
    level TEXT NOT NULL,
    message TEXT NOT NULL
  );
  `,
  // 2: what `test` found wrong with a volume (null = nothing found); list-broken-files and repair read it.
  `
  ALTER TABLE remote_volume ADD COLUMN damage TEXT;
  `,
];

/** The schema version this build writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** Applies the migrations the database has not seen, each in its own transaction. */
export function migrate(db: DatabaseSync): void {
  const row = db.prepare("PRAGMA user_version").get() as { user_version: number | bigint };
  const current = Number(row.user_version);
  if (current > MIGRATIONS.length) {
    throw new Error(`the database has schema version ${current}, newer than this program's ${MIGRATIONS.length}`);
  }
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.exec("BEGIN IMMEDIATE");
    try {
      db.exec(MIGRATIONS[version]!);
      db.exec(`PRAGMA user_version=${version + 1}`);
      db.exec("COMMIT");
    } catch (error) {
      db.exec("ROLLBACK");
      throw error;
    }
  }
}
