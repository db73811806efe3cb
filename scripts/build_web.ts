/**
 * Builds the web UI into web/dist (committed, so `deno run main.ts` and the compiled binary embed it without a
 * build step): `deno bundle` of web/src/main.tsx into app.js (minified, for browsers), and every web/src/**.css
 * (styles.css first, then by path) into app.css with comments and blank space removed.
 *
 *   deno task build-web            writes web/dist
 *   deno task build-web --check    exits 1 when web/dist is not what the sources build (a test runs this)
 * @module
 */
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SRC = join(ROOT, "web", "src");
const DIST = join(ROOT, "web", "dist");

/** The built files: name → text. */
export async function buildWeb(): Promise<Record<string, string>> {
  const out = await Deno.makeTempDir({ prefix: "web-build-" });
  try {
    const result = await new Deno.Command(Deno.execPath(), {
      args: [
        "bundle",
        "--quiet",
        "--platform=browser",
        "--minify",
        "--output",
        join(out, "app.js"),
        join(SRC, "main.tsx"),
      ],
      cwd: ROOT,
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    }).output();
    if (!result.success) {
      throw new Error(`deno bundle failed:\n${new TextDecoder().decode(result.stderr)}`);
    }
    const js = Deno.readTextFileSync(join(out, "app.js"));
    return { "app.js": js, "app.css": buildCss() };
  } finally {
    Deno.removeSync(out, { recursive: true });
  }
}

function cssFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of Deno.readDirSync(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) found.push(...cssFiles(path));
    else if (entry.name.endsWith(".css")) found.push(path);
  }
  return found;
}

function buildCss(): string {
  const files = cssFiles(SRC).sort((a, b) => {
    const ra = relative(SRC, a), rb = relative(SRC, b);
    if (ra === "styles.css") return -1;
    if (rb === "styles.css") return 1;
    return ra < rb ? -1 : ra > rb ? 1 : 0;
  });
  return files.map((file) => minifyCss(Deno.readTextFileSync(file))).join("\n") + "\n";
}

/** Comments out, runs of blank space collapsed, spaces around punctuation dropped (strings in CSS are simple here). */
export function minifyCss(css: string): string {
  return css
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/\s+/g, " ")
    .replace(/\s*([{};,>])\s*/g, "$1")
    .replace(/:\s+/g, ":")
    .replace(/;}/g, "}")
    .trim();
}

if (import.meta.main) {
  const files = await buildWeb();
  if (Deno.args.includes("--check")) {
    const stale = Object.entries(files).filter(([name, text]) => {
      try {
        return Deno.readTextFileSync(join(DIST, name)) !== text;
      } catch {
        return true;
      }
    }).map(([name]) => name);
    if (stale.length > 0) {
      console.error(`web/dist is out of date (${stale.join(", ")}): run "deno task build-web" and commit web/dist`);
      Deno.exit(1);
    }
    console.log("web/dist is up to date");
  } else {
    Deno.mkdirSync(DIST, { recursive: true });
    for (const [name, text] of Object.entries(files)) Deno.writeTextFileSync(join(DIST, name), text);
    console.log(Object.entries(files).map(([name, text]) => `${name}: ${text.length} bytes`).join(", "));
  }
}
