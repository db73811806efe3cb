/**
 * Temporary backups, as Duplicati's server keeps them for a direct restore (restore from a destination URL and
 * passphrase with no configured backup): backup configurations held in memory only, never stored in the config
 * database, not listed by GET /backups, and gone when the server restarts.
 *
 * Their ids are negative (-1, -2, …), so they cannot collide with stored backups (SQLite gives those positive
 * ids) and every /backup/{id} route can address them. Each has its own local database in
 * `<data folder>/temporary-backups/`, built by a repair task from the remote files and deleted with the temporary
 * backup: on DELETE /backup/{id} (through the store's deleteBackup), after {@link IDLE_MS} without use, or when
 * the server stops. The folder is emptied when the registry starts, so a crash leaves nothing behind for long.
 *
 * {@link withTemporaryBackups} overlays the registry on the config store, so the routes and the tasks find a
 * temporary backup by id like a stored one; their log rows go to the store under the negative id and are removed
 * with the temporary backup (and before an id is used again).
 * @module
 */
import { join } from "node:path";
import { removeDbFiles } from "../cli/local_database.ts";
import type { Clock } from "./clock.ts";
import type { BackupConfig, ConfigStore, NewBackup } from "./config_store/model.ts";

/** The folder below the data folder that holds the temporary backups' local databases. */
export const TEMPORARY_FOLDER = "temporary-backups";
/** A temporary backup unused for this long is dropped (when no task of it is queued or running). */
export const IDLE_MS = 2 * 3_600_000;
/** How often idle temporary backups are looked for. */
const SWEEP_MS = 10 * 60_000;

/** True for the id of a temporary backup. */
export function isTemporaryBackupId(id: number): boolean {
  return id < 0;
}

interface Entry {
  config: BackupConfig;
  lastUsed: number;
}

/** What the registry needs from the server. */
export interface TemporaryBackupsEnv {
  readonly dataFolder: string;
  readonly clock: Clock;
  /** The real store: its deleteBackup(id) removes the log rows and notifications written under an id. */
  readonly store: Pick<ConfigStore, "deleteBackup">;
  /** True while a task of the backup is queued or running (it is then never dropped for being idle). */
  readonly isBusy: (id: number) => boolean;
}

/** The server's temporary backups. */
export class TemporaryBackups {
  readonly #env: TemporaryBackupsEnv;
  readonly #entries = new Map<number, Entry>();
  readonly #folder: string;
  #nextId = -1;
  #timer: number | undefined;

  constructor(env: TemporaryBackupsEnv) {
    this.#env = env;
    this.#folder = join(env.dataFolder, TEMPORARY_FOLDER);
  }

  /** Empties the databases folder (left over from an earlier run) and starts dropping idle temporary backups. */
  start(): void {
    try {
      Deno.removeSync(this.#folder, { recursive: true });
    } catch {
      // not there
    }
    this.#schedule();
  }

  /** Stops the idle sweep and drops every temporary backup. */
  stop(): void {
    if (this.#timer !== undefined) this.#env.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    for (const id of [...this.#entries.keys()]) this.drop(id);
  }

  /** Registers a temporary backup with a fresh negative id and a new local database path. */
  create(backup: NewBackup): BackupConfig {
    const id = this.#nextId--;
    // Rows a crashed earlier run wrote under this id must not show up as this backup's log.
    this.#env.store.deleteBackup(id);
    Deno.mkdirSync(this.#folder, { recursive: true });
    const { metadata, dbPath: _ignored, ...rest } = backup;
    const config: BackupConfig = {
      ...rest,
      id,
      dbPath: join(this.#folder, `${crypto.randomUUID()}.sqlite`),
      metadata: { ...metadata },
    };
    this.#entries.set(id, { config, lastUsed: this.#env.clock.now() });
    return config;
  }

  /** The temporary backup with this id (and marks it used), or undefined. */
  get(id: number): BackupConfig | undefined {
    const entry = this.#entries.get(id);
    if (entry === undefined) return undefined;
    entry.lastUsed = this.#env.clock.now();
    return entry.config;
  }

  /** Every temporary backup. */
  list(): BackupConfig[] {
    return [...this.#entries.values()].map((e) => e.config);
  }

  /** Merges keys into its metadata (a null value removes the key); ignored for an unknown id. */
  patchMetadata(id: number, patch: Readonly<Record<string, string | null>>): void {
    const entry = this.#entries.get(id);
    if (entry === undefined) return;
    const metadata: Record<string, string> = { ...entry.config.metadata };
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) delete metadata[key];
      else metadata[key] = value;
    }
    entry.config = { ...entry.config, metadata };
  }

  /** Forgets it, deletes its local database and the log rows written under its id; false for an unknown id. */
  drop(id: number): boolean {
    const entry = this.#entries.get(id);
    if (entry === undefined) return false;
    this.#entries.delete(id);
    removeDbFiles(entry.config.dbPath);
    this.#env.store.deleteBackup(id);
    return true;
  }

  /** Drops the temporary backups unused for {@link IDLE_MS} whose tasks have all ended. */
  sweep(): void {
    const now = this.#env.clock.now();
    for (const [id, entry] of [...this.#entries]) {
      if (now - entry.lastUsed >= IDLE_MS && !this.#env.isBusy(id)) this.drop(id);
    }
  }

  #schedule(): void {
    this.#timer = this.#env.clock.setTimeout(() => {
      try {
        this.sweep();
      } finally {
        this.#schedule();
      }
    }, SWEEP_MS);
  }
}

/**
 * The store with the temporary backups overlaid: getBackup, patchMetadata and deleteBackup reach the registry for
 * a temporary id; everything else (listBackups and findBackupByName included, so temporary backups are neither
 * listed nor reserve a name) is the store's.
 */
export function withTemporaryBackups(store: ConfigStore, temporary: TemporaryBackups): ConfigStore {
  const overrides: Partial<ConfigStore> = {
    getBackup: (id) => isTemporaryBackupId(id) ? temporary.get(id) : store.getBackup(id),
    patchMetadata: (id, patch) =>
      isTemporaryBackupId(id) ? temporary.patchMetadata(id, patch) : store.patchMetadata(id, patch),
    deleteBackup: (id) => void (isTemporaryBackupId(id) ? temporary.drop(id) : store.deleteBackup(id)),
  };
  return new Proxy(store, {
    get(target, name) {
      const own = (overrides as Record<string | symbol, unknown>)[name];
      if (own !== undefined) return own;
      const value = Reflect.get(target, name, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
