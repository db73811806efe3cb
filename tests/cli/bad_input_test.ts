/**
 * CLI integration: wrong passphrases (exit 100, nothing written remotely or locally), missing sources,
 * unwritable restore targets, malformed URLs and option values, unknown commands, missing arguments, help.
 * @module
 */
import { assert, assertEquals, assertMatch, assertStringIncludes } from "../support/assert.ts";
import { withWorkspace, type Workspace } from "../support/cli_workspace.ts";
import { seededBytes, writeTree } from "../support/engine.ts";
import { describeRun } from "../support/run_main.ts";

const SMALL = ["--blocksize=1kb", "--dblock-size=64kb"];
const GOOD = "--passphrase=the right one";
const WRONG = "--passphrase=not the right one";

async function backedUp(ws: Workspace): Promise<void> {
  writeTree(ws.src, { "a.bin": seededBytes(20_000, 1), "b.txt": "b" });
  await ws.expect(0, ["backup", ws.destUrl, ws.src, ...SMALL, GOOD]);
  // A change, so that a backup with the right passphrase would upload something.
  writeTree(ws.src, { "c.bin": seededBytes(9_000, 2) });
}

function assertPassphraseError(stderr: string): void {
  assertMatch(stderr, /passphrase/i);
  assert(!/\n\s+at /.test(stderr), `no stack trace expected:\n${stderr}`);
}

Deno.test("backup with a wrong passphrase (local database present): exit 100, nothing written anywhere", async () => {
  await withWorkspace(async (ws) => {
    await backedUp(ws);
    const remote = ws.snapshotFolder(ws.dest);
    const local = ws.snapshotFolder(ws.data);
    const result = await ws.expect(100, ["backup", ws.destUrl, ws.src, ...SMALL, WRONG]);
    assertPassphraseError(result.stderr);
    assertEquals(ws.snapshotFolder(ws.dest), remote, "remote files unchanged");
    assertEquals(ws.snapshotFolder(ws.data), local, "local database and dbconfig.json unchanged");
    // The right passphrase still works afterwards.
    await ws.expect(0, ["backup", ws.destUrl, ws.src, ...SMALL, GOOD]);
  });
});

Deno.test("backup with a wrong passphrase and a fresh data folder: no database, dbconfig.json untouched", async () => {
  await withWorkspace(async (ws) => {
    await backedUp(ws);
    const remote = ws.snapshotFolder(ws.dest);
    // A data folder that knows another backup: its dbconfig.json must survive byte for byte.
    const other = `${ws.root}/other_data`;
    writeTree(`${ws.root}/other_src`, { "x.txt": "x" });
    await ws.expect(0, ["backup", `file://${ws.root}/other_dest`, `${ws.root}/other_src`, "--no-encryption"], {
      dataFolder: other,
    });
    const otherBefore = ws.snapshotFolder(other);
    const result = await ws.expect(100, ["backup", ws.destUrl, ws.src, ...SMALL, WRONG], { dataFolder: other });
    assertPassphraseError(result.stderr);
    assertEquals(ws.snapshotFolder(other), otherBefore, "no new database, dbconfig.json byte-identical");
    assertEquals(ws.snapshotFolder(ws.dest), remote);
    // And with a data folder that does not exist yet.
    const fresh = `${ws.root}/fresh_data`;
    const again = await ws.expect(100, ["backup", ws.destUrl, ws.src, ...SMALL, WRONG], { dataFolder: fresh });
    assertPassphraseError(again.stderr);
    assertEquals([...ws.snapshotFolder(fresh).keys()], [], "no database and no dbconfig.json");
    assertEquals(ws.snapshotFolder(ws.dest), remote);
    assertEquals([...Deno.readDirSync(ws.tmp)].map((e) => e.name), [], "no temporary files left");
  });
});

Deno.test("restore with a wrong passphrase: exit 100, nothing restored, nothing written", async () => {
  await withWorkspace(async (ws) => {
    await backedUp(ws);
    const remote = ws.snapshotFolder(ws.dest);
    const local = ws.snapshotFolder(ws.data);
    for (const extra of [[], ["--no-local-db"]]) {
      const result = await ws.expect(100, ["restore", ws.destUrl, WRONG, `--restore-path=${ws.restore}`, ...extra]);
      assertPassphraseError(result.stderr);
      assertEquals(ws.snapshotFolder(ws.restore).size, 0, `nothing restored (${extra})`);
    }
    const fresh = `${ws.root}/fresh_data`;
    const noDb = await ws.expect(100, ["restore", ws.destUrl, WRONG, `--restore-path=${ws.restore}`], {
      dataFolder: fresh,
    });
    assertPassphraseError(noDb.stderr);
    assertEquals(ws.snapshotFolder(ws.restore).size, 0);
    assertEquals(ws.snapshotFolder(fresh).size, 0);
    assertEquals(ws.snapshotFolder(ws.dest), remote);
    assertEquals(ws.snapshotFolder(ws.data), local);
    assertEquals([...Deno.readDirSync(ws.tmp)].map((e) => e.name), [], "no temporary database left");
  });
});

Deno.test("list and list-filesets with a wrong passphrase exit 100", async () => {
  await withWorkspace(async (ws) => {
    await backedUp(ws);
    for (const args of [["list", ws.destUrl, "*"], ["list-filesets", ws.destUrl], ["find", ws.destUrl, "a.bin"]]) {
      const result = await ws.expect(100, [...args, WRONG, "--no-local-db"]);
      assertPassphraseError(result.stderr);
    }
  });
});

