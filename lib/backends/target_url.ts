/**
 * Duplicati storage URLs: `scheme://[user[:password]@]host[:port]/path[?key=value&…]`, `file://` URLs and bare local
 * paths. The parsed form feeds backend factories and the dbconfig.json key (see `lib/data_folder/db_locator.ts`).
 *
 * Decoding follows what Duplicati writes: host and path are percent-decoded with `+` kept literally; user name and
 * password are percent-decoded with `+` meaning a space (Duplicati encodes a space there as `+`); query values are
 * form-decoded and query keys are lower-cased, since option names are case-insensitive. A bare path is taken
 * literally (not percent-decoded), unlike Duplicati, which also turns `+` in a bare path into a space.
 * @module
 */
import { posix, win32 } from "node:path";
import { UserInputError } from "../core/errors.ts";

/** A parsed storage URL. For scheme "file", `path` is the absolute local path and `host` is "". */
export interface TargetUrl {
  /** Lower-cased scheme as typed, including a trailing "s" (`webdavs`); the backend decides what it means. */
  readonly scheme: string;
  readonly host: string;
  /** -1 when absent. */
  readonly port: number;
  /** Decoded path without the leading "/" (as Duplicati keys it), except for "file" where it is absolute. */
  readonly path: string;
  readonly username?: string;
  readonly password?: string;
  /** Query parameters, keys lower-cased; they override same-named command-line options. */
  readonly query: ReadonlyMap<string, string>;
  /** The text as given. Contains secrets: never log it, use {@link redactTargetUrl}. */
  readonly original: string;
}

/** Where relative paths are resolved and which path rules apply. */
export interface ParseTargetUrlOptions {
  readonly cwd?: string;
  readonly os?: "linux" | "darwin" | "windows";
}

const SCHEME_PREFIX = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;
const WINDOWS_DRIVE_PATH = /^\/?[A-Za-z]:[\\/]/;
const NAMED_HOSTS: Readonly<Record<string, string>> = {
  s3: "bucket",
  e2: "bucket",
  b2: "bucket",
  gcs: "bucket",
  azure: "container",
  openstack: "container",
  ftp: "host",
  aftp: "host",
  ssh: "host",
  webdav: "host",
  smb: "host",
  cifs: "host",
};

