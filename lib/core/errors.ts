/**
 * The engine's typed errors. Every domain error extends {@link DuplicatiError} and carries a stable `code`
 * that front ends map to exit codes or HTTP statuses; nobody parses messages.
 * @module
 */

/** Base of every error the engine expects callers to catch. */
export abstract class DuplicatiError extends Error {
  abstract readonly code: string;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad input from the user: option values, paths, URLs, command lines. */
export class UserInputError extends DuplicatiError {
  readonly code: string = "user-input";
}

/** A remote file does not exist. Permanent: retrying does not help. */
export class RemoteFileNotFoundError extends DuplicatiError {
  readonly code = "remote-file-not-found";
  constructor(readonly remoteName: string, options?: ErrorOptions) {
    super(`Cannot find remote file "${remoteName}"`, options);
  }
}

/** The destination folder does not exist; `createFolder()` may fix it. */
export class FolderMissingError extends DuplicatiError {
  readonly code = "folder-missing";
}

/** A backend failure that retrying will not fix (bad credentials, permission denied, bad URL). */
export class PermanentBackendError extends DuplicatiError {
  readonly code = "backend-permanent";
}

/** The passphrase does not open an encrypted volume. */
export class WrongPassphraseError extends DuplicatiError {
  readonly code = "wrong-passphrase";
}

/** Data failed a hash, HMAC, size or structure check: damaged or tampered with. */
export class IntegrityError extends DuplicatiError {
  readonly code = "integrity";
}

/** The local database disagrees with itself or with the remote in a way that needs attention. */
export class DatabaseInconsistencyError extends DuplicatiError {
  readonly code = "database-inconsistency";
}

/**
 * The destination lacks volumes the database needs, or holds versions the database does not know. Nothing can fix
 * it without losing or guessing data, so the message ends with the exact command that resolves it.
 */
export class RemoteInconsistencyError extends DuplicatiError {
  readonly code = "remote-inconsistency";
}

/** The operation was cancelled by its AbortSignal. */
export class CancelledError extends DuplicatiError {
  readonly code = "cancelled";
}

/** True for errors that a retry cannot fix. */
export function isPermanent(error: unknown): boolean {
  if (error instanceof RemoteFileNotFoundError) return true;
  if (error instanceof FolderMissingError) return true;
  if (error instanceof PermanentBackendError) return true;
  if (error instanceof WrongPassphraseError) return true;
  if (error instanceof UserInputError) return true;
  if (error instanceof CancelledError) return true;
  if (error instanceof DOMException && error.name === "AbortError") return true;
  return false;
}

/** The message of any thrown value, for logs and user output. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
