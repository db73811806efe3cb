/**
 * The destination URL as form fields and back: `file:///path` (or a bare local path) for the file backend, and
 * `scheme://user:password@server:port/path?option=value` for the others, with backend options as query parameters
 * (as Duplicati writes them). Parsing is textual and lossless for what building writes, so the fields can always be
 * derived from the URL the model holds. Pure functions.
 * @module
 */

/** The parts of a destination URL the form edits. */
export interface DestinationFields {
  /** Lower-cased scheme ("file" for a bare path). */
  readonly scheme: string;
  readonly server: string;
  /** As typed; "" for the default. */
  readonly port: string;
  /** For "file" the local folder path; otherwise the path on the server without the leading "/". */
  readonly path: string;
  readonly username: string;
  readonly password: string;
  /** Query parameters in order: backend options such as ["disable-length-verification", "true"]. */
  readonly options: readonly (readonly [string, string])[];
}

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;

/** The scheme of a URL; "file" for a bare path, "" for an empty text. */
export function schemeOf(url: string): string {
  if (url.trim() === "") return "";
  return SCHEME.exec(url)?.[1]?.toLowerCase() ?? "file";
}

function decode(text: string, plusIsSpace = false): string {
  try {
    return decodeURIComponent(plusIsSpace ? text.replaceAll("+", " ") : text);
  } catch {
    return text;
  }
}

function parseQuery(text: string): [string, string][] {
  if (text === "") return [];
  return text.split("&").filter((p) => p !== "").map((pair) => {
    const eq = pair.indexOf("=");
    const key = eq < 0 ? pair : pair.slice(0, eq);
    const value = eq < 0 ? "" : pair.slice(eq + 1);
    return [decode(key, true), decode(value, true)];
  });
}

function buildQuery(options: readonly (readonly [string, string])[]): string {
  const parts = options.filter(([key]) => key !== "").map(([key, value]) =>
    `${encodeURIComponent(key)}=${encodeURIComponent(value)}`
  );
  return parts.length === 0 ? "" : `?${parts.join("&")}`;
}

/** The fields of a URL (a fresh set for `scheme` when the URL is empty). */
export function parseDestination(url: string, fallbackScheme = "file"): DestinationFields {
  const empty = { server: "", port: "", path: "", username: "", password: "", options: [] };
  if (url.trim() === "") return { scheme: fallbackScheme, ...empty };
  const match = SCHEME.exec(url);
  if (!match) {
    // A bare local path: taken literally, as the server does.
    return { scheme: "file", ...empty, path: url };
  }
  const scheme = match[1]!.toLowerCase();
  const rest = url.slice(match[0].length);
  const queryAt = rest.indexOf("?");
  const beforeQuery = queryAt < 0 ? rest : rest.slice(0, queryAt);
  const options = queryAt < 0 ? [] : parseQuery(rest.slice(queryAt + 1));
  if (scheme === "file") return { scheme, ...empty, path: decode(beforeQuery), options };
  const slash = beforeQuery.indexOf("/");
  const authority = slash < 0 ? beforeQuery : beforeQuery.slice(0, slash);
  const path = slash < 0 ? "" : decode(beforeQuery.slice(slash + 1));
  const at = authority.lastIndexOf("@");
  const userInfo = at < 0 ? "" : authority.slice(0, at);
  const hostPort = at < 0 ? authority : authority.slice(at + 1);
  const colon = userInfo.indexOf(":");
  const username = decode(colon < 0 ? userInfo : userInfo.slice(0, colon), true);
  const password = colon < 0 ? "" : decode(userInfo.slice(colon + 1), true);
  const portAt = hostPort.startsWith("[") ? hostPort.indexOf("]:") + 1 : hostPort.lastIndexOf(":");
  const server = decode(portAt > 0 ? hostPort.slice(0, portAt) : hostPort);
  const port = portAt > 0 ? hostPort.slice(portAt + 1) : "";
  return { scheme, server, port, path, username, password, options };
}

/** Percent-encodes the characters a URL part cannot hold literally (`%`, `?`, `#`, `@`, `/`, `:` ...). */
function encodePart(text: string): string {
  return encodeURIComponent(text);
}

/** A host name: brackets and colons (IPv6) stay, what would end the authority is encoded. */
function encodeHost(text: string): string {
  return text.replace(/[%/?#@\s]/g, (c) => encodeURIComponent(c));
}

/** A local path as the text after `file://`: only `%`, `?` and `#` need encoding. */
function encodeLocalPath(path: string): string {
  return path.replaceAll("%", "%25").replaceAll("?", "%3F").replaceAll("#", "%23");
}

/** The URL of the fields; "" when nothing that names a place has been entered. */
export function buildDestination(fields: DestinationFields): string {
  const query = buildQuery(fields.options);
  if (fields.scheme === "file") {
    if (fields.path.trim() === "") return "";
    const path = fields.path.startsWith("/") ? fields.path : `/${fields.path}`;
    // Windows drive paths are written file://C:\x (as Duplicati does), POSIX paths file:///x.
    const text = /^[A-Za-z]:[\\/]/.test(fields.path) ? fields.path : path;
    return `file://${encodeLocalPath(text)}${query}`;
  }
  if (fields.server === "" && fields.path === "" && fields.username === "" && query === "") return "";
  let userInfo = "";
  if (fields.username !== "" || fields.password !== "") {
    userInfo = encodePart(fields.username) + (fields.password === "" ? "" : `:${encodePart(fields.password)}`) + "@";
  }
  const port = fields.port.trim() === "" ? "" : `:${fields.port.trim()}`;
  const path = fields.path.replace(/^\/+/, "").split("/").map(encodePart).join("/");
  return `${fields.scheme}://${userInfo}${encodeHost(fields.server)}${port}/${path}${query}`;
}

/** What is wrong with the fields, by field name ("server", "port", "path"). */
export function destinationProblems(fields: DestinationFields): Record<string, string> {
  const problems: Record<string, string> = {};
  if (fields.scheme === "file") {
    if (fields.path.trim() === "") problems.path = "Choose the folder to store the backup in.";
    else if (!/^(\/|[A-Za-z]:[\\/]|\\\\)/.test(fields.path)) {
      problems.path = `Use a full path that starts with / (or a drive such as C:\\), not "${fields.path}".`;
    }
    return problems;
  }
  if (fields.server.trim() === "") problems.server = "Enter the server (host name or address).";
  else if (/\s/.test(fields.server)) problems.server = "A server name cannot contain spaces.";
  const port = fields.port.trim();
  if (port !== "" && (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535)) {
    problems.port = "Enter a port number from 1 to 65535, or leave it empty for the default.";
  }
  return problems;
}
