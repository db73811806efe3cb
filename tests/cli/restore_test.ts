/**
 * CLI integration: `restore` without a local database (AES and unencrypted), older versions by --version and
 * --time, and what happens to files that already exist at the target (--overwrite).
 * @module
 */
import { assert, assertEquals, assertMatch, assertStringIncludes } from "../support/assert.ts";
import { withWorkspace, type Workspace } from "../support/cli_workspace.ts";
import { assertSameContent, assertSameTree, writeFeatureTree } from "../support/cli_trees.ts";
import { readTree, seededBytes, writeTree } from "../support/engine.ts";

const SMALL = ["--blocksize=1kb", "--dblock-size=64kb"];
const AES = ["--passphrase=restore secret"];
const PLAIN = ["--no-encryption"];

for (const [label, crypt] of [["AES", AES], ["unencrypted", PLAIN]] as const) {
  Deno.test(`restore with no local database at all reproduces the tree (${label})`, async () => {
    await withWorkspace(async (ws) => {
      writeFeatureTree(ws.src, 3);
      await ws.expect(0, ["backup", ws.destUrl, ws.src, ...SMALL, ...crypt]);
      Deno.removeSync(ws.data, { recursive: true });
      const remoteBefore = ws.snapshotFolder(ws.dest);
      const result = await ws.expect(0, ["restore", ws.destUrl, ...crypt, `--restore-path=${ws.restore}`]);
      assertStringIncludes(result.stdout, "Restored ");
      assertSameTree(ws.restore, ws.src);
      assertEquals(ws.snapshotFolder(ws.dest), remoteBefore, "restore writes nothing remotely");
      assertEquals(dataFolderFiles(ws), [], "a remote-only restore leaves no database behind");
      assertEquals([...Deno.readDirSync(ws.tmp)].map((e) => e.name), [], "and no temporary files");
    });
  });
}

Deno.test("restore --no-local-db ignores the local database and restores from the remote files", async () => {
  await withWorkspace(async (ws) => {
    writeFeatureTree(ws.src, 4);
    await ws.expect(0, ["backup", ws.destUrl, ws.src, ...SMALL, ...AES]);
    // Break the local database: a restore that used it would fail or restore nothing.
    const db = dataFolderFiles(ws).find((n) => n.endsWith(".sqlite"))!;
    Deno.writeTextFileSync(`${ws.data}/${db}`, "not a database");
    await ws.expect(0, ["restore", ws.destUrl, ...AES, "--no-local-db", `--restore-path=${ws.restore}`]);
    assertSameTree(ws.restore, ws.src);
  });
});

/** Two versions: v1 then v2 of three files; returns the snapshots (old, new) and the dlist times. */
async function twoVersions(
  ws: Workspace,
): Promise<{ old: Map<string, string>; current: Map<string, string>; times: string[] }> {
  writeTree(ws.src, { "same.txt": "unchanged", "edit.bin": seededBytes(4000, 1), "removed.txt": "only in v1" });
  await ws.expect(0, ["backup", ws.destUrl, ws.src, ...SMALL, ...AES]);
  const old = readTree(ws.src);
  Deno.removeSync(`${ws.src}/removed.txt`);
  writeTree(ws.src, { "edit.bin": seededBytes(4100, 2), "added.txt": "only in v2" });
  await ws.expect(0, ["backup", ws.destUrl, ws.src, ...SMALL, ...AES]);
  const times = ws.remoteNames("dlist").map((n) => /-(\d{8}T\d{6}Z)\.dlist/.exec(n)![1]!).sort();
  assertEquals(times.length, 2);
  return { old, current: readTree(ws.src), times };
}

