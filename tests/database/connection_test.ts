import { DatabaseSync } from "node:sqlite";
import { DatabaseInconsistencyError } from "../../lib/core/errors.ts";
import { num, openDatabase, transaction } from "../../lib/database/connection.ts";
import { SCHEMA_VERSION } from "../../lib/database/schema.ts";
import { assertEquals, assertThrows } from "../support/assert.ts";
import { countRows, withDb, withTempDir } from "./db_fixtures.ts";

function pragma(db: DatabaseSync, name: string): unknown {
  const row = db.prepare(`PRAGMA ${name}`).get() as Record<string, unknown>;
  const value = Object.values(row)[0];
  return typeof value === "bigint" ? Number(value) : value;
}

Deno.test("openDatabase() sets WAL, synchronous=FULL, foreign keys and a busy timeout", () => {
  withDb((db) => {
    assertEquals(pragma(db, "journal_mode"), "wal");
    assertEquals(pragma(db, "synchronous"), 2);
    assertEquals(pragma(db, "foreign_keys"), 1);
    assertEquals(pragma(db, "busy_timeout"), 10000);
    assertEquals(pragma(db, "temp_store"), 2);
    assertEquals(pragma(db, "user_version"), SCHEMA_VERSION);
  });
});

Deno.test("openDatabase() creates the file with mode 0600 and reopens it without migrating again", () => {
  withTempDir((dir) => {
    const path = `${dir}/db.sqlite`;
    const db = openDatabase(path);
    db.exec("INSERT INTO configuration(key, value) VALUES ('k', 'v')");
    db.close();
    assertEquals(Deno.statSync(path).mode! & 0o777, 0o600);
    const again = openDatabase(path);
    assertEquals(countRows(again, "configuration"), 1);
    assertEquals(pragma(again, "user_version"), SCHEMA_VERSION);
    again.close();
  });
});

Deno.test("openDatabase() refuses a database with a newer schema version", () => {
  withTempDir((dir) => {
    const path = `${dir}/db.sqlite`;
    const raw = new DatabaseSync(path);
    raw.exec(`PRAGMA user_version=${SCHEMA_VERSION + 5}`);
    raw.close();
    assertThrows(
      () => openDatabase(path),
      DatabaseInconsistencyError,
      `Cannot open local database "${path}": the database has schema version ${SCHEMA_VERSION + 5}, newer than ` +
        `this program's ${SCHEMA_VERSION}`,
    );
    // The failed open closed its connection: the file can be opened and changed again.
    const reopened = new DatabaseSync(path);
    reopened.exec("PRAGMA user_version=0");
    reopened.close();
    openDatabase(path).close();
  });
});

Deno.test("openDatabase() reports a file that is not a database as DatabaseInconsistencyError", () => {
  withTempDir((dir) => {
    const path = `${dir}/junk.sqlite`;
    Deno.writeTextFileSync(
      path,
      "this is not a database file, just text that is long enough to have a header".repeat(20),
    );
    assertThrows(() => openDatabase(path), DatabaseInconsistencyError, `Cannot open local database "${path}": `);
  });
});

Deno.test("transaction() commits when the body returns and returns its value", () => {
  withDb((db) => {
    const result = transaction(db, () => {
      db.exec("INSERT INTO configuration(key, value) VALUES ('a', '1')");
      assertEquals(db.isTransaction, true);
      return 42;
    });
    assertEquals(result, 42);
    assertEquals(db.isTransaction, false);
    assertEquals(countRows(db, "configuration"), 1);
  });
});

Deno.test("transaction() rolls back and rethrows when the body throws", () => {
  withDb((db) => {
    const error = new Error("boom");
    assertThrows(
      () =>
        transaction(db, () => {
          db.exec("INSERT INTO configuration(key, value) VALUES ('a', '1')");
          throw error;
        }),
      Error,
      "boom",
    );
    assertEquals(db.isTransaction, false);
    assertEquals(countRows(db, "configuration"), 0);
  });
});

Deno.test("transaction() rolls back after a failing statement", () => {
  withDb((db) => {
    assertThrows(() =>
      transaction(db, () => {
        db.exec("INSERT INTO configuration(key, value) VALUES ('a', '1')");
        db.exec("INSERT INTO configuration(key, value) VALUES ('a', '2')");
      })
    );
    assertEquals(countRows(db, "configuration"), 0);
  });
});

Deno.test("num() converts bigint and passes numbers through", () => {
  assertEquals(num(5n), 5);
  assertEquals(num(7), 7);
  assertEquals(num(2n ** 52n), 2 ** 52);
});
