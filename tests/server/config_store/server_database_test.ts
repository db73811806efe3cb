import { DatabaseSync } from "node:sqlite";
import { DatabaseInconsistencyError, UserInputError } from "../../../lib/core/errors.ts";
import {
  type Migration,
  openServerDatabase,
  SERVER_MIGRATIONS,
  SERVER_SCHEMA_VERSION,
  serverDatabasePath,
  serverSchemaVersion,
} from "../../../lib/server/config_store/server_database.ts";
import { assertEquals, assertThrows } from "../../support/assert.ts";
import { openTestStore, withDataFolder } from "./store_fixtures.ts";

function pragma(db: DatabaseSync, name: string): unknown {
  const value = Object.values(db.prepare(`PRAGMA ${name}`).get() as Record<string, unknown>)[0];
  return typeof value === "bigint" ? Number(value) : value;
}

function versions(path: string): number[] {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    return (db.prepare("SELECT version FROM schema_version ORDER BY version").all() as { version: number }[])
      .map((r) => Number(r.version));
  } finally {
    db.close();
  }
}

/** SERVER_MIGRATIONS plus `extra`, each counting how often it ran. */
function countingMigrations(extra: Migration[]): { list: Migration[]; runs: Map<number, number> } {
  const runs = new Map<number, number>();
  const list = [...SERVER_MIGRATIONS, ...extra].map((m) => ({
    ...m,
    apply(db: DatabaseSync) {
      runs.set(m.version, (runs.get(m.version) ?? 0) + 1);
      m.apply(db);
    },
  }));
  return { list, runs };
}

Deno.test("openServerDatabase() sets WAL, synchronous=FULL, foreign keys and a busy timeout, at the current version", () => {
  withDataFolder((dir) => {
    const db = openServerDatabase(serverDatabasePath(dir));
    try {
      assertEquals(pragma(db, "journal_mode"), "wal");
      assertEquals(pragma(db, "synchronous"), 2);
      assertEquals(pragma(db, "foreign_keys"), 1);
      assertEquals(pragma(db, "busy_timeout"), 10000);
      assertEquals(serverSchemaVersion(db), SERVER_SCHEMA_VERSION);
      assertEquals(SERVER_SCHEMA_VERSION, 1);
    } finally {
      db.close();
    }
  });
});

Deno.test("reopening applies only the missing migrations, each once", () => {
  withDataFolder((dir) => {
    const path = serverDatabasePath(dir);
    const v2: Migration = {
      version: 2,
      description: "Add a column",
      apply: (db) => db.exec("ALTER TABLE backup ADD COLUMN color TEXT NOT NULL DEFAULT 'blue'"),
    };
    const first = countingMigrations([]);
    openServerDatabase(path, { migrations: first.list }).close();
    assertEquals([...first.runs], [[1, 1]]);
    assertEquals(versions(path), [1]);

    const second = countingMigrations([v2]);
    const db = openServerDatabase(path, { migrations: second.list });
    assertEquals([...second.runs], [[2, 1]]);
    assertEquals(serverSchemaVersion(db), 2);
    db.exec(
      "INSERT INTO backup (name, name_key, description, tags, target_url, db_path) VALUES ('a','a','','[]','u','p')",
    );
    assertEquals((db.prepare("SELECT color FROM backup").get() as { color: string }).color, "blue");
    db.close();

    const third = countingMigrations([v2]);
    openServerDatabase(path, { migrations: third.list }).close();
    assertEquals(third.runs.size, 0);
    assertEquals(versions(path), [1, 2]);
  });
});

Deno.test("a failing migration is rolled back and reported, and the next open retries it", () => {
  withDataFolder((dir) => {
    const path = serverDatabasePath(dir);
    openServerDatabase(path).close();
    const broken: Migration = {
      version: 2,
      description: "Broken",
      apply: (db) => {
        db.exec("CREATE TABLE half_done (x INTEGER)");
        throw new Error("disk on fire");
      },
    };
    assertThrows(
      () => openServerDatabase(path, { migrations: [...SERVER_MIGRATIONS, broken] }),
      DatabaseInconsistencyError,
      `Cannot open the server database "${path}": disk on fire`,
    );
    assertEquals(versions(path), [1]);
    const fixed: Migration = { version: 2, description: "Fixed", apply: (db) => db.exec("CREATE TABLE half_done (x)") };
    openServerDatabase(path, { migrations: [...SERVER_MIGRATIONS, fixed] }).close();
    assertEquals(versions(path), [1, 2]);
  });
});

Deno.test("a database from a newer program is refused and left byte for byte as it was", () => {
  withDataFolder((dir) => {
    const path = serverDatabasePath(dir);
    openTestStore(dir).close();
    const db = new DatabaseSync(path);
    db.exec("INSERT INTO schema_version (version, applied_at) VALUES (7, 0)");
    db.exec("PRAGMA journal_mode=DELETE");
    db.close();
    const before = Deno.readFileSync(path);
    assertThrows(
      () => openServerDatabase(path),
      UserInputError,
      `Cannot open the server database "${path}": its schema version 7 is newer than this program supports (1); ` +
        "use a newer version of the program",
    );
    assertThrows(() => openTestStore(dir), UserInputError, "is newer than this program supports");
    assertEquals(Deno.readFileSync(path), before);
    assertEquals(versions(path), [1, 7]);
  });
});

Deno.test("a file that is not a database is reported, not overwritten", () => {
  withDataFolder((dir) => {
    const path = serverDatabasePath(dir);
    Deno.writeTextFileSync(path, "this is not a database, just some text that is long enough ".repeat(20));
    const before = Deno.readFileSync(path);
    assertThrows(
      () => openServerDatabase(path),
      DatabaseInconsistencyError,
      `Cannot open the server database "${path}"`,
    );
    assertEquals(Deno.readFileSync(path), before);
  });
});

Deno.test("openServerDatabase() refuses a migration list with gaps", () => {
  withDataFolder((dir) => {
    const gap: Migration = { version: 3, description: "Gap", apply: () => {} };
    assertThrows(
      () => openServerDatabase(serverDatabasePath(dir), { migrations: [...SERVER_MIGRATIONS, gap] }),
      RangeError,
    );
  });
});