Deno.test("an encrypted backup without any passphrase and no terminal: exit 100 asking for one", async () => {
  await withWorkspace(async (ws) => {
    writeTree(ws.src, { "a.txt": "a" });
    const result = await ws.expect(100, ["backup", ws.destUrl, ws.src, ...SMALL]);
    assertStringIncludes(result.stderr, "passphrase");
    assertEquals(ws.remoteNames(), []);
  });
});

Deno.test("backup of a missing source path: exit 100 naming the path, nothing uploaded", async () => {
  await withWorkspace(async (ws) => {
    writeTree(ws.src, { "a.txt": "a" });
    const missing = `${ws.root}/does/not/exist`;
    const result = await ws.expect(100, ["backup", ws.destUrl, ws.src, missing, ...SMALL, GOOD]);
    assertStringIncludes(result.stderr, `"${missing}"`);
    assertEquals(ws.remoteNames(), []);
    assertEquals([...ws.snapshotFolder(ws.data).keys()], [], "no database for a backup that never started");
  });
});

Deno.test("restore into an unwritable target: non-zero exit naming the path", async () => {
  await withWorkspace(async (ws) => {
    writeTree(ws.src, { "a.txt": "a", "sub/b.bin": seededBytes(3000, 3) });
    await ws.expect(0, ["backup", ws.destUrl, ws.src, ...SMALL, GOOD]);
    let target: string;
    if (Deno.uid() === 0) {
      // root writes through permission bits: use a path below a regular file instead.
      Deno.writeTextFileSync(`${ws.root}/plain_file`, "not a folder");
      target = `${ws.root}/plain_file/restore`;
    } else {
      Deno.mkdirSync(`${ws.root}/locked`);
      Deno.chmodSync(`${ws.root}/locked`, 0o500);
      target = `${ws.root}/locked/restore`;
    }
    const result = await ws.run(["restore", ws.destUrl, GOOD, `--restore-path=${target}`]);
    assert(result.code !== 0, describeRun(result));
    assert([3, 100].includes(result.code), `exit 3 (errors) or 100, got ${describeRun(result)}`);
    assertStringIncludes(result.stderr, target);
  });
});

Deno.test("malformed storage URLs: exit 200 with a message naming the URL", async () => {
  await withWorkspace(async (ws) => {
    writeTree(ws.src, { "a.txt": "a" });
    for (const url of ["ftp://", "s3://", "file://", "ftp://host:notaport/x"]) {
      const result = await ws.expect(200, ["backup", url, ws.src, "--no-encryption"]);
      assertStringIncludes(result.stderr, `"${url}"`);
      const list = await ws.expect(200, ["list", url, "--no-encryption"]);
      assertStringIncludes(list.stderr, `"${url}"`);
    }
    // A well-formed URL of a scheme this build cannot open: a clear message (exit code not pinned down).
    const unknown = await ws.run(["backup", "nosuchscheme://host/path", ws.src, "--no-encryption"]);
    assert([100, 200].includes(unknown.code), describeRun(unknown));
    assertStringIncludes(unknown.stderr, `"nosuchscheme"`);
    assertEquals([...ws.snapshotFolder(ws.data).keys()], []);
  });
});

Deno.test("bad option values: exit 200 naming the option", async () => {
  await withWorkspace(async (ws) => {
    writeTree(ws.src, { "a.txt": "a" });
    const cases: [string, string][] = [
      ["--blocksize=12x", "--blocksize"],
      ["--dblock-size=abc", "--dblock-size"],
      ["--version=abc", "--version"],
      ["--time=not a time", "--time"],
    ];
    for (const [option, name] of cases) {
      const command = option.startsWith("--version") || option.startsWith("--time")
        ? ["restore", ws.destUrl, option, "--no-encryption"]
        : ["backup", ws.destUrl, ws.src, option, "--no-encryption"];
      const result = await ws.expect(200, command);
      assertStringIncludes(result.stderr, name);
      assertStringIncludes(result.stderr, option.slice(option.indexOf("=") + 1));
    }
    const tooSmall = await ws.expect(200, [
      "backup",
      ws.destUrl,
      ws.src,
      "--blocksize=1mb",
      "--dblock-size=1mb",
      "--no-encryption",
    ]);
    assertStringIncludes(tooSmall.stderr, "--dblock-size");
    assertEquals(ws.remoteNames(), []);
  });
});

Deno.test("unknown command, missing arguments and help", async () => {
  await withWorkspace(async (ws) => {
    const unknown = await ws.expect(200, ["frobnicate", ws.destUrl]);
    assertStringIncludes(unknown.stderr, `"frobnicate"`);
    const noSource = await ws.expect(200, ["backup", ws.destUrl, "--no-encryption"]);
    assertMatch(noSource.stderr, /source path/);
    await ws.expect(200, ["backup"]);
    const noUrl = await ws.expect(200, ["restore"]);
    assertMatch(noUrl.stderr, /storage URL/);
    await ws.expect(200, ["list"]);
    await ws.expect(200, ["find"]);
    await ws.expect(200, ["list-filesets"]);
    const help = await ws.expect(0, ["help"]);
    assertStringIncludes(help.stdout, "backup");
    assertStringIncludes(help.stdout, "restore");
    const helpBackup = await ws.expect(0, ["help", "backup"]);
    assertStringIncludes(helpBackup.stdout, "backup <storage-URL>");
    const noArgs = await ws.expect(0, []);
    assert(noArgs.stdout.length > 0);
    assertEquals([...ws.snapshotFolder(ws.data).keys()], []);
  });
});
