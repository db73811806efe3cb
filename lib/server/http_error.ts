/**
 * HttpError: what a route throws to answer with a status and Duplicati's `{Error, Code}` body. app.ts maps it
 * (and the engine's typed errors) to responses; routes never build error responses by hand.
 * @module
 */

export class HttpError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 429 | 500 | 503,
    message: string,
    readonly details: { readonly reason?: string; readonly field?: string } = {},
  ) {
    super(message);
    this.name = "HttpError";
  }
}

/** 400 naming the field: `Invalid field "Backup.Name": it must not be empty`. */
export function badField(field: string, problem: string): HttpError {
  return new HttpError(400, `Invalid field "${field}": ${problem}`, { reason: "invalid-field", field });
}

export function notFound(what: string): HttpError {
  return new HttpError(404, `${what} was not found`, { reason: "not-found" });
}
