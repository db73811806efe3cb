/**
 * The web UI's static part, embedded in the program (web/dist, built by scripts/build_web.ts): one HTML shell
 * for "/", "/index.html" and "/signin.html" (the sign-in-token link), app.js and app.css with a content hash in
 * their URL (cached for a year), and a favicon. Gzip and Brotli forms are made once, on first use. Every answer
 * carries a strict Content-Security-Policy, and the page is never framed or its address sent on as a referrer
 * (sign-in links carry a token).
 * @module
 */
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { createHash } from "node:crypto";
import type { Context, Hono } from "hono";
import APP_CSS from "../../web/dist/app.css" with { type: "text" };
import APP_JS from "../../web/dist/app.js" with { type: "text" };

/** The pages that answer with the application's HTML shell. */
export const SHELL_PATHS: readonly string[] = ["/", "/index.html", "/signin.html", "/login.html"];

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "Content-Security-Policy": [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; "),
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "no-referrer",
};

const FAVICON =
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><defs><linearGradient id="g" x1="0" y1="0" ` +
  `x2="1" y2="1"><stop offset="0" stop-color="#1f63c6"/><stop offset="1" stop-color="#38b2ac"/></linearGradient></defs>` +
  `<rect width="32" height="32" rx="8" fill="url(#g)"/><path d="M9 17l5 5 9-11" fill="none" stroke="#fff" ` +
  `stroke-width="3" stroke-linecap="round" stroke-linejoin="round"/></svg>`;

/** One embedded file and its compressed forms. */
interface Asset {
  readonly type: string;
  readonly body: Uint8Array;
  readonly etag: string;
  gzip?: Uint8Array;
  brotli?: Uint8Array;
}

function asset(type: string, text: string): Asset {
  const body = new TextEncoder().encode(text);
  return { type, body, etag: `"${createHash("sha256").update(body).digest("hex").slice(0, 20)}"` };
}

const JS = asset("text/javascript; charset=utf-8", APP_JS);
const CSS = asset("text/css; charset=utf-8", APP_CSS);
const ICON = asset("image/svg+xml", FAVICON);
const version = (a: Asset) => a.etag.slice(1, 13);

const SHELL = asset(
  "text/html; charset=utf-8",
  `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="referrer" content="no-referrer">
<title>Duplicati</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/app.css?v=${version(CSS)}">
<script type="module" src="/app.js?v=${version(JS)}"></script>
</head>
<body>
<div id="app"></div>
<noscript>The Duplicati web interface needs JavaScript.</noscript>
</body>
</html>
`,
);

/** Adds the static routes to `app` (outside /api/v1). */
export function addStaticWebRoutes(app: Hono): void {
  for (const path of SHELL_PATHS) app.get(path, (c) => serve(c, SHELL, { immutable: false }));
  app.get("/app.js", (c) => serve(c, JS, { immutable: c.req.query("v") === version(JS) }));
  app.get("/app.css", (c) => serve(c, CSS, { immutable: c.req.query("v") === version(CSS) }));
  app.get("/favicon.svg", (c) => serve(c, ICON, { immutable: false }));
  app.get("/favicon.ico", (c) => serve(c, ICON, { immutable: false }));
}

/** The sizes a browser downloads for a first load (HTML, JS, CSS), gzip-compressed; for the size budget test. */
export function firstLoadGzipBytes(): number {
  return [SHELL, JS, CSS].reduce((n, a) => n + compressed(a, "gzip").length, 0);
}

function compressed(a: Asset, encoding: "gzip" | "br"): Uint8Array {
  if (encoding === "gzip") return a.gzip ??= gzipSync(a.body, { level: 9 });
  return a.brotli ??= brotliCompressSync(a.body, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: a.body.length },
  });
}

function serve(c: Context, a: Asset, options: { immutable: boolean }): Response {
  const headers = new Headers(SECURITY_HEADERS);
  headers.set("Content-Type", a.type);
  headers.set("ETag", a.etag);
  headers.set("Vary", "Accept-Encoding");
  headers.set("Cache-Control", options.immutable ? "public, max-age=31536000, immutable" : "no-cache");
  if (c.req.header("If-None-Match") === a.etag) return new Response(null, { status: 304, headers });
  const accepted = (c.req.header("Accept-Encoding") ?? "").toLowerCase();
  let body: Uint8Array<ArrayBuffer> = a.body as Uint8Array<ArrayBuffer>;
  if (/\bbr\b/.test(accepted)) {
    body = compressed(a, "br") as Uint8Array<ArrayBuffer>;
    headers.set("Content-Encoding", "br");
  } else if (/\bgzip\b/.test(accepted)) {
    body = compressed(a, "gzip") as Uint8Array<ArrayBuffer>;
    headers.set("Content-Encoding", "gzip");
  }
  headers.set("Content-Length", String(body.length));
  return new Response(c.req.method === "HEAD" ? null : body, { status: 200, headers });
}
