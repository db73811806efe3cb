/**
 * Failed HTTP answers from the server, turned into user-facing errors (ServerUtil exits 2 for them).
 * @module
 */
import { UserInputError } from "../core/errors.ts";

/** A non-2xx answer: `Server error (<code>): <Error>` from the JSON error body, or the status text. */
export class ServerError extends UserInputError {
  override readonly code = "server-error";
  constructor(message: string, readonly status: number, readonly reason?: string) {
    super(message);
  }
}

/** Reads a failed response's body into a {@link ServerError}; always consumes the body. */
async function serverErrorFrom(response: Response): Promise<ServerError> {
  const text = await response.text().catch(() => "");
  if (text.trim() === "") {
    return new ServerError(
      `Server error (${response.status}): ${response.statusText || "no details"}`,
      response.status,
    );
  }
  try {
    const body = JSON.parse(text);
    if (typeof body === "object" && body !== null && typeof body.Error === "string") {
      const code = typeof body.Code === "number" ? body.Code : response.status;
      const reason = typeof body.Reason === "string" ? body.Reason : undefined;
      return new ServerError(`Server error (${code}): ${body.Error}`, response.status, reason);
    }
  } catch {
    // not JSON: report the text
  }
  return new ServerError(`Failed to parse response (${response.status}): ${text.slice(0, 500)}`, response.status);
}

/** Throws a {@link ServerError} unless the response is 2xx. */
export async function ensureOk(response: Response): Promise<Response> {
  if (response.ok) return response;
  throw await serverErrorFrom(response);
}
