/**
 * Writes `test` outcomes to the database: verified_at on success (and the hash and size of a volume that had
 * none), the damage text on failure. Outcomes are held back until some volume has decrypted, so a run with a
 * wrong passphrase records nothing.
 * @module
 */
import { transaction } from "../../database/connection.ts";
import type { Db } from "../../database/connection.ts";
import { recordVolumeTest, setVolumeState, type VolumeRow } from "../../database/remote_volumes.ts";
import { damageText, type TestError } from "./test_result.ts";

/** One volume's outcome. */
export interface Outcome {
  readonly row: VolumeRow;
  readonly errors: readonly TestError[];
  /** Size and hash of the downloaded copy, when it was downloaded. */
  readonly measured?: { readonly size: number; readonly hash: string };
}

export class OutcomeRecorder {
  readonly #db: Db;
  readonly #at: number;
  readonly #enabled: boolean;
  #pending: Outcome[] = [];
  #confirmed: boolean;

  /** `confirmed`: the passphrase needs no proof (the backup is unencrypted). `enabled` false records nothing. */
  constructor(db: Db, options: { at: number; enabled: boolean; confirmed: boolean }) {
    this.#db = db;
    this.#at = options.at;
    this.#enabled = options.enabled;
    this.#confirmed = options.confirmed;
  }

  /** True once a volume decrypted (or no passphrase is involved). */
  get confirmed(): boolean {
    return this.#confirmed;
  }

  add(outcome: Outcome): void {
    this.#pending.push(outcome);
    if (this.#confirmed) this.flush();
  }

  /** The passphrase is proven right: write what was held back, and everything from now on. */
  confirm(): void {
    this.#confirmed = true;
    this.flush();
  }

  /** Writes the held-back outcomes. */
  flush(): void {
    const pending = this.#pending;
    this.#pending = [];
    if (!this.#enabled || pending.length === 0) return;
    transaction(this.#db, () => {
      for (const outcome of pending) this.#write(outcome);
    });
  }

  #write({ row, errors, measured }: Outcome): void {
    if (errors.length > 0) {
      recordVolumeTest(this.#db, row.id, { at: this.#at, damage: damageText(errors) });
      return;
    }
    recordVolumeTest(this.#db, row.id, { at: this.#at, damage: null });
    if (measured && (row.hash === null || row.size < 0)) {
      setVolumeState(this.#db, row.id, { state: row.state, size: measured.size, hash: measured.hash });
    }
  }
}
