/**
 * Secrets inside a storage URL: the user-info password (`user:password@`) and the values of secret query
 * parameters (`auth-password`, `s3-secret-key`, ... judged by isSecretOptionName). The API shows them as
 * PASSWORD_PLACEHOLDER ({@link maskTargetUrl}), puts the stored values back when a client sends the placeholder
 * again, literally or percent-encoded ({@link unmaskTargetUrl}), and leaves them out of exports without passwords
 * ({@link stripTargetUrlSecrets}). Everything else in the URL is kept byte for byte.
 * @module
 */
import { PASSWORD_PLACEHOLDER } from "./api_types.ts";
import { isSecretOptionName } from "./config_store/secret_names.ts";
import { badField } from "./http_error.ts";

/** The target URL with its password and secret query values replaced by {@link PASSWORD_PLACEHOLDER}. */
export function maskTargetUrl(url: string): string {
  return rewriteUrlSecrets(url, () => PASSWORD_PLACEHOLDER);
}

/** The target URL without its password and secret query parameters (an export without passwords). */
export function stripTargetUrlSecrets(url: string): string {
  return rewriteUrlSecrets(url, () => undefined);
}

/** True when a secret of `url` is the placeholder (literal or percent-encoded, such as `%2A` fifteen times). */
export function hasMaskedSecret(url: string): boolean {
  let found = false;
  rewriteUrlSecrets(url, (_key, raw) => {
    if (isPlaceholder(raw)) found = true;
    return raw;
  });
  return found;
}

/**
 * Replaces placeholders in `url` (the user-info password, secret query values; literal or percent-encoded) with the
 * values in `previous`. Throws HttpError 400 naming `field` when a placeholder has no stored value to stand for.
 */
export function unmaskTargetUrl(url: string, env: { previous: string | undefined; field: string }): string {
  if (!hasMaskedSecret(url)) return url;
  const stored = env.previous === undefined ? undefined : urlSecrets(env.previous);
  return rewriteUrlSecrets(url, (key, raw) => {
    if (!isPlaceholder(raw)) return raw;
    const value = stored?.get(key);
    if (value === undefined) {
      const what = key === USER_PASSWORD ? "the URL password" : `the URL parameter "${key}"`;
      throw badField(env.field, `the password placeholder stands for ${what}, but no value is stored for it`);
    }
    return value;
  });
}

/** Key used for the user-info password in {@link rewriteUrlSecrets} callbacks. */
const USER_PASSWORD = ":password";
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;

function isPlaceholder(raw: string): boolean {
  return safeDecode(raw) === PASSWORD_PLACEHOLDER;
}

/** The raw (still encoded) secret values of a URL by lower-cased key. */
function urlSecrets(url: string): Map<string, string> {
  const found = new Map<string, string>();
  rewriteUrlSecrets(url, (key, raw) => {
    if (!found.has(key)) found.set(key, raw);
    return raw;
  });
  return found;
}

/**
 * Rewrites every secret in a URL through `replace(key, rawValue)`; undefined drops it. Keys are the lower-cased
 * query parameter names, or {@link USER_PASSWORD}. The user info ends at the last `@` before the path, as
 * parseTargetUrl reads it, so a password holding `@` is replaced whole. Everything else is kept byte for byte.
 */
function rewriteUrlSecrets(url: string, replace: (key: string, raw: string) => string | undefined): string {
  const scheme = SCHEME.exec(url);
  if (!scheme) return url;
  const rest = url.slice(scheme[0].length);
  const queryAt = rest.indexOf("?");
  let head = queryAt < 0 ? rest : rest.slice(0, queryAt);
  const query = queryAt < 0 ? undefined : rest.slice(queryAt + 1);
  const slash = head.indexOf("/");
  const authority = slash < 0 ? head : head.slice(0, slash);
  const at = authority.lastIndexOf("@");
  const colon = at < 0 ? -1 : authority.slice(0, at).indexOf(":");
  if (colon >= 0) {
    const user = authority.slice(0, colon);
    const value = replace(USER_PASSWORD, authority.slice(colon + 1, at));
    head = `${user}${value === undefined ? "" : `:${value}`}${head.slice(at)}`;
  }
  let tail = "";
  if (query !== undefined) {
    const kept: string[] = [];
    for (const part of query.split("&")) {
      const eq = part.indexOf("=");
      const key = safeDecode(eq < 0 ? part : part.slice(0, eq)).toLowerCase();
      if (eq < 0 || !isSecretOptionName(key)) {
        kept.push(part);
        continue;
      }
      const value = replace(key, part.slice(eq + 1));
      if (value !== undefined) kept.push(`${part.slice(0, eq)}=${value}`);
    }
    tail = kept.length === 0 && query !== "" ? "" : `?${kept.join("&")}`;
  }
  return `${scheme[0]}${head}${tail}`;
}

/** Percent-decoding (with `+` as space) that keeps malformed text as it is instead of throwing URIError. */
function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replaceAll("+", " "));
  } catch {
    return text;
  }
}