/** Parses a storage URL or local path. Throws `UserInputError` `Cannot parse storage URL "…": …` when malformed. */
export function parseTargetUrl(text: string, options: ParseTargetUrlOptions = {}): TargetUrl {
  const os = options.os ?? currentOs();
  const cwd = options.cwd ?? Deno.cwd();
  const fail = (reason: string): never => {
    throw new UserInputError(`Cannot parse storage URL ${JSON.stringify(redactText(text))}: ${reason}`);
  };
  if (text.trim() === "") fail("empty URL");
  const match = SCHEME_PREFIX.exec(text);
  if (!match) {
    if (text.includes("://")) fail("missing or invalid scheme");
    return fileUrl(text, localPath(text, { cwd, os }), new Map());
  }
  const scheme = match[1]!.toLowerCase();
  const rest = text.slice(match[0].length);
  const queryAt = rest.indexOf("?");
  const beforeQuery = queryAt < 0 ? rest : rest.slice(0, queryAt);
  const query = queryAt < 0 ? new Map<string, string>() : parseQuery(rest.slice(queryAt + 1));
  if (scheme === "file") {
    const decoded = decodeOrFail(beforeQuery, false, fail);
    if (decoded === "") fail("empty path");
    const windowsPath = os === "windows" && WINDOWS_DRIVE_PATH.test(decoded);
    return fileUrl(text, localPath(windowsPath ? decoded.replace(/^\//, "") : decoded, { cwd, os }), query);
  }
  return networkUrl({ text, scheme, beforeQuery, query, fail });
}

interface NetworkParts {
  readonly text: string;
  readonly scheme: string;
  readonly beforeQuery: string;
  readonly query: Map<string, string>;
  readonly fail: (reason: string) => never;
}

function networkUrl(parts: NetworkParts): TargetUrl {
  const { text, scheme, beforeQuery, query, fail } = parts;
  const slash = beforeQuery.indexOf("/");
  const authority = slash < 0 ? beforeQuery : beforeQuery.slice(0, slash);
  const rawPath = slash < 0 ? "" : beforeQuery.slice(slash + 1);
  const at = authority.lastIndexOf("@");
  const userInfo = at < 0 ? undefined : authority.slice(0, at);
  const hostPort = at < 0 ? authority : authority.slice(at + 1);
  const { host, port } = splitHostPort(hostPort, fail);
  const decodedHost = decodeOrFail(host, false, fail);
  const hostKind = NAMED_HOSTS[scheme.replace(/s$/, "")] ?? NAMED_HOSTS[scheme];
  if (hostKind !== undefined && decodedHost === "") fail(`missing ${hostKind} name`);
  let username: string | undefined;
  let password: string | undefined;
  if (userInfo !== undefined) {
    const colon = userInfo.indexOf(":");
    username = decodeOrFail(colon < 0 ? userInfo : userInfo.slice(0, colon), true, fail);
    if (colon >= 0) password = decodeOrFail(userInfo.slice(colon + 1), true, fail);
  }
  return {
    scheme,
    host: decodedHost,
    port,
    path: decodeOrFail(rawPath, false, fail),
    ...(username === undefined ? {} : { username }),
    ...(password === undefined ? {} : { password }),
    query,
    original: text,
  };
}

function splitHostPort(hostPort: string, fail: (reason: string) => never): { host: string; port: number } {
  let portText: string | undefined;
  let host = hostPort;
  if (hostPort.startsWith("[")) {
    const close = hostPort.indexOf("]");
    if (close < 0) fail('unclosed "[" in host');
    host = hostPort.slice(0, close + 1);
    const after = hostPort.slice(close + 1);
    if (after !== "") {
      if (!after.startsWith(":")) fail(`unexpected ${JSON.stringify(after)} after host`);
      portText = after.slice(1);
    }
  } else {
    const colon = hostPort.lastIndexOf(":");
    if (colon >= 0) {
      host = hostPort.slice(0, colon);
      portText = hostPort.slice(colon + 1);
    }
  }
  if (portText === undefined) return { host, port: -1 };
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
  if (!(port >= 0 && port <= 65535)) fail(`bad port ${JSON.stringify(portText)}`);
  return { host, port };
}

function fileUrl(text: string, path: string, query: Map<string, string>): TargetUrl {
  return { scheme: "file", host: "", port: -1, path, query, original: text };
}

/** Absolute, normalised local path; keeps a trailing separator as given (as .NET's GetFullPath does). */
function localPath(path: string, options: Required<ParseTargetUrlOptions>): string {
  const paths = options.os === "windows" ? win32 : posix;
  const resolved = paths.resolve(options.cwd, path);
  const trailing = options.os === "windows" ? /[\\/]$/ : /\/$/;
  if (trailing.test(path) && !trailing.test(resolved)) return resolved + paths.sep;
  return resolved;
}

function parseQuery(text: string): Map<string, string> {
  const query = new Map<string, string>();
  for (const [key, value] of new URLSearchParams(text)) {
    if (key !== "") query.set(key.toLowerCase(), value);
  }
  return query;
}

function decodeOrFail(text: string, plusIsSpace: boolean, fail: (reason: string) => never): string {
  try {
    return decodeURIComponent(plusIsSpace ? text.replaceAll("+", " ") : text);
  } catch {
    return fail(`bad percent-encoding in ${JSON.stringify(redactText(text))}`);
  }
}

function currentOs(): "linux" | "darwin" | "windows" {
  const os = Deno.build.os;
  return os === "windows" || os === "darwin" ? os : "linux";
}

const SECRET_KEY = /password|secret|key|token|passphrase|authid/i;

/** True for query keys whose values must not be shown: auth-password and names containing secret, key, password … */
export function isSecretQueryKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** The URL as text with the password and secret query values replaced by "***", for logs and messages. */
export function redactTargetUrl(url: TargetUrl): string {
  const query = [...url.query].map(([key, value]) =>
    `${encodeURIComponent(key)}=${isSecretQueryKey(key) ? "***" : encodeURIComponent(value)}`
  );
  const tail = query.length === 0 ? "" : `?${query.join("&")}`;
  if (url.scheme === "file") {
    return `file://${encodePath(url.path)}${tail}`;
  }
  let userInfo = "";
  if (url.username !== undefined || url.password !== undefined) {
    userInfo = encodeURIComponent(url.username ?? "") + (url.password === undefined ? "" : ":***") + "@";
  }
  const port = url.port >= 0 ? `:${url.port}` : "";
  return `${url.scheme}://${userInfo}${encodeHost(url.host)}${port}/${encodePath(url.path)}${tail}`;
}

function encodeHost(host: string): string {
  return host.startsWith("[")
    ? host
    : host.replace(/[%@:/?#]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function encodePath(path: string): string {
  return path.replace(/[%?#]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Best-effort redaction of raw text that failed to parse: hides user-info passwords and secret query values. */
function redactText(text: string): string {
  return text
    .replace(/^([A-Za-z][A-Za-z0-9+.-]*:\/\/[^:/?@]*):[^@/?]*@/, "$1:***@")
    .replace(
      /([?&])([^=&]+)=([^&]*)/g,
      (all, sep: string, key: string) => isSecretQueryKey(key) ? `${sep}${key}=***` : all,
    );
}
