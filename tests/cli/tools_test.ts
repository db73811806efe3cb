/**
 * CLI integration: `affected`, `vacuum` and `create-report` (which need the local database), `test-filters`,
 * `system-info` and their help entries.
 * @module
 */
import { DatabaseSync } from "node:sqlite";
import { PRODUCT_NAME, PRODUCT_VERSION } from "../../lib/version.ts";
import { assert, assertEquals } from "../support/assert.ts";
import { withWorkspace, type Workspace } from "../support/cli_workspace.ts";
import { writeTree } from "../support/engine.ts";
import { runMain } from "../support/run_main.ts";

/** One compressor: each backup writes exactly one dblock (and one dindex). */
const OPTS = ["--blocksize=1kb", "--dblock-size=64kb", "--passphrase=tools secret", "--concurrency-compressors=1"];
const FOLDER_TIME = new Date(Date.UTC(2020, 0, 1));

function pad(i: number): string {
  return String(i).padStart(2, "0");
}

function lines(text: string): string[] {
  const out = text.split("\n");
  while (out.at(-1) === "") out.pop();
  return out;
}

function exists(path: string): boolean {
  try {
    Deno.lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

function errors(text: string): string[] {
  return lines(text).filter((l) => l !== "");
}

function versionTimes(ws: Workspace): string[] {
  return ws.remoteNames("dlist").sort().reverse().map((name) => {
    const m = /-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z\.dlist/.exec(name)!;
    return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!)).toLocaleString();
  });
}

/** Version 1: f00.txt..f11.txt; version 0 adds z.txt. The folder keeps its mtime. Returns [dblock1, dblock0]. */
async function twoVersions(ws: Workspace): Promise<{ first: string[]; second: string[] }> {
  writeTree(ws.src, Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`f${pad(i)}.txt`, `file ${i}`])));
  Deno.utimeSync(ws.src, FOLDER_TIME, FOLDER_TIME);
  await ws.expect(0, ["backup", ws.destUrl, ws.src, ...OPTS]);
  const first = ws.remoteNames();
  writeTree(ws.src, { "z.txt": "zzz" });
  Deno.utimeSync(ws.src, FOLDER_TIME, FOLDER_TIME);
  await ws.expect(0, ["backup", ws.destUrl, ws.src, ...OPTS]);
  return { first, second: ws.remoteNames().filter((n) => !first.includes(n)) };
}

