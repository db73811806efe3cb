/**
 * Turns a failure to read or parse one zip entry into a CorruptEntry problem; anything that is not damage
 * (a bug, a cancelled run) is rethrown.
 * @module
 */
import { errorMessage, IntegrityError } from "../../core/errors.ts";
import type { TestError } from "./test_result.ts";

/**
 * A CorruptEntry for `entry`. IntegrityError is damage; so is RangeError, which damaged bytes can provoke in a
 * reader. Everything else is rethrown.
 */
export function entryProblem(entry: string, error: unknown): TestError {
  if (!isDamage(error)) throw error;
  return { kind: "CorruptEntry", detail: `${entry}: ${errorMessage(error)}` };
}

/** True for errors that damaged data causes (as opposed to bugs, I/O failures or cancellation). */
export function isDamage(error: unknown): boolean {
  return error instanceof IntegrityError || error instanceof RangeError;
}
