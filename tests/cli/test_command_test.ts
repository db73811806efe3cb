/**
 * CLI integration: `test` / `verify` output lines and exit codes on real backups to a file destination: a clean
 * backup, rolling sample order, every kind of damage to every kind of volume, unknown files, a wrong passphrase, a
 * missing database, full verification against an edited database, and bad arguments.
 * @module
 */
import { DatabaseSync } from "node:sqlite";
import { openDatabase } from "../../lib/database/connection.ts";
import { assert, assertEquals, assertStringIncludes } from "../support/assert.ts";
import { withWorkspace, type Workspace } from "../support/cli_workspace.ts";
import { seededBytes, writeTree } from "../support/engine.ts";

const PASSPHRASE = "test secret";
const OPTS = ["--blocksize=1kb", "--dblock-size=64kb", `--passphrase=${PASSPHRASE}`];

/** A backup with several dblocks (and dindex files with blocklists) and its database at `<root>/db.sqlite`. */
async function backedUp(ws: Workspace): Promise<string> {
  writeTree(ws.src, {
    "big.bin": seededBytes(150_000, 21),
    "mid.bin": seededBytes(50_000, 22),
    "note.txt": "verify me",
    "sub/small.bin": seededBytes(2_000, 23),
  });
  const db = `${ws.root}/db.sqlite`;
  await ws.expect(0, ["backup", ws.destUrl, ws.src, ...OPTS, `--dbpath=${db}`]);
  assert(ws.remoteNames("dblock").length >= 3, "the backup has several dblocks");
  return db;
}

/** A copy of the destination and the database under `<root>/<name>`, so each case starts from the same backup. */
function cloneBackup(ws: Workspace, db: string, name: string): { dest: string; url: string; db: string } {
  const dest = `${ws.root}/${name}/dest`;
  Deno.mkdirSync(dest, { recursive: true });
  for (const file of ws.remoteNames()) Deno.copyFileSync(`${ws.dest}/${file}`, `${dest}/${file}`);
  const copy = `${ws.root}/${name}/db.sqlite`;
  Deno.copyFileSync(db, copy);
  return { dest, url: `file://${dest}`, db: copy };
}

/** Volume name → [verified_at, damage]. */
function testState(db: string): Map<string, [number, string | null]> {
  const conn = new DatabaseSync(db, { readOnly: true });
  try {
    return new Map(
      conn.prepare("SELECT name, verified_at, damage FROM remote_volume").all().map((r) => [
        r.name as string,
        [Number(r.verified_at), (r.damage as string | null) ?? null],
      ]),
    );
  } finally {
    conn.close();
  }
}

/** Names of the volumes reported with errors (`<name>: <n> errors` lines). */
function failed(stdout: string): string[] {
  return stdout.split("\n").map((l) => /^(\S+): \d+ errors$/.exec(l)?.[1]).filter((n) => n !== undefined);
}

Deno.test("test all finds no errors in a clean backup; test 1 rolls over the volumes; verify is an alias", async () => {
  await withWorkspace(async (ws) => {
    const db = await backedUp(ws);
    const dbOpt = `--dbpath=${db}`;
    const first = await ws.expect(0, ["test", ws.destUrl, ...OPTS, dbOpt]);
    assertEquals(first.stdout, "Examined 3 files and found no errors\n");
    const afterFirst = [...testState(db)].filter(([, [at]]) => at > 0).map(([name]) => name).sort();
    const second = await ws.expect(0, ["verify", ws.destUrl, "1", ...OPTS, dbOpt]);
    assertEquals(second.stdout, "Examined 3 files and found no errors\n");
    const state = testState(db);
    const newer = [...state].filter(([name, [at]]) => at > 0 && !afterFirst.includes(name)).map(([n]) => n);
    // The second run took another dindex and another dblock (the only dlist again).
    assertEquals(newer.length, 2);
    assertEquals(newer.filter((n) => n.includes(".dindex.")).length, 1);
    assertEquals(newer.filter((n) => n.includes(".dblock.")).length, 1);
    const all = await ws.expect(0, ["test", ws.destUrl, "ALL", ...OPTS, dbOpt]);
    assertEquals(all.stdout, `Examined ${ws.remoteNames().length} files and found no errors\n`);
    assertEquals([...testState(db).values()].every(([at, damage]) => at > 0 && damage === null), true);
    const full = await ws.expect(0, ["test", ws.destUrl, "everything", ...OPTS, dbOpt, "--full-remote-verification"]);
    assertEquals(full.stdout, `Examined ${ws.remoteNames().length} files and found no errors\n`);
    const indexes = await ws.expect(0, [
      "test",
      ws.destUrl,
      ...OPTS,
      dbOpt,
      "--full-remote-verification=IndexOnly",
    ]);
    assertEquals(indexes.stdout, `Examined ${ws.remoteNames("dindex").length} files and found no errors\n`);
  });
});

