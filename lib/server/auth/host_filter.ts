/**
 * The DNS-rebinding guard: the Host header's host part must be an allowed hostname (case-insensitive), localhost,
 * localhost.localdomain or a literal IPv4/IPv6 address, unless the allowed list contains "*". Anything else
 * answers 403 `{"Error":"Invalid hostname: <host>","Code":403}`.
 * @module
 */
import type { MiddlewareHandler } from "hono";

const ALWAYS_ALLOWED = ["localhost", "localhost.localdomain", "127.0.0.1", "[::1]"];

/** Middleware accepting only requests addressed to an allowed host. */
export function hostFilter(allowedHostnames: readonly string[]): MiddlewareHandler {
  const allowed = new Set([...allowedHostnames, ...ALWAYS_ALLOWED].map((name) => name.trim().toLowerCase()));
  const allowAny = allowed.has("*");
  return async function hostFilterMiddleware(c, next) {
    if (!allowAny) {
      const host = hostPart(c.req.header("Host") ?? new URL(c.req.url).host);
      if (!isAllowedHost(host, allowed)) return c.json({ Error: `Invalid hostname: ${host}`, Code: 403 }, 403);
    }
    await next();
  };
}

/** The host part of a Host header value: "[::1]:8200" → "[::1]", "example.com:8200" → "example.com". */
export function hostPart(header: string): string {
  const value = header.trim();
  if (value.startsWith("[")) {
    const end = value.indexOf("]");
    return end < 0 ? value : value.slice(0, end + 1);
  }
  const colon = value.indexOf(":");
  // More than one colon without brackets: an IPv6 literal without a port.
  if (colon >= 0 && value.indexOf(":", colon + 1) >= 0) return value;
  return colon < 0 ? value : value.slice(0, colon);
}

/** True for a literal IPv4 address ("192.168.1.10") or IPv6 address, bracketed or not ("[::1]", "fe80::1"). */
export function isIpLiteral(host: string): boolean {
  if (/^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(host)) return true;
  const inner = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
  return isIpv6(inner);
}

function isAllowedHost(host: string, allowed: ReadonlySet<string>): boolean {
  if (host === "") return false;
  const lower = host.toLowerCase();
  return allowed.has(lower) || isIpLiteral(lower);
}

function isIpv6(text: string): boolean {
  const zoneless = text.replace(/%[0-9a-z._~-]+$/i, "");
  if (!/^[0-9a-f:.]+$/i.test(zoneless) || !zoneless.includes(":")) return false;
  const halves = zoneless.split("::");
  if (halves.length > 2) return false;
  const groups = halves.flatMap((half) => half === "" ? [] : half.split(":"));
  let count = 0;
  for (const [index, group] of groups.entries()) {
    if (group.includes(".")) {
      // An embedded IPv4 address may only be the last part and counts as two groups.
      if (index !== groups.length - 1 || !isIpLiteral(group)) return false;
      count += 2;
    } else if (/^[0-9a-f]{1,4}$/i.test(group)) {
      count += 1;
    } else {
      return false;
    }
  }
  return halves.length === 2 ? count < 8 : count === 8;
}
