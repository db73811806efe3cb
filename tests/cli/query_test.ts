/**
 * CLI integration: `compare`, `list-folder-contents`, `list-file-versions` and `search` on a backup with three
 * versions, with the local database and from the remote alone.
 * @module
 */
import { assertEquals } from "../support/assert.ts";
import { withWorkspace, type Workspace } from "../support/cli_workspace.ts";
import { seededBytes, writeTree } from "../support/engine.ts";

const OPTS = ["--blocksize=1kb", "--dblock-size=64kb", "--passphrase=query secret"];
const FOLDER_TIME = new Date(Date.UTC(2020, 0, 1));

/** Every folder under (and including) root gets the same mtime, so only the changes we make show up. */
function settleFolders(root: string): void {
  for (const entry of Deno.readDirSync(root)) {
    if (entry.isDirectory) settleFolders(`${root}/${entry.name}`);
  }
  Deno.utimeSync(root, FOLDER_TIME, FOLDER_TIME);
}

/**
 * Version 2: a.txt "one", big.bin (5000 bytes), meta.txt, sub/c.txt.
 * Version 1: a.txt "one+two", meta.txt with a new mtime only, sub/c.txt deleted, new.txt and link (-> a.txt) added.
 * Version 0: big.bin deleted, many/ with f00.txt..f11.txt added.
 * Returns the version times, newest first.
 */
async function threeVersions(ws: Workspace): Promise<Date[]> {
  writeTree(ws.src, { "a.txt": "one", "big.bin": seededBytes(5000, 1), "meta.txt": "same", "sub/c.txt": "c" });
  Deno.utimeSync(`${ws.src}/meta.txt`, new Date(Date.UTC(2021, 0, 1)), new Date(Date.UTC(2021, 0, 1)));
  settleFolders(ws.src);
  await ws.expect(0, ["backup", ws.destUrl, ws.src, ...OPTS]);
  Deno.removeSync(`${ws.src}/sub/c.txt`);
  writeTree(ws.src, { "a.txt": "one+two", "new.txt": "new" });
  Deno.symlinkSync("a.txt", `${ws.src}/link`);
  Deno.utimeSync(`${ws.src}/meta.txt`, new Date(Date.UTC(2022, 0, 1)), new Date(Date.UTC(2022, 0, 1)));
  settleFolders(ws.src);
  await ws.expect(0, ["backup", ws.destUrl, ws.src, ...OPTS]);
  Deno.removeSync(`${ws.src}/big.bin`);
  writeTree(ws.src, Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`many/f${pad(i)}.txt`, `file ${i}`])));
  settleFolders(ws.src);
  await ws.expect(0, ["backup", ws.destUrl, ws.src, ...OPTS]);
  return ws.remoteNames("dlist").map(dlistTime).sort((a, b) => b.getTime() - a.getTime());
}

function pad(i: number): string {
  return String(i).padStart(2, "0");
}

function dlistTime(name: string): Date {
  const m = /-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z\.dlist/.exec(name)!;
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
}

/** Output lines without trailing empty lines. */
function lines(text: string): string[] {
  const out = text.split("\n");
  while (out.at(-1) === "") out.pop();
  return out;
}

/** stderr without blank lines. */
function errors(text: string): string[] {
  return lines(text).filter((l) => l !== "");
}

