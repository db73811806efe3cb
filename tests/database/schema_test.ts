import { DatabaseSync } from "node:sqlite";
import { migrate, SCHEMA_VERSION } from "../../lib/database/schema.ts";
import { assertEquals, assertThrows } from "../support/assert.ts";

function userVersion(db: DatabaseSync): number {
  return Number((db.prepare("PRAGMA user_version").get() as { user_version: number }).user_version);
}

function tables(db: DatabaseSync): string[] {
  return db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all().map((r) =>
    r.name as string
  );
}

Deno.test("migrate() creates the schema and sets user_version", () => {
  const db = new DatabaseSync(":memory:");
  assertEquals(SCHEMA_VERSION, 2);
  migrate(db);
  assertEquals(userVersion(db), SCHEMA_VERSION);
  assertEquals(tables(db), [
    "block",
    "blocklist_hash",
    "blockset",
    "blockset_entry",
    "configuration",
    "file",
    "fileset",
    "fileset_entry",
    "index_link",
    "log",
    "operation",
    "remote_volume",
  ]);
  db.close();
});

Deno.test("migrate() is idempotent and keeps data", () => {
  const db = new DatabaseSync(":memory:");
  migrate(db);
  db.exec("INSERT INTO configuration(key, value) VALUES ('k', 'v')");
  migrate(db);
  migrate(db);
  assertEquals(userVersion(db), SCHEMA_VERSION);
  assertEquals({ ...db.prepare("SELECT value FROM configuration WHERE key = 'k'").get() }, { value: "v" });
  assertEquals(db.isTransaction, false);
  db.close();
});

Deno.test("migrate() refuses a newer schema version and leaves it unchanged", () => {
  const db = new DatabaseSync(":memory:");
  db.exec(`PRAGMA user_version=${SCHEMA_VERSION + 1}`);
  assertThrows(
    () => migrate(db),
    Error,
    `the database has schema version ${SCHEMA_VERSION + 1}, newer than this program's ${SCHEMA_VERSION}`,
  );
  assertEquals(userVersion(db), SCHEMA_VERSION + 1);
  assertEquals(tables(db), []);
  db.close();
});

Deno.test("migrate() creates a schema that enforces volume types/states and unique block and blockset keys", () => {
  const db = new DatabaseSync(":memory:");
  migrate(db);
  db.exec("PRAGMA foreign_keys=ON");
  assertThrows(() =>
    db.exec("INSERT INTO remote_volume(name, type, state, created_at) VALUES ('a', 'dfoo', 'Uploaded', 0)")
  );
  assertThrows(() =>
    db.exec("INSERT INTO remote_volume(name, type, state, created_at) VALUES ('a', 'dblock', 'Lost', 0)")
  );
  db.exec("INSERT INTO remote_volume(id, name, type, state, created_at) VALUES (1, 'a', 'dblock', 'Uploaded', 0)");
  assertThrows(() =>
    db.exec("INSERT INTO remote_volume(name, type, state, created_at) VALUES ('a', 'dblock', 'Uploaded', 0)")
  );
  db.exec("INSERT INTO block(hash, size, volume_id) VALUES ('h', 1, 1)");
  assertThrows(() => db.exec("INSERT INTO block(hash, size, volume_id) VALUES ('h', 1, 1)"));
  db.exec("INSERT INTO block(hash, size, volume_id) VALUES ('h', 2, 1)");
  assertThrows(() => db.exec("INSERT INTO block(hash, size, volume_id) VALUES ('x', 2, 99)"));
  db.close();
});
