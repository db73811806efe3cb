/**
 * A transaction that stays open across many small writes and is committed at chosen points (for example when a
 * volume is sealed), so bulk inserts do not pay one fsync each. Everything between two commits is atomic.
 * @module
 */
import type { Db } from "./connection.ts";

export class TxBatch {
  constructor(private readonly db: Db) {}

  /** Opens the transaction when none is open. */
  ensure(): void {
    if (!this.db.isTransaction) this.db.exec("BEGIN IMMEDIATE");
  }

  commit(): void {
    if (this.db.isTransaction) this.db.exec("COMMIT");
  }

  /**
   * Commits what is there and opens the next transaction at once, so writes that other work interleaves after
   * this point (work resumed across an await) still land in a transaction and not one autocommit each.
   */
  checkpoint(): void {
    this.commit();
    this.ensure();
  }

  rollback(): void {
    if (this.db.isTransaction) this.db.exec("ROLLBACK");
  }
}