Deno.test("test all detects a flipped bit, a truncation and a deletion in each kind of volume", async () => {
  await withWorkspace(async (ws) => {
    const db = await backedUp(ws);
    const damages = {
      flip: (path: string) => {
        const bytes = Deno.readFileSync(path);
        bytes[bytes.length >> 1]! ^= 0x04;
        Deno.writeFileSync(path, bytes);
      },
      truncate: (path: string) => Deno.writeFileSync(path, Deno.readFileSync(path).subarray(0, 1000)),
      delete: (path: string) => Deno.removeSync(path),
    };
    const firstKind = { flip: "HashMismatch", truncate: "SizeMismatch", delete: "Missing" };
    for (const kind of ["dblock", "dindex", "dlist"] as const) {
      const victim = ws.remoteNames(kind)[0]!;
      await Promise.all(
        Object.entries(damages).map(async ([damage, apply]) => {
          const copy = cloneBackup(ws, db, `${kind}-${damage}`);
          apply(`${copy.dest}/${victim}`);
          const result = await ws.expect(3, ["test", copy.url, "all", ...OPTS, `--dbpath=${copy.db}`]);
          const lines = result.stdout.split("\n");
          assertEquals(failed(result.stdout), [victim], `${damage} ${kind}:\n${result.stdout}`);
          assert(
            lines[1]!.startsWith(`\t${firstKind[damage as keyof typeof firstKind]}: `),
            `${damage} ${kind}:\n${result.stdout}`,
          );
          const state = testState(copy.db);
          assertEquals(state.get(victim)![1]!.split("\n")[0], lines[1]!.slice(1));
          assertEquals([...state].filter(([, [, d]]) => d !== null).map(([n]) => n), [victim]);
        }),
      );
    }
  });
});

Deno.test("test reports an unknown file at the destination without failing, and --full-result lists clean volumes", async () => {
  await withWorkspace(async (ws) => {
    const db = await backedUp(ws);
    const count = ws.remoteNames().length;
    Deno.writeFileSync(`${ws.dest}/duplicati-b0000.dblock.zip.aes`, seededBytes(100, 1));
    const result = await ws.expect(0, ["test", ws.destUrl, "all", ...OPTS, `--dbpath=${db}`]);
    assertEquals(result.stdout.split("\n"), [
      `Found "duplicati-b0000.dblock.zip.aes" at the destination, but the local database does not record it; ` +
      "it was not examined",
      `Examined ${count} files and found no errors`,
      "",
    ]);
    const victim = ws.remoteNames("dindex")[1]!;
    Deno.removeSync(`${ws.dest}/${victim}`);
    const full = await ws.expect(3, ["test", ws.destUrl, "all", ...OPTS, `--dbpath=${db}`, "--full-result"]);
    const clean = full.stdout.split("\n").filter((l) => l.endsWith(": No errors"));
    assertEquals(clean.length, count - 1);
    assertEquals(failed(full.stdout), [victim]);
  });
});

Deno.test("test with a wrong passphrase exits 100 and records nothing", async () => {
  await withWorkspace(async (ws) => {
    const db = await backedUp(ws);
    Deno.removeSync(`${ws.dest}/${ws.remoteNames("dblock")[0]}`);
    const before = testState(db);
    const result = await ws.expect(100, [
      "test",
      ws.destUrl,
      "all",
      "--blocksize=1kb",
      "--passphrase=not it",
      `--dbpath=${db}`,
    ]);
    assertStringIncludes(result.stderr, "passphrase is wrong");
    assertEquals(testState(db), before);
  });
});

Deno.test("test with full verification finds a dblock the database says holds more blocks", async () => {
  await withWorkspace(async (ws) => {
    const db = await backedUp(ws);
    const victim = ws.remoteNames("dblock")[0]!;
    const conn = new DatabaseSync(db);
    const { id } = conn.prepare("SELECT id FROM remote_volume WHERE name = ?").get(victim) as { id: number };
    const { index } = conn.prepare(
      "SELECT v.name AS 'index' FROM index_link l JOIN remote_volume v " +
        "ON v.id = l.index_volume_id WHERE l.block_volume_id = ?",
    ).get(id) as { index: string };
    conn.prepare("INSERT INTO block(hash, size, volume_id) VALUES (?, 1024, ?)")
      .run("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", id);
    conn.close();
    await ws.expect(0, ["test", ws.destUrl, "all", ...OPTS, `--dbpath=${db}`]);
    const full = await ws.expect(3, [
      "test",
      ws.destUrl,
      "all",
      ...OPTS,
      `--dbpath=${db}`,
      "--full-remote-verification=True",
    ]);
    assertEquals(failed(full.stdout).sort(), [index, victim].sort());
    assertStringIncludes(
      full.stdout,
      `${victim}: 1 errors\n\tMissingEntry: ${victim}: block "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=" ` +
        "(1024 bytes) is missing\n\n",
    );
  });
});

Deno.test("test without a local database exits 100 and says to run repair", async () => {
  await withWorkspace(async (ws) => {
    await backedUp(ws);
    const result = await ws.expect(100, ["test", ws.destUrl, ...OPTS], { dataFolder: `${ws.root}/elsewhere` });
    assertStringIncludes(
      result.stderr,
      'Cannot test the backup: there is no local database for this backup. Run "repair" with the same storage URL',
    );
    const empty = `${ws.root}/empty.sqlite`;
    openDatabase(empty).close();
    Deno.mkdirSync(`${ws.root}/nothing`);
    const none = await ws.expect(100, ["test", `file://${ws.root}/nothing`, ...OPTS, `--dbpath=${empty}`]);
    assertEquals(none.stdout, "No files examined, is the remote destination empty?\n");
  });
});

Deno.test("test refuses a bad number of samples and extra arguments with exit 200", async () => {
  await withWorkspace(async (ws) => {
    for (const samples of ["0", "some", "-1", "1.5"]) {
      const result = await ws.expect(200, ["test", ws.destUrl, samples, ...OPTS]);
      assertStringIncludes(result.stderr, `Cannot test: "${samples}" is not a number of samples`);
    }
    const extra = await ws.expect(200, ["test", ws.destUrl, "1", "2", ...OPTS]);
    assertStringIncludes(extra.stderr, "at most a number of samples");
    await ws.expect(200, ["test", ...OPTS]);
    await ws.expect(200, ["test", ws.destUrl, ...OPTS, "--full-remote-verification=Sometimes"]);
  });
});
