/**
 * The embedded web UI: web/dist is what the sources build (so nobody ships a stale bundle), the first load stays
 * under 300 KB compressed, and the server answers the shell, scripts and styles with the right types, encodings,
 * cache rules and security headers, behind the host check.
 * @module
 */
import { gunzipSync } from "node:zlib";
import { assert, assertEquals } from "../support/assert.ts";
import { REPO_ROOT } from "../support/run_main.ts";
import { createApp } from "../../lib/server/app.ts";
import { firstLoadGzipBytes, SHELL_PATHS } from "../../lib/server/static_web.ts";
import { fakeServerDeps } from "../support/fake_server_deps.ts";

Deno.test("web/dist is what `deno task build-web` makes from web/src", async () => {
  const result = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", `${REPO_ROOT}/scripts/build_web.ts`, "--check"],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(result.stderr) + new TextDecoder().decode(result.stdout);
  assert(result.success, text);
});

Deno.test("the web UI's first load is under 300 KB gzip-compressed", () => {
  const bytes = firstLoadGzipBytes();
  assert(bytes < 300 * 1024, `first load is ${bytes} bytes compressed`);
  assert(bytes > 1000);
});

Deno.test("the server serves the UI shell, script and styles with cache, encoding and security headers", async () => {
  using server = fakeServerDeps();
  {
    const { deps } = server;
    const app = createApp(deps);
    for (const path of SHELL_PATHS) {
      const response = await app.request(`http://localhost${path}`);
      assertEquals(response.status, 200, path);
      assertEquals(response.headers.get("content-type"), "text/html; charset=utf-8");
      assertEquals(response.headers.get("cache-control"), "no-cache");
      assert(response.headers.get("content-security-policy")!.includes("frame-ancestors 'none'"));
      assertEquals(response.headers.get("referrer-policy"), "no-referrer");
      assertEquals(response.headers.get("x-frame-options"), "DENY");
      const html = await response.text();
      assert(html.includes('<div id="app">'), html);
    }
    const html = await (await app.request("http://localhost/")).text();
    const script = /src="(\/app\.js\?v=[0-9a-f]+)"/.exec(html)![1]!;
    const style = /href="(\/app\.css\?v=[0-9a-f]+)"/.exec(html)![1]!;
    const js = await app.request(`http://localhost${script}`, { headers: { "accept-encoding": "gzip" } });
    assertEquals(js.status, 200);
    assertEquals(js.headers.get("content-type"), "text/javascript; charset=utf-8");
    assertEquals(js.headers.get("content-encoding"), "gzip");
    assertEquals(js.headers.get("cache-control"), "public, max-age=31536000, immutable");
    const plain = new TextDecoder().decode(gunzipSync(new Uint8Array(await js.arrayBuffer())));
    assertEquals(plain, Deno.readTextFileSync(`${REPO_ROOT}/web/dist/app.js`));
    const etag = js.headers.get("etag")!;
    const again = await app.request(`http://localhost${script}`, { headers: { "if-none-match": etag } });
    assertEquals(again.status, 304);
    await again.body?.cancel();
    const css = await app.request(`http://localhost${style}`, { headers: { "accept-encoding": "br, gzip" } });
    assertEquals(css.headers.get("content-encoding"), "br");
    assertEquals(css.headers.get("content-type"), "text/css; charset=utf-8");
    await css.body?.cancel();
    // A stale version parameter is not cached for a year.
    const stale = await app.request("http://localhost/app.js?v=0000");
    assertEquals(stale.headers.get("cache-control"), "no-cache");
    await stale.body?.cancel();
    // The host check guards the UI as it guards the API (DNS rebinding).
    const foreign = await app.request("http://evil.example/", { headers: { host: "evil.example" } });
    assertEquals(foreign.status, 403);
    await foreign.body?.cancel();
  }
});
