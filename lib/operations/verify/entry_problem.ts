/**
 * Turns a failure to read or parse one zip entry into a CorruptEntry problem; anything that is not damage
 * (a bug, a cancelled run) is rethrown.
 * @module
 */
import { errorMessage, IntegrityError } from "../../core/errors.ts";
import type { TestError } from "./test_result.ts";

/** A CorruptEntry for `entry`; rethrows errors other than IntegrityError. */
export function entryProblem(entry: string, error: unknown): TestError {
  if (!(error instanceof IntegrityError)) throw error;
  return { kind: "CorruptEntry", detail: `${entry}: ${errorMessage(error)}` };
}
