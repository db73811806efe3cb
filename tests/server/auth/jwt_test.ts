import {
  base64UrlDecode,
  base64UrlEncode,
  importSigningKey,
  type JwtClaims,
  signJwt,
  TOKEN_AUTHORITY,
  verifyJwt,
} from "../../../lib/server/auth/jwt.ts";
import { assert, assertEquals } from "../../support/assert.ts";

const NOW = Date.UTC(2024, 0, 1);
const IAT = NOW / 1000;
const CLAIMS: JwtClaims = {
  typ: "AccessToken",
  sid: "webserver",
  fam: "family-1",
  jti: "abc",
  iss: TOKEN_AUTHORITY,
  aud: TOKEN_AUTHORITY,
  iat: IAT,
  nbf: IAT,
  exp: IAT + 900,
};

function encodeJson(value: unknown): string {
  return base64UrlEncode(new TextEncoder().encode(JSON.stringify(value)));
}

async function hmac(key: CryptoKey, text: string): Promise<string> {
  return base64UrlEncode(new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(text))));
}

Deno.test("signJwt writes an HS256 JWT that verifyJwt accepts with the same claims", async () => {
  const key = await importSigningKey("c2lnbmluZyBrZXkgZm9yIHRlc3RzIG9ubHkgMTIzNDU2Nzg=");
  const token = await signJwt(CLAIMS, key);
  const [header, payload, signature] = token.split(".");
  assertEquals(JSON.parse(new TextDecoder().decode(base64UrlDecode(header ?? ""))), { alg: "HS256", typ: "JWT" });
  assertEquals(JSON.parse(new TextDecoder().decode(base64UrlDecode(payload ?? ""))), CLAIMS);
  assertEquals(signature, await hmac(key, `${header}.${payload}`));
  assert(!/[+/=]/.test(token), "base64url without padding");
  assertEquals(await verifyJwt(token, { key, now: NOW }), { ok: true, claims: CLAIMS });
});

Deno.test("verifyJwt applies a 5 s clock skew to exp and nbf", async () => {
  const key = await importSigningKey("k".repeat(44));
  const token = await signJwt(CLAIMS, key);
  const exp = (IAT + 900) * 1000;
  assertEquals((await verifyJwt(token, { key, now: exp + 5_000 })).ok, true);
  assertEquals(await verifyJwt(token, { key, now: exp + 5_001 }), { ok: false, reason: "expired" });
  assertEquals((await verifyJwt(token, { key, now: NOW - 5_000 })).ok, true);
  assertEquals(await verifyJwt(token, { key, now: NOW - 5_001 }), { ok: false, reason: "not-yet-valid" });
});

Deno.test("verifyJwt rejects other algorithms, forged and tampered tokens", async () => {
  const key = await importSigningKey("k".repeat(44));
  const otherKey = await importSigningKey("x".repeat(44));
  const token = await signJwt(CLAIMS, key);
  const [header, payload, signature] = token.split(".") as [string, string, string];

  const none = `${encodeJson({ alg: "none", typ: "JWT" })}.${payload}.`;
  assertEquals(await verifyJwt(none, { key, now: NOW }), { ok: false, reason: "algorithm" });
  const hs512Header = encodeJson({ alg: "HS512", typ: "JWT" });
  const hs512 = `${hs512Header}.${payload}.${await hmac(key, `${hs512Header}.${payload}`)}`;
  assertEquals(await verifyJwt(hs512, { key, now: NOW }), { ok: false, reason: "algorithm" });

  assertEquals(await verifyJwt(token, { key: otherKey, now: NOW }), { ok: false, reason: "signature" });
  const elevated = encodeJson({ ...CLAIMS, sid: "admin" });
  assertEquals(await verifyJwt(`${header}.${elevated}.${signature}`, { key, now: NOW }), {
    ok: false,
    reason: "signature",
  });
  const flipped = signature.slice(0, -2) + (signature.endsWith("A") ? "B" : "A") + signature.slice(-1);
  assertEquals((await verifyJwt(`${header}.${payload}.${flipped}`, { key, now: NOW })).ok, false);

  for (const bad of ["", "a.b", "a.b.c.d", `${header}.${payload}`, `${header}.${payload}.${signature}=`, "!.!.!"]) {
    assertEquals(await verifyJwt(bad, { key, now: NOW }), { ok: false, reason: "malformed" }, bad);
  }
});

Deno.test("verifyJwt rejects correctly signed tokens with a wrong issuer or missing times", async () => {
  const key = await importSigningKey("k".repeat(44));
  const { exp: _exp, ...withoutExp } = CLAIMS;
  for (
    const claims of [
      { ...CLAIMS, iss: "https://evil" },
      { ...CLAIMS, aud: "https://evil" },
      withoutExp,
      { ...CLAIMS, exp: "soon" },
      { ...CLAIMS, cnt: -1 },
      { ...CLAIMS, sid: 7 },
    ]
  ) {
    const token = await signJwt(claims as unknown as JwtClaims, key);
    assertEquals(await verifyJwt(token, { key, now: NOW }), { ok: false, reason: "claims" }, JSON.stringify(claims));
  }
});

Deno.test("base64url round-trips every byte and rejects impossible lengths", () => {
  const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
  for (let n = 0; n <= 5; n++) assertEquals(base64UrlDecode(base64UrlEncode(bytes.slice(0, n))), bytes.slice(0, n));
  assertEquals(base64UrlDecode(base64UrlEncode(bytes)), bytes);
  assertEquals(base64UrlEncode(new Uint8Array([0xfb, 0xff])), "-_8");
  assertEquals(base64UrlDecode("abcde"), undefined);
  assertEquals(base64UrlDecode("ab+/"), undefined);
});
