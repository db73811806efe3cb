import { diskSize, vacuumDatabase } from "../../../lib/operations/query/vacuum_database.ts";
import { assert, assertEquals, assertThrows } from "../../support/assert.ts";
import { countRows, withDb } from "../../database/db_fixtures.ts";

Deno.test("vacuumDatabase() reclaims free pages on an exclusive WAL connection and keeps the data", () => {
  withDb((db, path) => {
    const insert = db.prepare("INSERT INTO log(operation_id, at, level, message) VALUES (1, ?, 'Information', ?)");
    db.exec("BEGIN");
    for (let i = 0; i < 2000; i++) insert.run(i, "x".repeat(1000));
    db.exec("COMMIT");
    db.exec("DELETE FROM log WHERE at >= 10");
    const result = vacuumDatabase(db, path);
    assert(result.sizeBefore > 2_000_000, `before ${result.sizeBefore}`);
    assert(result.sizeAfter < 200_000, `after ${result.sizeAfter}`);
    assertEquals(result.sizeAfter, diskSize(path));
    assertEquals(countRows(db, "log"), 10);
    // The connection stays usable.
    insert.run(99, "after");
    assertEquals(countRows(db, "log"), 11);
  });
});

Deno.test("vacuumDatabase() refuses to run inside a transaction", () => {
  withDb((db, path) => {
    db.exec("BEGIN");
    assertThrows(() => vacuumDatabase(db, path), TypeError, "cannot run inside a transaction");
    db.exec("ROLLBACK");
  });
});
