/**
 * Dependencies point one way (architecture guide rule 3): core imports nothing; codecs, options and filters
 * import only core; the engine never imports the CLI or the server; no import cycles.
 */
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { assertEquals } from "./support/assert.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const lib = join(root, "lib");

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of Deno.readDirSync(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) out.push(...sources(path));
    else if (entry.name.endsWith(".ts")) out.push(path);
  }
  return out;
}

function importsOf(file: string): string[] {
  const text = Deno.readTextFileSync(file);
  const found: string[] = [];
  for (const m of text.matchAll(/(?:import|export)[^"']*?from\s+["'](\.[^"']+)["']/g)) {
    found.push(join(dirname(file), m[1]!));
  }
  for (const m of text.matchAll(/new URL\(["'](\.[^"']+)["'],\s*import\.meta\.url\)/g)) {
    found.push(join(dirname(file), m[1]!));
  }
  return found;
}

function area(file: string): string {
  return relative(lib, file).split("/")[0]!;
}

const ALLOWED: Record<string, readonly string[]> = {
  core: ["core"],
  blocks: ["core", "blocks"],
  volumes: ["core", "volumes", "blocks"],
  filters: ["core", "filters"],
  options: ["core", "options"],
  backends: ["core", "options", "backends"],
  database: ["core", "database", "volumes"],
  data_folder: ["core", "data_folder", "backends"],
  operations: ["core", "blocks", "volumes", "filters", "options", "backends", "database", "data_folder", "operations"],
  cli: [
    "core",
    "blocks",
    "volumes",
    "filters",
    "options",
    "backends",
    "database",
    "data_folder",
    "operations",
    "cli",
    "version.ts",
  ],
  // The server runs backup tasks through the CLI's commands in-process (lib/server/tasks/backup_tasks.ts), so a
  // server-defined backup and its exported command line behave identically.
  server: [
    "core",
    "blocks",
    "volumes",
    "filters",
    "options",
    "backends",
    "database",
    "data_folder",
    "operations",
    "cli",
    "server",
    "version.ts",
  ],
  // Clients of a running server talk HTTP; from the server they take only the wire types.
  serverutil: ["core", "options", "data_folder", "server", "serverutil", "version.ts"],
  tray: ["core", "options", "data_folder", "server", "serverutil", "tray", "version.ts"],
  service: ["core", "options", "data_folder", "service", "version.ts"],
  "main_dispatch.ts": ["version.ts"],
  "version.ts": [],
};

Deno.test("lib/ imports only point down the layers", () => {
  const violations: string[] = [];
  for (const file of sources(lib)) {
    const from = area(file);
    for (const target of importsOf(file)) {
      // The server embeds the built web UI (text imports of web/dist); nothing else reaches outside lib.
      if (file.endsWith("/server/static_web.ts") && target.includes("/web/dist/")) continue;
      if (!target.startsWith(lib)) {
        violations.push(`${relative(root, file)} imports outside lib: ${relative(root, target)}`);
        continue;
      }
      const to = area(target);
      if (!(ALLOWED[from] ?? []).includes(to)) violations.push(`${relative(root, file)} -> ${relative(root, target)}`);
    }
  }
  assertEquals(violations, []);
});

Deno.test("lib/ has no import cycles", () => {
  const graph = new Map(sources(lib).map((f) => [f, importsOf(f)]));
  const state = new Map<string, "visiting" | "done">();
  const cycles: string[] = [];
  const visit = (file: string, path: string[]) => {
    if (state.get(file) === "done") return;
    if (state.get(file) === "visiting") {
      cycles.push([...path.slice(path.indexOf(file)), file].map((f) => relative(lib, f)).join(" -> "));
      return;
    }
    state.set(file, "visiting");
    for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
    state.set(file, "done");
  };
  for (const file of graph.keys()) visit(file, []);
  assertEquals(cycles, []);
});
