/**
 * Compact HS256 JSON Web Tokens over Web Crypto HMAC: signing, and verification that rejects every other `alg`
 * (including "none"), bad signatures, wrong issuer/audience and tokens outside their lifetime (5 s clock skew).
 * Also the base64url, random-id and JSON-object helpers the auth code shares.
 * @module
 */
import { Buffer } from "node:buffer";

/** Tolerance for `exp` and `nbf`, as Duplicati's ClockSkew. */
export const CLOCK_SKEW_SECONDS = 5;
/** Issuer and audience of every token, as Duplicati's JWTConfig. */
export const TOKEN_AUTHORITY = "https://duplicati";

/** The claims our tokens carry (times in epoch seconds). */
export interface JwtClaims {
  /** "AccessToken", "RefreshToken", "SigninToken" or "SingleOperationToken". */
  readonly typ: string;
  /** User id. */
  readonly sid: string;
  readonly jti: string;
  readonly iss: string;
  readonly aud: string;
  readonly iat: number;
  readonly nbf: number;
  readonly exp: number;
  /** Token family (access and refresh tokens). */
  readonly fam?: string;
  /** Refresh counter (refresh tokens). */
  readonly cnt?: number;
  /** Operation (single-operation tokens). */
  readonly sop?: string;
  /** Hash of the refresh nonce (refresh tokens). */
  readonly nce?: string;
}

export type JwtFailure = "malformed" | "algorithm" | "signature" | "claims" | "expired" | "not-yet-valid";
export type JwtResult = { readonly ok: true; readonly claims: JwtClaims } | {
  readonly ok: false;
  readonly reason: JwtFailure;
};

/** The HMAC-SHA256 key for a signing secret (its UTF-8 bytes, as Duplicati uses the base64 text). */
export function importSigningKey(secret: string): Promise<CryptoKey> {
  const raw = new TextEncoder().encode(secret);
  return crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
}

/** Signs the claims as an HS256 JWT. */
export async function signJwt(claims: JwtClaims, key: CryptoKey): Promise<string> {
  const header = base64UrlEncode(utf8(JSON.stringify({ alg: "HS256", typ: "JWT" })));
  const payload = base64UrlEncode(utf8(JSON.stringify(claims)));
  const signature = await crypto.subtle.sign("HMAC", key, utf8(`${header}.${payload}`));
  return `${header}.${payload}.${base64UrlEncode(new Uint8Array(signature))}`;
}

/** Verifies signature, algorithm, issuer, audience and lifetime at `now` (epoch ms). */
export async function verifyJwt(token: string, env: { key: CryptoKey; now: number }): Promise<JwtResult> {
  const parts = token.split(".");
  if (parts.length !== 3) return { ok: false, reason: "malformed" };
  const [headerText, payloadText, signatureText] = parts as [string, string, string];
  const header = parseSegment(headerText);
  const signature = base64UrlDecode(signatureText);
  if (header === undefined || signature === undefined) return { ok: false, reason: "malformed" };
  if (header.alg !== "HS256") return { ok: false, reason: "algorithm" };
  const valid = await crypto.subtle.verify("HMAC", env.key, signature, utf8(`${headerText}.${payloadText}`));
  if (!valid) return { ok: false, reason: "signature" };
  const claims = toClaims(parseSegment(payloadText));
  if (claims === undefined) return { ok: false, reason: "claims" };
  const nowSeconds = env.now / 1000;
  if (nowSeconds > claims.exp + CLOCK_SKEW_SECONDS) return { ok: false, reason: "expired" };
  if (nowSeconds < claims.nbf - CLOCK_SKEW_SECONDS) return { ok: false, reason: "not-yet-valid" };
  return { ok: true, claims };
}

/** Base64url without padding. */
export function base64UrlEncode(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("base64url");
}

/** Strict base64url (no padding, no other characters); undefined when malformed. */
export function base64UrlDecode(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return undefined;
  return Uint8Array.from(Buffer.from(text, "base64url"));
}

/** A random identifier (token ids, nonces, token families): base64url of `bytes` random bytes. */
export function randomId(bytes = 16): string {
  return base64UrlEncode(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** The JSON object in `text`; undefined for invalid JSON or any other JSON value (array, null, string, ...). */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? value as Record<string, unknown>
      : undefined;
  } catch {
    return undefined;
  }
}

function toClaims(value: Record<string, unknown> | undefined): JwtClaims | undefined {
  if (value === undefined) return undefined;
  const { typ, sid, jti, iss, aud, iat, nbf, exp, fam, cnt, sop, nce } = value;
  if (typeof typ !== "string" || typeof sid !== "string" || typeof jti !== "string") return undefined;
  if (iss !== TOKEN_AUTHORITY || aud !== TOKEN_AUTHORITY) return undefined;
  if (!isTime(iat) || !isTime(nbf) || !isTime(exp)) return undefined;
  if (!optional(fam, "string") || !optional(sop, "string") || !optional(nce, "string")) return undefined;
  if (cnt !== undefined && !(typeof cnt === "number" && Number.isSafeInteger(cnt) && cnt >= 0)) return undefined;
  const claims: Record<string, unknown> = { typ, sid, jti, iss, aud, iat, nbf, exp };
  for (const [name, claim] of Object.entries({ fam, cnt, sop, nce })) if (claim !== undefined) claims[name] = claim;
  return claims as unknown as JwtClaims;
}

function isTime(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

function optional(value: unknown, type: "string"): boolean {
  return value === undefined || typeof value === type;
}

/** The JSON object in a base64url token segment (strict UTF-8); undefined when it is anything else. */
function parseSegment(segment: string): Record<string, unknown> | undefined {
  const bytes = base64UrlDecode(segment);
  if (bytes === undefined) return undefined;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  return parseJsonObject(text);
}

function utf8(text: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(text);
}