Deno.test("compare, list-folder-contents, list-file-versions and search on three versions", async (t) => {
  await withWorkspace(async (ws) => {
    const [t0, t1, t2] = (await threeVersions(ws)).map((d) => d.toLocaleString());
    const s = ws.src;
    const many = Array.from({ length: 12 }, (_, i) => `${s}/many/f${pad(i)}.txt`);

    for (const mode of ["local database", "remote only"] as const) {
      const extra = mode === "remote only" ? ["--no-local-db"] : [];
      await t.step(`compare with no versions compares the two newest, 10 entries per kind (${mode})`, async () => {
        const result = await ws.expect(0, ["compare", ws.destUrl, ...OPTS, ...extra]);
        assertEquals(lines(result.stdout), [
          "Listing changes",
          `  1: ${t1}`,
          `  0: ${t0}`,
          "",
          "Size of backup 1: 4.90 KiB",
          "",
          "  13 added entries:",
          `  + ${s}/many/`,
          ...many.slice(0, 9).map((p) => `  + ${p}`),
          "  ... and 3 more (use --full-result to see all)",
          "",
          "  1 deleted entries:",
          `  - ${s}/big.bin`,
          "",
          "  Added folders:     1",
          "  Added files:       12",
          "  Deleted files:     1",
          "  Size of added files:   74 bytes",
          "  Size of deleted files: 4.88 KiB",
          "Size of backup 0: 88 bytes",
        ]);
        assertEquals(result.stderr, "");
      });
    }

    await t.step("compare --full-result lists every entry", async () => {
      const result = await ws.expect(0, ["compare", ws.destUrl, "--full-result", ...OPTS]);
      assertEquals(lines(result.stdout).slice(6, 22), [
        "  13 added entries:",
        `  + ${s}/many/`,
        ...many.map((p) => `  + ${p}`),
        "",
        "  1 deleted entries:",
      ]);
    });

    const twoToOne = [
      "Listing changes",
      `  2: ${t2}`,
      `  1: ${t1}`,
      "",
      "Size of backup 2: 4.89 KiB",
      "",
      "  2 added entries:",
      `  + ${s}/link`,
      `  + ${s}/new.txt`,
      "",
      "  2 modified entries:",
      `  ~ ${s}/a.txt`,
      `  ~ ${s}/meta.txt`,
      "",
      "  1 deleted entries:",
      `  - ${s}/sub/c.txt`,
      "",
      "  Added symlinks:    1",
      "  Added files:       1",
      "  Deleted files:     1",
      "  Modified files:    2",
      "  Size of added files:   3 bytes",
      "  Size of deleted files: 1 bytes",
      "Size of backup 1: 4.90 KiB",
    ];

    await t.step("compare picks versions by index or by time; one version is compared with the newest", async () => {
      const byIndex = await ws.expect(0, ["compare", ws.destUrl, "2", "1", ...OPTS]);
      assertEquals(lines(byIndex.stdout), twoToOne);
      const times = ws.remoteNames("dlist").map(dlistTime).sort((a, b) => b.getTime() - a.getTime());
      const byTime = await ws.expect(0, [
        "compare",
        ws.destUrl,
        times[2]!.toISOString(),
        times[1]!.toISOString(),
        ...OPTS,
      ]);
      assertEquals(lines(byTime.stdout), twoToOne);
      const one = await ws.expect(0, ["compare", ws.destUrl, "2", "--no-local-db", ...OPTS]);
      assertEquals(lines(one.stdout).slice(0, 3), ["Listing changes", `  2: ${t2}`, `  0: ${t0}`]);
      // A relative time is that long ago: one day ago is nearest to the oldest version.
      const relative = await ws.expect(0, ["compare", ws.destUrl, "1D", ...OPTS]);
      assertEquals(lines(relative.stdout), lines(one.stdout));
      assertEquals(
        lines(one.stdout).slice(-8),
        [
          "  Added folders:     1",
          "  Added symlinks:    1",
          "  Added files:       13",
          "  Deleted files:     2",
          "  Modified files:    2",
          "  Size of added files:   77 bytes",
          "  Size of deleted files: 4.88 KiB",
          "Size of backup 0: 88 bytes",
        ],
      );
    });

    await t.step("compare applies --include/--exclude and says when nothing changed", async () => {
      const filtered = await ws.expect(0, ["compare", ws.destUrl, "2", "1", "--exclude=*.txt", ...OPTS]);
      assertEquals(lines(filtered.stdout).slice(4), [
        "Size of backup 2: 4.88 KiB",
        "",
        "  1 added entries:",
        `  + ${s}/link`,
        "",
        "  Added symlinks:    1",
        "Size of backup 1: 4.88 KiB",
      ]);
      const none = await ws.expect(0, ["compare", ws.destUrl, `--include=${s}/meta.txt`, ...OPTS]);
      assertEquals(lines(none.stdout).slice(4), [
        "Size of backup 1: 4 bytes",
        "",
        "  No changes found",
        "Size of backup 0: 4 bytes",
      ]);
    });

    await t.step("compare refuses a missing version (100), a bad one and too many (200)", async () => {
      const missing = await ws.expect(100, ["compare", ws.destUrl, "7", ...OPTS]);
      assertEquals(errors(missing.stderr), [
        "ErrorID: user-input",
        "Cannot find version 7: the backup has versions 0 to 2",
      ]);
      const bad = await ws.expect(200, ["compare", ws.destUrl, "someday", ...OPTS]);
      assertEquals(errors(bad.stderr).length, 1);
      assertEquals(errors(bad.stderr)[0]!.includes(`"someday"`), true);
      const many = await ws.expect(200, ["compare", ws.destUrl, "0", "1", "2", ...OPTS]);
      assertEquals(errors(many.stderr), ["Cannot compare versions: give at most two versions, not 3"]);
    });

    await t.step("list-folder-contents lists the roots, or a folder's children, in one version", async () => {
      const roots = await ws.expect(0, ["list-folder-contents", ws.destUrl, ...OPTS]);
      assertEquals(lines(roots.stdout), [`Folder contents of version 0 (${t0}):`, `${s}/: (directory)`]);
      const folder = await ws.expect(0, ["list-folder-content", ws.destUrl, s, "--no-local-db", ...OPTS]);
      assertEquals(lines(folder.stdout), [
        `Folder contents of version 0 (${t0}):`,
        `${s}/a.txt: (7 bytes)`,
        `${s}/link: (symlink)`,
        `${s}/many/: (directory)`,
        `${s}/meta.txt: (4 bytes)`,
        `${s}/new.txt: (3 bytes)`,
        `${s}/sub/: (directory)`,
      ]);
      const old = await ws.expect(0, [
        "list-folder-contents",
        ws.destUrl,
        `${s}/sub/`,
        `${s}/nope`,
        "--version=2",
        ...OPTS,
      ]);
      assertEquals(lines(old.stdout), [
        `Folder contents of version 2 (${t2}):`,
        `${s}/sub/c.txt: (1 bytes)`,
        `No folder ${s}/nope/ in version 2`,
      ]);
    });

    await t.step("list-folder-contents refuses --all-versions and several versions (200)", async () => {
      const all = await ws.expect(200, ["list-folder-contents", ws.destUrl, "--all-versions", ...OPTS]);
      assertEquals(errors(all.stderr), ["Cannot use --all-versions with list-folder-contents: it lists one version"]);
      const two = await ws.expect(200, ["list-folder-contents", ws.destUrl, "--version=0,1", ...OPTS]);
      assertEquals(errors(two.stderr), ["Cannot list folder contents of several versions: give one --version"]);
    });

    await t.step("list-file-versions prints every version of each exact path", async () => {
      const result = await ws.expect(0, [
        "list-file-versions",
        ws.destUrl,
        `${s}/a.txt`,
        `${s}/sub`,
        `${s}/A.TXT`,
        ...OPTS,
      ]);
      assertEquals(lines(result.stdout), [
        "File versions:",
        `${s}/a.txt:`,
        `  [0] ${t0}: (7 bytes)`,
        `  [1] ${t1}: (7 bytes)`,
        `  [2] ${t2}: (3 bytes)`,
        `${s}/sub/:`,
        `  [0] ${t0}: (directory)`,
        `  [1] ${t1}: (directory)`,
        `  [2] ${t2}: (directory)`,
        `${s}/A.TXT:`,
        "  (in no version)",
      ]);
      const all = await ws.expect(0, ["list-file-versions", ws.destUrl, "--version=2", "--no-local-db", ...OPTS]);
      assertEquals(lines(all.stdout), [
        "File versions:",
        ...[
          [`${s}/`, "(directory)"],
          [`${s}/a.txt`, "(3 bytes)"],
          [`${s}/big.bin`, "(4.88 KiB)"],
          [`${s}/meta.txt`, "(4 bytes)"],
          [`${s}/sub/`, "(directory)"],
          [`${s}/sub/c.txt`, "(1 bytes)"],
        ].flatMap(([path, size]) => [`${path}:`, `  [2] ${t2}: ${size}`]),
      ]);
    });

    await t.step("search finds filtered paths below folders across versions", async () => {
      const txt = await ws.expect(0, [
        "search-files",
        ws.destUrl,
        "--exclude=*/many/*",
        "--include=*.txt",
        "--exclude=*",
        ...OPTS,
      ]);
      assertEquals(lines(txt.stdout), [
        "File versions:",
        `${s}/a.txt:`,
        `  [0] ${t0}: (7 bytes)`,
        `  [1] ${t1}: (7 bytes)`,
        `  [2] ${t2}: (3 bytes)`,
        `${s}/meta.txt:`,
        `  [0] ${t0}: (4 bytes)`,
        `  [1] ${t1}: (4 bytes)`,
        `  [2] ${t2}: (4 bytes)`,
        `${s}/new.txt:`,
        `  [0] ${t0}: (3 bytes)`,
        `  [1] ${t1}: (3 bytes)`,
        `${s}/sub/c.txt:`,
        `  [2] ${t2}: (1 bytes)`,
      ]);
      const below = await ws.expect(0, ["search", ws.destUrl, `${s}/many`, "--exclude=*/f1?.txt", ...OPTS]);
      assertEquals(lines(below.stdout), [
        "File versions:",
        ...many.slice(0, 10).flatMap((p) => [`${p}:`, `  [0] ${t0}: (6 bytes)`]),
      ]);
      const nothing = await ws.expect(0, ["search", ws.destUrl, "--include=*.doc", "--version=1", ...OPTS]);
      assertEquals(lines(nothing.stdout), ["File versions:", "No entries matched"]);
    });
  });
});
