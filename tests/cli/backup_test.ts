/**
 * CLI integration: `backup` then `restore` of generated trees (sizes around block and blocklist boundaries,
 * unicode names, deep paths, symlinks, permissions, mtimes, empty files and folders), change detection without
 * reading unchanged files, deleted files, and --dry-run.
 * @module
 */
import { assert, assertEquals, assertStringIncludes } from "../support/assert.ts";
import { fullResultField, versionLines, withWorkspace } from "../support/cli_workspace.ts";
import { assertSameTree, BOUNDARY_SIZES, NFC_NAME, NFD_NAME, writeFeatureTree } from "../support/cli_trees.ts";
import { seededBytes, writeTree } from "../support/engine.ts";

const SMALL = ["--blocksize=1kb", "--dblock-size=64kb"];
const AES = ["--passphrase=correct horse"];

Deno.test("backup and restore reproduce a feature tree byte for byte with modes and mtimes (AES)", async () => {
  await withWorkspace(async (ws) => {
    const counts = writeFeatureTree(ws.src);
    const backup = await ws.expect(0, ["backup", ws.destUrl, ws.src, ...SMALL, ...AES, "--full-result"]);
    assertEquals(fullResultField(backup.stdout, "ExaminedFiles"), String(counts.files));
    assertEquals(fullResultField(backup.stdout, "OpenedFiles"), String(counts.files));
    assertEquals(fullResultField(backup.stdout, "AddedFiles"), String(counts.files));
    assertEquals(fullResultField(backup.stdout, "SizeOfExaminedFiles"), String(counts.bytes));
    assertEquals(fullResultField(backup.stdout, "Warnings"), "[");
    assertStringIncludes(backup.stdout, "Backup completed successfully!");
    assert(ws.remoteNames("dblock").length >= 3, `expected several dblocks, got ${ws.remoteNames("dblock")}`);
    assertEquals(ws.remoteNames("dlist").length, 1);
    assert(ws.remoteNames().every((n) => n.endsWith(".aes")), "every remote file is encrypted");

    const restore = await ws.expect(0, ["restore", ws.destUrl, ...AES, `--restore-path=${ws.restore}`]);
    assertStringIncludes(restore.stdout, `Restored ${counts.files} (`);
    assertEquals(restore.stderr, "");
    assertSameTree(ws.restore, ws.src);
    // Spot checks that do not rely on the tree helpers.
    for (const [path, size] of Object.entries(BOUNDARY_SIZES)) {
      assertEquals(Deno.statSync(`${ws.restore}/${path}`).size, size, path);
    }
    assertEquals(Deno.readTextFileSync(`${ws.restore}/${NFC_NAME}`), "NFC spelling 1\n");
    assertEquals(Deno.readTextFileSync(`${ws.restore}/${NFD_NAME}`), "NFD spelling 1, longer\n");
    assertEquals(Deno.readLinkSync(`${ws.restore}/links/relative`), "../sizes/one_block.bin");
    assertEquals(Deno.readLinkSync(`${ws.restore}/links/absolute_folder`), `${ws.src}/dedupe`);
    assertEquals(Deno.readLinkSync(`${ws.restore}/links/dangling`), "nowhere/at/all");
    assert(Deno.lstatSync(`${ws.restore}/links/absolute_folder`).isSymlink);
    assertEquals(Deno.statSync(`${ws.restore}/perm/private.txt`).mode! & 0o777, 0o640);
    assertEquals(Deno.statSync(`${ws.restore}/perm/script.sh`).mode! & 0o777, 0o755);
    assertEquals(Deno.statSync(`${ws.restore}/perm/readonly.txt`).mode! & 0o777, 0o444);
    assertEquals(
      Deno.statSync(`${ws.restore}/sizes/one_block.bin`).mtime,
      Deno.statSync(`${ws.src}/sizes/one_block.bin`).mtime,
    );
    assertEquals([...Deno.readDirSync(`${ws.restore}/empty`)], []);
    // No leftovers of the restore's partial files.
    assertEquals(leftovers(ws.restore), []);
  });
});

