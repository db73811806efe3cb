/**
 * Backup jobs in the server database: the `backup` row plus its sources, settings, filters and metadata. Listing
 * reads each table once and joins in memory, so hundreds of backups cost five queries. The target URL and secret
 * settings are encrypted at rest.
 * @module
 */
import type { DatabaseSync, StatementSync } from "node:sqlite";
import { join } from "node:path";
import { UserInputError } from "../../core/errors.ts";
import { randomDatabaseName } from "../../data_folder/db_locator.ts";
import { transaction } from "../../database/connection.ts";
import { stmt } from "../../database/statements.ts";
import { ConflictError } from "./conflict_error.ts";
import type { FieldCipher } from "./field_cipher.ts";
import type { BackupConfig, BackupFilterRule, BackupSetting, NewBackup } from "./model.ts";
import { openOption, sealOptionValue } from "./secret_names.ts";

interface BackupRow {
  id: number;
  name: string;
  description: string;
  tags: string;
  target_url: string;
  db_path: string;
  external_id: string | null;
}
interface ChildRows {
  sources: { backup_id: number; path: string }[];
  settings: { backup_id: number; filter: string; name: string; value: string }[];
  filters: { backup_id: number; sort_order: number; include: number; expression: string }[];
  metadata: { backup_id: number; name: string; value: string }[];
}

const BACKUP_COLUMNS = "id, name, description, tags, target_url, db_path, external_id";
/** Child table queries; `%WHERE%` becomes "" (all backups) or a filter on one backup id. */
const CHILD_QUERIES: Record<keyof ChildRows, string> = {
  sources: "SELECT backup_id, path FROM backup_source %WHERE% ORDER BY backup_id, position",
  settings: "SELECT backup_id, filter, name, value FROM backup_setting %WHERE% ORDER BY backup_id, position",
  filters: "SELECT backup_id, sort_order, include, expression FROM backup_filter %WHERE% " +
    "ORDER BY backup_id, sort_order, position",
  metadata: "SELECT backup_id, name, value FROM backup_metadata %WHERE% ORDER BY backup_id, name",
};

/** The `backup` table and the tables that hang off it. */
export class BackupsTable {
  readonly #db: DatabaseSync;
  readonly #cipher: FieldCipher;
  readonly #dataFolder: string;

  constructor(db: DatabaseSync, env: { cipher: FieldCipher; dataFolder: string }) {
    this.#db = db;
    this.#cipher = env.cipher;
    this.#dataFolder = env.dataFolder;
  }

  /** Every backup, by id. */
  list(): BackupConfig[] {
    const rows = this.#sql(`SELECT ${BACKUP_COLUMNS} FROM backup ORDER BY id`).all() as unknown as BackupRow[];
    return this.#assemble(rows, undefined);
  }

  get(id: number): BackupConfig | undefined {
    const row = this.#sql(`SELECT ${BACKUP_COLUMNS} FROM backup WHERE id = ?`).get(id) as BackupRow | undefined;
    return row === undefined ? undefined : this.#assemble([row], id)[0];
  }

  /** Case-insensitive. */
  findByName(name: string): BackupConfig | undefined {
    const id = this.#idByName(name);
    return id === undefined ? undefined : this.get(id);
  }

  exists(id: number): boolean {
    return this.#sql("SELECT 1 FROM backup WHERE id = ?").get(id) !== undefined;
  }

