import { TxBatch } from "../../lib/database/batch.ts";
import { openDatabase } from "../../lib/database/connection.ts";
import { assertEquals } from "../support/assert.ts";
import { countRows, withDb } from "./db_fixtures.ts";

Deno.test("TxBatch.ensure() opens one transaction that commit() makes durable", () => {
  withDb((db, path) => {
    const batch = new TxBatch(db);
    batch.ensure();
    batch.ensure();
    assertEquals(db.isTransaction, true);
    db.exec("INSERT INTO configuration(key, value) VALUES ('a', '1')");
    batch.ensure();
    db.exec("INSERT INTO configuration(key, value) VALUES ('b', '2')");
    batch.commit();
    assertEquals(db.isTransaction, false);
    batch.commit();
    db.close();
    const again = openDatabase(path);
    assertEquals(countRows(again, "configuration"), 2);
    again.close();
  });
});

Deno.test("TxBatch.rollback() discards everything since the last commit", () => {
  withDb((db) => {
    const batch = new TxBatch(db);
    batch.ensure();
    db.exec("INSERT INTO configuration(key, value) VALUES ('a', '1')");
    batch.commit();
    batch.ensure();
    db.exec("INSERT INTO configuration(key, value) VALUES ('b', '2')");
    batch.rollback();
    assertEquals(db.isTransaction, false);
    batch.rollback();
    assertEquals(countRows(db, "configuration"), 1);
  });
});

Deno.test("TxBatch.checkpoint() makes what came before durable and keeps later writes in a transaction", () => {
  withDb((db, path) => {
    const batch = new TxBatch(db);
    batch.ensure();
    db.exec("INSERT INTO configuration(key, value) VALUES ('a', '1')");
    batch.checkpoint();
    assertEquals(db.isTransaction, true);
    db.exec("INSERT INTO configuration(key, value) VALUES ('b', '2')");
    // The write after the checkpoint is not durable until the next commit: a rollback takes only it back.
    batch.rollback();
    assertEquals(countRows(db, "configuration"), 1);
    db.close();
    const again = openDatabase(path);
    assertEquals(countRows(again, "configuration"), 1);
    again.close();
  });
});
