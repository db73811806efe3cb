/**
 * Refresh-token families: a random id per sign-in, the user, and the rotation counter.
 * @module
 */
import { randomBytes } from "node:crypto";
import type { TokenFamily } from "./model.ts";
import type { StatementCache } from "./statement_cache.ts";

/** The `token_family` table. */
export class TokenFamiliesTable {
  readonly #statements: StatementCache;

  constructor(statements: StatementCache) {
    this.#statements = statements;
  }

  /** A new family with a random id (16 bytes, base64url) and counter 0. */
  create(userId: string, now: number): TokenFamily {
    const family: TokenFamily = {
      id: randomBytes(16).toString("base64url"),
      userId,
      counter: 0,
      lastUpdated: Math.trunc(now),
    };
    this.#statements.sql("INSERT INTO token_family (id, user_id, counter, last_updated) VALUES (?, ?, ?, ?)")
      .run(family.id, family.userId, family.counter, family.lastUpdated);
    return family;
  }

  get(id: string): TokenFamily | undefined {
    const row = this.#statements.sql("SELECT id, user_id, counter, last_updated FROM token_family WHERE id = ?")
      .get(id) as Record<string, unknown> | undefined;
    if (row === undefined) return undefined;
    return {
      id: row.id as string,
      userId: row.user_id as string,
      counter: Number(row.counter),
      lastUpdated: Number(row.last_updated),
    };
  }

  /** Sets the counter after a rotation; ignores an unknown (revoked) family. */
  update(id: string, counter: number, now: number): void {
    this.#statements.sql("UPDATE token_family SET counter = ?, last_updated = ? WHERE id = ?")
      .run(counter, Math.trunc(now), id);
  }

  delete(id: string): void {
    this.#statements.sql("DELETE FROM token_family WHERE id = ?").run(id);
  }

  deleteAll(): void {
    this.#statements.sql("DELETE FROM token_family").run();
  }
}