  create(backup: NewBackup): BackupConfig {
    const id = transaction(this.#db, () => {
      if (this.#idByName(backup.name) !== undefined) {
        throw new ConflictError(`Cannot create backup "${backup.name}": a backup with that name already exists`);
      }
      const result = this.#sql(
        "INSERT INTO backup (name, name_key, description, tags, target_url, db_path, external_id) " +
          "VALUES (?, ?, ?, ?, ?, ?, ?)",
      ).run(...this.#backupValues(backup, backup.dbPath ?? this.#newDbPath()));
      const id = Number(result.lastInsertRowid);
      this.#writeChildren(id, backup);
      this.#writeMetadata(id, backup.metadata ?? {});
      return id;
    });
    return this.get(id)!;
  }

  /** Keeps the database path when `backup.dbPath` is omitted, and the metadata when `backup.metadata` is. */
  update(id: number, backup: NewBackup): BackupConfig {
    transaction(this.#db, () => {
      const old = this.#sql("SELECT db_path FROM backup WHERE id = ?").get(id) as { db_path: string } | undefined;
      if (old === undefined) throw new UserInputError(`Cannot update backup ${id}: there is no such backup`);
      const other = this.#idByName(backup.name);
      if (other !== undefined && other !== id) {
        throw new ConflictError(`Cannot rename backup ${id} to "${backup.name}": another backup has that name`);
      }
      this.#sql(
        "UPDATE backup SET name = ?, name_key = ?, description = ?, tags = ?, target_url = ?, db_path = ?, " +
          "external_id = ? WHERE id = ?",
      ).run(...this.#backupValues(backup, backup.dbPath ?? old.db_path), id);
      for (const table of ["backup_source", "backup_setting", "backup_filter"]) {
        this.#sql(`DELETE FROM ${table} WHERE backup_id = ?`).run(id);
      }
      this.#writeChildren(id, backup);
      if (backup.metadata !== undefined) {
        this.#sql("DELETE FROM backup_metadata WHERE backup_id = ?").run(id);
        this.#writeMetadata(id, backup.metadata);
      }
    });
    return this.get(id)!;
  }

  /**
   * Removes the backup with everything that belongs to it: sources, settings, filters, metadata and schedule go by
   * ON DELETE CASCADE; log rows and notifications, which have no foreign key, are deleted here.
   */
  delete(id: number): void {
    transaction(this.#db, () => {
      this.#sql("DELETE FROM backup_log WHERE backup_id = ?").run(id);
      this.#sql("DELETE FROM notification WHERE backup_id = ?").run(id);
      this.#sql("DELETE FROM backup WHERE id = ?").run(id);
    });
  }

  /** Ignored for an unknown backup (one deleted while its task was finishing). */
  patchMetadata(id: number, patch: Readonly<Record<string, string | null>>): void {
    transaction(this.#db, () => {
      if (!this.exists(id)) return;
      for (const [name, value] of Object.entries(patch)) {
        if (value === null) this.#sql("DELETE FROM backup_metadata WHERE backup_id = ? AND name = ?").run(id, name);
        else {
          this.#sql(
            "INSERT INTO backup_metadata (backup_id, name, value) VALUES (?, ?, ?) " +
              "ON CONFLICT (backup_id, name) DO UPDATE SET value = excluded.value",
          ).run(id, name, value);
        }
      }
    });
  }

  /** Joins `rows` with their child rows: those of backup `only`, or of every backup when undefined. */
  #assemble(rows: BackupRow[], only: number | undefined): BackupConfig[] {
    if (rows.length === 0) return [];
    const children = {} as Record<keyof ChildRows, unknown>;
    for (const [key, sql] of Object.entries(CHILD_QUERIES) as [keyof ChildRows, string][]) {
      children[key] = only === undefined
        ? this.#sql(sql.replace("%WHERE%", "")).all()
        : this.#sql(sql.replace("%WHERE%", "WHERE backup_id = ?")).all(only);
    }
    return this.#join(rows, children as ChildRows);
  }

  #join(rows: BackupRow[], children: ChildRows): BackupConfig[] {
    const sources = groupBy(children.sources, (r) => r.path);
    const settings = groupBy(children.settings, (r): BackupSetting => openOption(this.#cipher, r));
    const filters = groupBy(
      children.filters,
      (r): BackupFilterRule => ({ order: Number(r.sort_order), include: r.include !== 0, expression: r.expression }),
    );
    const metadata = new Map<number, Record<string, string>>();
    for (const r of children.metadata) {
      const id = Number(r.backup_id);
      const map = metadata.get(id) ?? {};
      map[r.name] = r.value;
      metadata.set(id, map);
    }
    return rows.map((row) => {
      const id = Number(row.id);
      return {
        id,
        name: row.name,
        description: row.description,
        tags: JSON.parse(row.tags) as string[],
        targetUrl: this.#cipher.decrypt(row.target_url),
        dbPath: row.db_path,
        externalId: row.external_id,
        sources: sources.get(id) ?? [],
        settings: settings.get(id) ?? [],
        filters: filters.get(id) ?? [],
        metadata: metadata.get(id) ?? {},
      };
    });
  }

  #backupValues(backup: NewBackup, dbPath: string): (string | null)[] {
    return [
      backup.name,
      nameKey(backup.name),
      backup.description,
      JSON.stringify(backup.tags),
      this.#cipher.encrypt(backup.targetUrl),
      dbPath,
      backup.externalId,
    ];
  }

  #writeChildren(id: number, backup: NewBackup): void {
    const source = this.#sql("INSERT INTO backup_source (backup_id, position, path) VALUES (?, ?, ?)");
    backup.sources.forEach((path, position) => source.run(id, position, path));
    const setting = this.#sql(
      "INSERT INTO backup_setting (backup_id, position, filter, name, value) VALUES (?, ?, ?, ?, ?)",
    );
    backup.settings.forEach((s, position) =>
      setting.run(id, position, s.filter, s.name, sealOptionValue(this.#cipher, s))
    );
    const filter = this.#sql(
      "INSERT INTO backup_filter (backup_id, position, sort_order, include, expression) VALUES (?, ?, ?, ?, ?)",
    );
    backup.filters.forEach((f, position) => filter.run(id, position, f.order, f.include ? 1 : 0, f.expression));
  }

  #writeMetadata(id: number, metadata: Readonly<Record<string, string>>): void {
    const insert = this.#sql("INSERT INTO backup_metadata (backup_id, name, value) VALUES (?, ?, ?)");
    for (const [name, value] of Object.entries(metadata)) insert.run(id, name, value);
  }

  #idByName(name: string): number | undefined {
    const row = this.#sql("SELECT id FROM backup WHERE name_key = ?").get(nameKey(name)) as { id: number } | undefined;
    return row === undefined ? undefined : Number(row.id);
  }

  /** `<dataFolder>/<10 random capital letters>.sqlite`, as Duplicati names them, unused by files and backups. */
  #newDbPath(): string {
    for (;;) {
      const path = join(this.#dataFolder, `${randomDatabaseName()}.sqlite`);
      if (this.#sql("SELECT 1 FROM backup WHERE db_path = ?").get(path) !== undefined) continue;
      try {
        Deno.lstatSync(path);
      } catch (error) {
        if (error instanceof Deno.errors.NotFound) return path;
        throw error;
      }
    }
  }

  #sql(sql: string): StatementSync {
    return stmt(this.#db, sql);
  }
}

/** The case-insensitive form of a backup name that the unique index holds. */
export function nameKey(name: string): string {
  return name.toLowerCase();
}

function groupBy<R extends { backup_id: number }, T>(rows: R[], map: (row: R) => T): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const row of rows) {
    const id = Number(row.backup_id);
    const group = groups.get(id);
    if (group === undefined) groups.set(id, [map(row)]);
    else group.push(map(row));
  }
  return groups;
}