Deno.test("restore --version=1 and --time give the older version's content", async () => {
  await withWorkspace(async (ws) => {
    const { old, current, times } = await twoVersions(ws);
    const target = (name: string) => `--restore-path=${ws.restore}/${name}`;
    await ws.expect(0, ["restore", ws.destUrl, ...AES, "--version=1", target("v1")]);
    assertEquals(readTree(`${ws.restore}/v1`), old);
    await ws.expect(0, ["restore", ws.destUrl, ...AES, "--version=0", target("v0")]);
    assertEquals(readTree(`${ws.restore}/v0`), current);
    await ws.expect(0, ["restore", ws.destUrl, ...AES, `--time=${times[0]}`, target("t_old")]);
    assertEquals(readTree(`${ws.restore}/t_old`), old);
    await ws.expect(0, ["restore", ws.destUrl, ...AES, `--time=${times[1]}`, target("t_new")]);
    assertEquals(readTree(`${ws.restore}/t_new`), current);
    // Without the local database, too.
    await ws.expect(0, ["restore", ws.destUrl, ...AES, "--no-local-db", "--version=1", target("remote_v1")]);
    assertEquals(readTree(`${ws.restore}/remote_v1`), old);
    await ws.expect(0, ["restore", ws.destUrl, ...AES, "--no-local-db", `--time=${times[0]}`, target("remote_t_old")]);
    assertEquals(readTree(`${ws.restore}/remote_t_old`), old);
  });
});

Deno.test("restore without --overwrite keeps a different existing file and puts the restored one beside it", async () => {
  await withWorkspace(async (ws) => {
    writeTree(ws.src, { "doc.txt": "backed up", "same.txt": "identical", "noext": "backed up too" });
    await ws.expect(0, ["backup", ws.destUrl, ws.src, ...SMALL, ...AES]);
    writeTree(ws.restore, { "doc.txt": "local edit", "same.txt": "identical", "noext": "local" });
    const sameIno = Deno.statSync(`${ws.restore}/same.txt`).ino;
    const result = await ws.expect(0, ["restore", ws.destUrl, ...AES, `--restore-path=${ws.restore}`]);
    assertStringIncludes(result.stdout, "1 files already had the right content");
    const names = [...Deno.readDirSync(ws.restore)].map((e) => e.name).sort();
    assertEquals(names.length, 5, `names: ${names}`);
    const docCopy = names.find((n) => n !== "doc.txt" && n.startsWith("doc."))!;
    assertMatch(docCopy, /^doc\.\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2}\.txt$/);
    const noextCopy = names.find((n) => n !== "noext" && n.startsWith("noext"))!;
    assertMatch(noextCopy, /^noext\.\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2}$/);
    assertEquals(Deno.readTextFileSync(`${ws.restore}/doc.txt`), "local edit");
    assertEquals(Deno.readTextFileSync(`${ws.restore}/${docCopy}`), "backed up");
    assertEquals(Deno.readTextFileSync(`${ws.restore}/noext`), "local");
    assertEquals(Deno.readTextFileSync(`${ws.restore}/${noextCopy}`), "backed up too");
    assertEquals(Deno.readTextFileSync(`${ws.restore}/same.txt`), "identical");
    assertEquals(Deno.statSync(`${ws.restore}/same.txt`).ino, sameIno, "an identical file is not rewritten");
  });
});

Deno.test("restore --overwrite replaces a different existing file and leaves no sibling", async () => {
  await withWorkspace(async (ws) => {
    writeTree(ws.src, { "doc.txt": "backed up", "same.txt": "identical", "dir/x.bin": seededBytes(3000, 9) });
    await ws.expect(0, ["backup", ws.destUrl, ws.src, ...SMALL, ...AES]);
    writeTree(ws.restore, { "doc.txt": "local edit that is longer", "same.txt": "identical", "dir/x.bin": "short" });
    const sameIno = Deno.statSync(`${ws.restore}/same.txt`).ino;
    await ws.expect(0, ["restore", ws.destUrl, ...AES, "--overwrite", `--restore-path=${ws.restore}`]);
    assertSameContent(ws.restore, ws.src);
    assertEquals(Deno.statSync(`${ws.restore}/same.txt`).ino, sameIno, "an identical file is not rewritten");
    assert(Deno.statSync(`${ws.restore}/dir/x.bin`).size === 3000);
  });
});

function dataFolderFiles(ws: Workspace): string[] {
  try {
    return [...Deno.readDirSync(ws.data)].map((e) => e.name).sort();
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return [];
    throw error;
  }
}
