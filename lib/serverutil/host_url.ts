/**
 * The server URL a client is given (`--hosturl` of serverutil and the tray launcher): checked and normalized.
 * @module
 */
import { UserInputError } from "../core/errors.ts";

/** ServerUtil's and the tray's default server. */
export const DEFAULT_HOST_URL = "http://127.0.0.1:8200";

/**
 * The normalized server URL with a trailing slash ("http://127.0.0.1:8200/"). Throws UserInputError for text that
 * is not a URL and for schemes other than http and https.
 */
export function parseHostUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UserInputError(`Cannot use --hosturl "${text}": not a URL such as ${DEFAULT_HOST_URL}`);
  }
  if (!/^https?:$/.test(url.protocol)) {
    throw new UserInputError(`Cannot use --hosturl "${text}": only http and https URLs are supported`);
  }
  return url.href.endsWith("/") ? url.href : `${url.href}/`;
}
