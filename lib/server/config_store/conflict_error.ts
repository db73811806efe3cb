/**
 * The error for a name that another configured backup already uses; the server answers it with 409 Conflict.
 * @module
 */
import { DuplicatiError } from "../../core/errors.ts";

/** A backup name (compared case-insensitively) that is already taken. */
export class ConflictError extends DuplicatiError {
  readonly code = "duplicate-name";
}
