/**
 * CLI integration: `list`, `find` and `list-filesets` output lines and exit codes, with and without the local
 * database, and version selection.
 * @module
 */
import { assertEquals } from "../support/assert.ts";
import { withWorkspace, type Workspace } from "../support/cli_workspace.ts";
import { seededBytes, writeTree } from "../support/engine.ts";

const OPTS = ["--blocksize=1kb", "--dblock-size=64kb", "--passphrase=list secret"];

/** Version 1: a.txt (3 bytes), big.bin (5000), sub/c.txt; version 0: a.txt changed (6 bytes), c.txt gone, new.txt. */
async function twoVersions(ws: Workspace): Promise<Date[]> {
  writeTree(ws.src, { "a.txt": "one", "big.bin": seededBytes(5000, 1), "sub/c.txt": "c" });
  await ws.expect(0, ["backup", ws.destUrl, ws.src, ...OPTS]);
  Deno.removeSync(`${ws.src}/sub/c.txt`);
  writeTree(ws.src, { "a.txt": "one+two", "new.txt": "new" });
  await ws.expect(0, ["backup", ws.destUrl, ws.src, ...OPTS]);
  return ws.remoteNames("dlist").map((n) => dlistTime(n)).sort((a, b) => b.getTime() - a.getTime());
}

function dlistTime(name: string): Date {
  const m = /-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z\.dlist/.exec(name)!;
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
}

/** Output lines without the trailing empty line. */
function lines(stdout: string): string[] {
  const out = stdout.split("\n");
  while (out.at(-1) === "") out.pop();
  return out;
}

for (const mode of ["local database", "remote only"] as const) {
  const extra = mode === "remote only" ? ["--no-local-db"] : [];

  Deno.test(`list-filesets and list without arguments print every version (${mode})`, async () => {
    await withWorkspace(async (ws) => {
      const [t0, t1] = await twoVersions(ws);
      const expected = [
        "Listing filesets:",
        `0\t: ${t0!.toLocaleString()} (3 files, 4.89 KiB)`,
        `1\t: ${t1!.toLocaleString()} (3 files, 4.89 KiB)`,
      ];
      const filesets = await ws.expect(0, ["list-filesets", ws.destUrl, ...OPTS, ...extra]);
      assertEquals(lines(filesets.stdout), expected);
      const list = await ws.expect(0, ["list", ws.destUrl, ...OPTS, ...extra]);
      assertEquals(lines(list.stdout), expected);
      assertEquals(filesets.stderr + list.stderr, "");
    });
  });

  Deno.test(`list of a version prints its entries with sizes (${mode})`, async () => {
    await withWorkspace(async (ws) => {
      const [t0, t1] = await twoVersions(ws);
      const v0 = await ws.expect(0, ["list", ws.destUrl, "*", ...OPTS, ...extra]);
      assertEquals(lines(v0.stdout), [
        `Listing contents 0 (${t0!.toLocaleString()}):`,
        `${ws.src}/`,
        `${ws.src}/a.txt (7 bytes)`,
        `${ws.src}/big.bin (4.88 KiB)`,
        `${ws.src}/new.txt (3 bytes)`,
        `${ws.src}/sub/`,
      ]);
      const v1 = await ws.expect(0, ["list", ws.destUrl, "*", "--version=1", ...OPTS, ...extra]);
      const v1Body = [
        `${ws.src}/`,
        `${ws.src}/a.txt (3 bytes)`,
        `${ws.src}/big.bin (4.88 KiB)`,
        `${ws.src}/sub/`,
        `${ws.src}/sub/c.txt (1 bytes)`,
      ];
      assertEquals(lines(v1.stdout).slice(1), v1Body);
      // A lone number is a version.
      const byNumber = await ws.expect(0, ["list", ws.destUrl, "1", ...OPTS, ...extra]);
      assertEquals(lines(byNumber.stdout).slice(1), v1Body);
      // A name matches that file in any folder of the newest version.
      const byName = await ws.expect(0, ["list", ws.destUrl, "a.txt", ...OPTS, ...extra]);
      assertEquals(lines(byName.stdout), [
        `Listing contents 0 (${t0!.toLocaleString()}):`,
        `${ws.src}/a.txt (7 bytes)`,
      ]);
      // --time picks the version current at that time.
      const byTime = await ws.expect(0, ["list", ws.destUrl, "*", `--time=${t1!.toISOString()}`, ...OPTS, ...extra]);
      assertEquals(lines(byTime.stdout).slice(1), v1Body);
      // The header names the version by its number among all versions (1 = the older one).
      const header = `Listing contents 1 (${t1!.toLocaleString()}):`;
      assertEquals([lines(v1.stdout)[0], lines(byNumber.stdout)[0], lines(byTime.stdout)[0]], [header, header, header]);
    });
  });

  Deno.test(`find searches all versions; list falls back to them when the newest has no match (${mode})`, async () => {
    await withWorkspace(async (ws) => {
      const [t0, t1] = await twoVersions(ws);
      const found = await ws.expect(0, ["find", ws.destUrl, "a.txt", ...OPTS, ...extra]);
      assertEquals(lines(found.stdout), [
        "Listing files and versions:",
        `${ws.src}/a.txt`,
        `0\t: ${t0!.toLocaleString()} 7 bytes`,
        `1\t: ${t1!.toLocaleString()} 3 bytes`,
      ]);
      const onlyOld = await ws.expect(0, ["find", ws.destUrl, "c.txt", ...OPTS, ...extra]);
      assertEquals(lines(onlyOld.stdout), [
        "Listing files and versions:",
        `${ws.src}/sub/c.txt`,
        `0\t: ${t0!.toLocaleString()}  - `,
        `1\t: ${t1!.toLocaleString()} 1 bytes`,
      ]);
      const fallback = await ws.expect(0, ["list", ws.destUrl, "c.txt", ...OPTS, ...extra]);
      assertEquals(lines(fallback.stdout)[0], "No files matching, looking in all versions");
      assertEquals(lines(fallback.stdout).slice(1), lines(onlyOld.stdout));
      const none = await ws.expect(0, ["find", ws.destUrl, "nothing-like-this", ...OPTS, ...extra]);
      assertEquals(lines(none.stdout), ["Listing files and versions:", "No files matched"]);
    });
  });
}

Deno.test("list-filesets rejects --version (exit 200); list of an empty destination fails (exit 100)", async () => {
  await withWorkspace(async (ws) => {
    await twoVersions(ws);
    const bad = await ws.expect(200, ["list-filesets", ws.destUrl, "--version=1", ...OPTS]);
    assertEquals(lines(bad.stderr).filter((l) => l !== ""), [
      "Cannot use --version or --time with list-filesets: it lists every version",
    ]);
    const missing = await ws.expect(100, ["list", `file://${ws.root}/no-such-dest`, ...OPTS]);
    assertEquals(lines(missing.stderr).filter((l) => l !== "").at(-1)?.includes(`${ws.root}/no-such-dest`), true);
  });
});