Deno.test("affected, vacuum and create-report work on the local database", async (t) => {
  await withWorkspace(async (ws) => {
    const { first, second } = await twoVersions(ws);
    const [t0, t1] = versionTimes(ws);
    const kind = (names: string[], type: string) => names.find((n) => n.includes(`.${type}.`))!;
    const [b1, i1, b0, i0, l0] = [
      kind(first, "dblock"),
      kind(first, "dindex"),
      kind(second, "dblock"),
      kind(second, "dindex"),
      kind(second, "dlist"),
    ];
    const s = ws.src;
    const files = Array.from({ length: 12 }, (_, i) => `${s}/f${pad(i)}.txt`);
    const size = (name: string) => {
      const bytes = Deno.statSync(`${ws.dest}/${name}`).size;
      return bytes < 1024 ? `${bytes} bytes` : `${(bytes / 1024).toFixed(2)} KiB`;
    };

    await t.step("affected lists the versions and paths that depend on each volume", async () => {
      const result = await ws.expect(0, ["affected", ws.destUrl, b1, i0, l0, ...OPTS]);
      const first10 = [`${s}/`, ...files.slice(0, 9)].map((p) => `    ${p}`);
      assertEquals(lines(result.stdout), [
        `${b1} (dblock, ${size(b1)}): 2 versions, 13 paths`,
        `  Version 0 (${t0}): 13 paths`,
        ...first10,
        "    ... and 3 more (use --full-result to see all paths)",
        `  Version 1 (${t1}): 13 paths`,
        ...first10,
        "    ... and 3 more (use --full-result to see all paths)",
        "",
        `${i0} (dindex of ${b0}, ${size(i0)}): 1 version, 1 path`,
        `  Version 0 (${t0}): 1 path`,
        `    ${s}/z.txt`,
        "",
        `${l0} (dlist, ${size(l0)}): 1 version, 14 paths`,
        `  Version 0 (${t0}): 14 paths`,
        ...first10,
        "    ... and 4 more (use --full-result to see all paths)",
      ]);
      const full = await ws.expect(0, ["affected", ws.destUrl, i1, "--full-result", ...OPTS]);
      assertEquals(lines(full.stdout), [
        `${i1} (dindex of ${b1}, ${size(i1)}): 2 versions, 13 paths`,
        `  Version 0 (${t0}): 13 paths`,
        ...[`${s}/`, ...files].map((p) => `    ${p}`),
        `  Version 1 (${t1}): 13 paths`,
        ...[`${s}/`, ...files].map((p) => `    ${p}`),
      ]);
    });

    await t.step("affected refuses unknown volumes (100), no volume (200) and works only with a database", async () => {
      const unknown = await ws.expect(100, ["affected", ws.destUrl, "duplicati-bnothing.dblock.zip.aes", ...OPTS]);
      assertEquals(errors(unknown.stderr), [
        "ErrorID: user-input",
        `Cannot find remote volume "duplicati-bnothing.dblock.zip.aes" in the local database`,
      ]);
      const none = await ws.expect(200, ["affected", ws.destUrl, ...OPTS]);
      assertEquals(errors(none.stderr), [
        "Cannot list affected files: give the storage URL and at least one remote filename",
      ]);
      const noDb = await ws.expect(100, ["affected", ws.destUrl, b1, ...OPTS], { dataFolder: `${ws.root}/empty` });
      assertEquals(errors(noDb.stderr), [
        "ErrorID: user-input",
        "Cannot list affected files: there is no local database for this backup (give its path with --dbpath)",
      ]);
    });

    const dbFiles = [...Deno.readDirSync(ws.data)].filter((e) => e.name.endsWith(".sqlite")).map((e) => e.name);
    assertEquals(dbFiles.length, 1);
    const dbPath = `${ws.data}/${dbFiles[0]}`;

    await t.step("vacuum rebuilds the local database and reports its sizes", async () => {
      const result = await ws.expect(0, ["vacuum", ws.destUrl, ...OPTS]);
      const out = lines(result.stdout);
      assertEquals(out[0], `Vacuuming local database ${dbPath} ...`);
      assertEquals(out.length, 3);
      const [before, after] = out.slice(1).map((l) => /^Size (?:before|after) vacuum: (.+)$/.exec(l)?.[1]);
      assert(before !== undefined && after !== undefined, out.join("\n"));
      assertEquals(after, `${(Deno.statSync(dbPath).size / 1024).toFixed(2)} KiB`);
      // The database still works.
      const list = await ws.expect(0, ["list-filesets", ws.destUrl, ...OPTS]);
      assertEquals(lines(list.stdout).length, 3);
      const extra = await ws.expect(200, ["vacuum", ws.destUrl, "more", ...OPTS]);
      assertEquals(errors(extra.stderr), ["Cannot vacuum: give the storage URL and nothing else"]);
      const noDb = await ws.expect(100, ["vacuum", ws.destUrl, ...OPTS], { dataFolder: `${ws.root}/empty` });
      assertEquals(errors(noDb.stderr), [
        "ErrorID: user-input",
        "Cannot run vacuum: there is no local database for this backup (give its path with --dbpath)",
      ]);
    });

    await t.step("create-report writes a sanitised copy, by default to ./report, and never overwrites", async () => {
      const env = { dataFolder: ws.data, tempDir: ws.tmp, cwd: ws.root };
      const result = await runMain(["create-report", ws.destUrl, ...OPTS], env);
      assertEquals(result.code, 0, result.stderr);
      const report = `${ws.root}/report`;
      assertEquals(lines(result.stdout), [
        `Wrote a sanitised copy of the local database to ${report} (${
          (Deno.statSync(report).size / 1024).toFixed(2)
        } KiB)`,
        "14 paths were replaced by hashes; log messages and stored secrets were removed.",
        "Check the copy before you attach it to a public issue.",
      ]);
      const copy = new DatabaseSync(report, { readOnly: true });
      try {
        const paths = copy.prepare("SELECT path FROM file").all().map((r) => r.path as string);
        assertEquals(paths.length, 14);
        assert(paths.every((p) => !p.includes(ws.root) && /^(\/[0-9a-f]{16})+(\/|\.txt)$/.test(p)), paths.join("\n"));
        const keys = copy.prepare("SELECT key FROM configuration ORDER BY key").all().map((r) => r.key);
        assertEquals(keys.includes("passphrase-check"), false);
        assertEquals(keys.includes("blocksize"), true);
      } finally {
        copy.close();
      }
      const again = await runMain(["create-report", ws.destUrl, ...OPTS], env);
      assertEquals(again.code, 100);
      assertEquals(errors(again.stderr), [
        "ErrorID: user-input",
        `Cannot write the report to "${report}": the file already exists`,
      ]);
      const named = await ws.expect(0, ["create-report", ws.destUrl, `${ws.root}/named.sqlite`, ...OPTS]);
      assertEquals(
        lines(named.stdout)[0]!.startsWith(`Wrote a sanitised copy of the local database to ${ws.root}/named.sqlite (`),
        true,
      );
      const noDb = await ws.expect(100, ["create-report", ws.destUrl, `${ws.root}/x`, ...OPTS], {
        dataFolder: `${ws.root}/empty`,
      });
      assertEquals(
        errors(noDb.stderr).at(-1),
        "Cannot run create-report: there is no local database for this backup (give its path with --dbpath)",
      );
      // Nothing was created for the missing database: no data folder, no report.
      for (const path of [`${ws.root}/empty`, `${ws.root}/x`]) {
        assertEquals(exists(path), false, `${path} was created`);
      }
    });
  });
});

