/**
 * Prepared statements of one connection, prepared once on first use.
 * @module
 */
import type { DatabaseSync, StatementSync } from "node:sqlite";

/** Hands out a prepared statement per SQL text, reused on later calls. */
export class StatementCache {
  readonly db: DatabaseSync;
  readonly #statements = new Map<string, StatementSync>();

  constructor(db: DatabaseSync) {
    this.db = db;
  }

  /** The prepared statement for `sql`. */
  sql(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }
}
