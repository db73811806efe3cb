/**
 * Refresh-token families: a random id per sign-in, the user, and the rotation counter.
 * @module
 */
import type { DatabaseSync } from "node:sqlite";
import { stmt } from "../../database/statements.ts";
import { randomId } from "../auth/jwt.ts";
import type { TokenFamily } from "./model.ts";

/** The `token_family` table. */
export class TokenFamiliesTable {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  /** A new family with a random id (16 bytes, base64url) and counter 0. */
  create(userId: string, now: number): TokenFamily {
    const family: TokenFamily = { id: randomId(16), userId, counter: 0, lastUpdated: Math.trunc(now) };
    stmt(this.#db, "INSERT INTO token_family (id, user_id, counter, last_updated) VALUES (?, ?, ?, ?)")
      .run(family.id, family.userId, family.counter, family.lastUpdated);
    return family;
  }

  get(id: string): TokenFamily | undefined {
    const row = stmt(this.#db, "SELECT id, user_id, counter, last_updated FROM token_family WHERE id = ?")
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
    stmt(this.#db, "UPDATE token_family SET counter = ?, last_updated = ? WHERE id = ?")
      .run(counter, Math.trunc(now), id);
  }

  delete(id: string): void {
    stmt(this.#db, "DELETE FROM token_family WHERE id = ?").run(id);
  }

  deleteAll(): void {
    stmt(this.#db, "DELETE FROM token_family").run();
  }

  /** Deletes the families last updated before `olderThan` (epoch ms); returns how many. */
  deleteOlderThan(olderThan: number): number {
    return Number(stmt(this.#db, "DELETE FROM token_family WHERE last_updated < ?").run(olderThan).changes);
  }
}