Deno.test("test-filters walks the sources as a backup would; system-info prints the facts", async (t) => {
  await withWorkspace(async (ws) => {
    writeTree(ws.src, { "a.txt": "aaa", "b.log": "bbbbb", "cache/c.txt": "cc", "sub/d.txt": "dddd" });
    const s = ws.src;

    await t.step("test-filters prints the count, and each decision at Verbose level", async () => {
      const plain = await ws.expect(0, ["test-filters", s, "--exclude=*.log"]);
      assertEquals(lines(plain.stdout), ["Matched 3 files (9 bytes)"]);
      const verbose = await runMain(
        ["test-filter", "src", "--exclude=*.log", `--exclude=${s}/cache/`, "--console-log-level=Verbose"],
        { dataFolder: ws.data, tempDir: ws.tmp, cwd: ws.root },
      );
      assertEquals(verbose.code, 0, verbose.stderr);
      assertEquals(lines(verbose.stdout), [
        `Including file: ${s}/a.txt (3 bytes)`,
        `Excluding path due to filter: ${s}/b.log (--exclude=*.log)`,
        `Excluding path due to filter: ${s}/cache/ (--exclude=${s}/cache/)`,
        `Including file: ${s}/sub/d.txt (4 bytes)`,
        "Matched 2 files (7 bytes)",
      ]);
    });

    await t.step("test-filters needs a source (200) that exists (100)", async () => {
      const none = await ws.expect(200, ["test-filters"]);
      assertEquals(errors(none.stderr), ["Cannot test filters: give at least one source path"]);
      const missing = await ws.expect(100, ["test-filters", `${ws.root}/nope`]);
      assertEquals(errors(missing.stderr), [
        "ErrorID: user-input",
        `Cannot test filters on "${ws.root}/nope": the source path does not exist`,
      ]);
    });

    await t.step("system-info prints version, runtime, folders and machine facts", async () => {
      const result = await ws.expect(0, ["systeminfo"]);
      const out = lines(result.stdout);
      assertEquals(out.map((l) => l.slice(0, l.indexOf(":"))), [
        "Version",
        "OS",
        "Architecture",
        "Deno",
        "Data folder",
        "Temp folder",
        "Locale",
        "Time zone",
        "Hostname",
        "Processors",
      ]);
      assertEquals(out[0], `Version: ${PRODUCT_NAME} ${PRODUCT_VERSION}`);
      assertEquals(out[2], `Architecture: ${Deno.build.arch} (${Deno.build.target})`);
      assertEquals(out[3]!.startsWith(`Deno: ${Deno.version.deno} (V8 ${Deno.version.v8}`), true);
      assertEquals(out.slice(4, 6), [`Data folder: ${ws.data}`, `Temp folder: ${ws.tmp}`]);
      assertEquals(out[9], `Processors: ${navigator.hardwareConcurrency}`);
      const extra = await ws.expect(200, ["system-info", "now"]);
      assertEquals(errors(extra.stderr), ["Cannot show system info: the command takes no arguments"]);
    });

    await t.step("help shows usage and summary of the new commands, also by alias", async () => {
      const help = await ws.expect(0, ["help", "search-entries"]);
      assertEquals(
        lines(help.stdout)[0],
        "Usage: duplicati-cli search <storage-URL> [<folder> ...] [--include=<filter>] [--exclude=<filter>] [<options>]",
      );
      const overview = await ws.expect(0, ["help"]);
      for (
        const name of [
          "compare",
          "list-folder-contents",
          "list-file-versions",
          "search",
          "affected",
          "test-filters",
          "vacuum",
          "create-report",
          "system-info",
        ]
      ) {
        assert(lines(overview.stdout).some((l) => l.startsWith(`  ${name}`)), `help lists ${name}`);
      }
    });
  });
});