Deno.test("backup and restore reproduce a feature tree without encryption, to the original location", async () => {
  await withWorkspace(async (ws) => {
    writeFeatureTree(ws.src, 2);
    await ws.expect(0, ["backup", ws.destUrl, ws.src, ...SMALL, "--no-encryption"]);
    assert(ws.remoteNames().every((n) => n.endsWith(".zip")), `unencrypted names: ${ws.remoteNames()}`);
    Deno.renameSync(ws.src, `${ws.root}/original`);
    await ws.expect(0, ["restore", ws.destUrl, "--no-encryption"]);
    assertSameTree(ws.src, `${ws.root}/original`);
  });
});

Deno.test("a second backup of an unchanged tree opens no file; a changed file is the only one opened", async () => {
  await withWorkspace(async (ws) => {
    const counts = writeFeatureTree(ws.src);
    await ws.expect(0, ["backup", ws.destUrl, ws.src, ...SMALL, ...AES]);
    const remoteBefore = ws.snapshotFolder(ws.dest);

    const unchanged = await ws.expect(1, ["backup", ws.destUrl, ws.src, ...SMALL, ...AES, "--full-result"]);
    assertEquals(fullResultField(unchanged.stdout, "ExaminedFiles"), String(counts.files));
    assertEquals(fullResultField(unchanged.stdout, "OpenedFiles"), "0");
    assertEquals(fullResultField(unchanged.stdout, "SizeOfOpenedFiles"), "0");
    assertEquals(fullResultField(unchanged.stdout, "UploadedFiles"), "0");
    assertStringIncludes(unchanged.stdout, "No changes were found");
    assertEquals(ws.snapshotFolder(ws.dest), remoteBefore, "an unchanged backup uploads nothing");

    const path = `${ws.src}/sizes/three_blocks.bin`;
    const old = Deno.statSync(path);
    const bytes = Deno.readFileSync(path);
    bytes[1500] = bytes[1500]! ^ 0xff; // same size, one block differs
    Deno.writeFileSync(path, bytes);
    Deno.utimeSync(path, old.atime!, new Date(old.mtime!.getTime() + 5000));
    const changed = await ws.expect(0, ["backup", ws.destUrl, ws.src, ...SMALL, ...AES, "--full-result"]);
    assertEquals(fullResultField(changed.stdout, "OpenedFiles"), "1");
    assertEquals(fullResultField(changed.stdout, "SizeOfOpenedFiles"), String(3 * 1024));
    assertEquals(fullResultField(changed.stdout, "ModifiedFiles"), "1");
    assertEquals(fullResultField(changed.stdout, "AddedFiles"), "0");
    assertEquals(fullResultField(changed.stdout, "DeletedFiles"), "0");
    assertEquals(
      fullResultField(changed.stdout, "NewBlocks"),
      "3",
      "the changed block, the new blocklist, the new metadata",
    );

    const filesets = await ws.expect(0, ["list-filesets", ws.destUrl, ...AES]);
    assertEquals(versionLines(filesets.stdout).length, 2);
  });
});

Deno.test("an unchanged backup really reads no content: a same-size edit with the old mtime goes unnoticed", async () => {
  await withWorkspace(async (ws) => {
    writeTree(ws.src, { "a.bin": seededBytes(10_000, 1), "b.txt": "bbbb" });
    await ws.expect(0, ["backup", ws.destUrl, ws.src, ...SMALL, ...AES]);
    // New bytes, same size, same mtime: only reading the file could notice.
    const info = Deno.statSync(`${ws.src}/a.bin`);
    Deno.writeFileSync(`${ws.src}/a.bin`, seededBytes(10_000, 2));
    Deno.utimeSync(`${ws.src}/a.bin`, info.atime!, info.mtime!);
    const second = await ws.expect(1, ["backup", ws.destUrl, ws.src, ...SMALL, ...AES, "--full-result"]);
    assertEquals(fullResultField(second.stdout, "OpenedFiles"), "0");
    await ws.expect(0, ["restore", ws.destUrl, ...AES, `--restore-path=${ws.restore}`]);
    assertEquals(
      Deno.readFileSync(`${ws.restore}/a.bin`),
      seededBytes(10_000, 1),
      "the stored content is the first one",
    );
  });
});

Deno.test("a file deleted from the source drops out of the next version only", async () => {
  await withWorkspace(async (ws) => {
    writeTree(ws.src, { "keep.txt": "keep", "gone.bin": seededBytes(3000, 5), "sub/also_gone.txt": "x" });
    await ws.expect(0, ["backup", ws.destUrl, ws.src, ...SMALL, ...AES]);
    Deno.removeSync(`${ws.src}/gone.bin`);
    Deno.removeSync(`${ws.src}/sub`, { recursive: true });
    const second = await ws.expect(0, ["backup", ws.destUrl, ws.src, ...SMALL, ...AES, "--full-result"]);
    assertEquals(fullResultField(second.stdout, "OpenedFiles"), "0");

    const newest = await ws.expect(0, ["list", ws.destUrl, "--version=0", "*", ...AES]);
    assertEquals(fileLines(newest.stdout), [`${ws.src}/`, `${ws.src}/keep.txt (4 bytes)`]);
    const older = await ws.expect(0, ["list", ws.destUrl, "--version=1", "*", ...AES]);
    assertEquals(fileLines(older.stdout), [
      `${ws.src}/`,
      `${ws.src}/gone.bin (2.93 KiB)`,
      `${ws.src}/keep.txt (4 bytes)`,
      `${ws.src}/sub/`,
      `${ws.src}/sub/also_gone.txt (1 bytes)`,
    ]);
    // Duplicati counts deleted files, folders and symlinks separately (DeletedFiles, DeletedFolders, ...).
    assertEquals(fullResultField(second.stdout, "DeletedFiles"), "2", "two files were deleted (plus one folder)");
    assertStringIncludes(second.stdout, "  Files deleted: 2\n");
  });
});

Deno.test("backup --dry-run of a new backup writes no remote file and no local database", async () => {
  await withWorkspace(async (ws) => {
    writeTree(ws.src, { "a.bin": seededBytes(70_000, 1), "b.txt": "b" });
    const dry = await ws.expect(0, ["backup", ws.destUrl, ws.src, ...SMALL, ...AES, "--dry-run", "--full-result"]);
    assertEquals(fullResultField(dry.stdout, "DryRun"), "true");
    assertEquals(fullResultField(dry.stdout, "ExaminedFiles"), "2");
    assertEquals(ws.remoteNames(), []);
    assertEquals(ws.snapshotFolder(ws.dest).size, 0, "nothing at all in the destination folder");
    assertEquals([...ws.snapshotFolder(ws.data).keys()], [], "no local database and no dbconfig.json");
    assertEquals([...Deno.readDirSync(ws.tmp)].map((e) => e.name), [], "no temporary files left");
  });
});

Deno.test("backup --dry-run after a real backup leaves the destination byte-identical", async () => {
  await withWorkspace(async (ws) => {
    writeTree(ws.src, { "a.bin": seededBytes(30_000, 1) });
    await ws.expect(0, ["backup", ws.destUrl, ws.src, ...SMALL, ...AES]);
    const before = ws.snapshotFolder(ws.dest);
    writeTree(ws.src, { "new.bin": seededBytes(90_000, 2) });
    const dry = await ws.expect(0, ["backup", ws.destUrl, ws.src, ...SMALL, ...AES, "--dry-run", "--full-result"]);
    assertEquals(fullResultField(dry.stdout, "AddedFiles"), "1");
    assertStringIncludes(dry.stdout, "[Dryrun]");
    assertEquals(ws.snapshotFolder(ws.dest), before);
    // The real run afterwards still sees the new file as new.
    const real = await ws.expect(0, ["backup", ws.destUrl, ws.src, ...SMALL, ...AES, "--full-result"]);
    assertEquals(fullResultField(real.stdout, "AddedFiles"), "1");
    assertEquals(fullResultField(real.stdout, "OpenedFiles"), "1");
  });
});

/** The listed entries of `list` output (lines after the header that start with "/"). */
function fileLines(stdout: string): string[] {
  return stdout.split("\n").filter((l) => l.startsWith("/"));
}

function leftovers(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of Deno.readDirSync(dir)) {
      if (e.name.endsWith(".dup-restore")) out.push(`${dir}/${e.name}`);
      if (e.isDirectory) walk(`${dir}/${e.name}`);
    }
  };
  walk(root);
  return out;
}
