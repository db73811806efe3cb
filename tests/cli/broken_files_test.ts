/**
 * CLI integration: after a dblock is deleted, truncated or recorded as damaged (what `test` does), list-broken-files
 * names exactly the affected files per version (worked out independently from the remote files);
 * purge-broken-files --dry-run changes nothing; purge-broken-files removes them and forgets the volume, after which
 * `test all` passes, every remaining file restores byte-identical, nothing is broken, and the next backup stores
 * the purged files again.
 * @module
 */
import { formatSize } from "../../lib/cli/output.ts";
import { assert, assertEquals } from "../support/assert.ts";
import { withWorkspace, type Workspace } from "../support/cli_workspace.ts";
import { readTree, seededBytes, writeTree } from "../support/engine.ts";
import { brokenBy, type NeedingEntry, pickVolume, remoteLayout } from "../operations/purge/remote_needs.ts";
import { destFiles, filesOf, lines, OPTS, restoreVersion, runSql, spacedBackup } from "./purge_helpers.ts";

type Damage = "delete" | "truncate" | "record";

const LABEL = { delete: "deleted", truncate: "truncated", record: "recorded as damaged" } as const;

/** Version 1: files of 10-70 KB, 8 small ones and a folder; version 0: one changed, one gone, one new. */
async function twoVersions(ws: Workspace): Promise<Map<string, string>[]> {
  const tree: Record<string, string | Uint8Array> = {};
  for (let i = 0; i < 5; i++) tree[`f${i}.bin`] = seededBytes(10_000 + i * 15_000, 10 + i);
  for (let i = 0; i < 8; i++) tree[`small/s${i}.txt`] = `small file ${i}`;
  writeTree(ws.src, tree);
  const v1 = await spacedBackup(ws);
  Deno.removeSync(`${ws.src}/f2.bin`);
  writeTree(ws.src, { "f1.bin": seededBytes(33_000, 30), "n.bin": seededBytes(18_000, 31) });
  const v0 = await spacedBackup(ws);
  return [v0, v1];
}

function entryLine(e: NeedingEntry): string {
  return e.type === "File" ? `\t${e.path} (${formatSize(e.size)})` : `\t${e.path}`;
}

function damage(ws: Workspace, name: string, how: Damage): void {
  const path = `${ws.dest}/${name}`;
  if (how === "delete") Deno.removeSync(path);
  else if (how === "truncate") Deno.truncateSync(path, Math.floor(Deno.statSync(path).size / 2));
  else runSql(ws, "UPDATE remote_volume SET damage = 'x' WHERE name = ?", name);
}

for (const how of ["delete", "truncate", "record"] as const) {
  Deno.test(`list-broken-files and purge-broken-files with a dblock that is ${LABEL[how]}`, async () => {
    await withWorkspace(async (ws) => {
      const trees = await twoVersions(ws);
      const layout = await remoteLayout(destFiles(ws));
      const victim = pickVolume(layout, 2);
      const broken = brokenBy(layout, [victim]);
      const index = ws.remoteNames("dindex").length;
      damage(ws, victim, how);

      const full = await ws.expect(0, ["list-broken-files", ws.destUrl, "--full-result", ...OPTS]);
      const header = (v: (typeof broken)[number]) =>
        `${v.version}\t: ${v.time.toLocaleString()}\t(${v.entries.length} match(es))`;
      assertEquals(lines(full.stdout), broken.flatMap((v) => [header(v), ...v.entries.map(entryLine)]));
      const short = await ws.expect(0, ["list-broken-files", ws.destUrl, ...OPTS]);
      assertEquals(
        lines(short.stdout),
        broken.flatMap((v) => [
          header(v),
          ...v.entries.slice(0, 5).map(entryLine),
          ...(v.entries.length > 5 ? [`\t... and ${v.entries.length - 5} more (use --full-result to see all)`] : []),
        ]),
      );

      const dest = ws.snapshotFolder(ws.dest);
      const dry = await ws.expect(0, ["purge-broken-files", ws.destUrl, "--dry-run", ...OPTS]);
      assertEquals(lines(dry.stdout).slice(-2), ["[Dryrun]: Would forget 1 broken remote volume(s):", `\t${victim}`]);
      assertEquals(ws.snapshotFolder(ws.dest), dest);

      const purge = await ws.expect(0, ["purge-broken-files", ws.destUrl, ...OPTS]);
      assertEquals(lines(purge.stdout), [
        ...broken.map((v) => {
          const bytes = formatSize(v.entries.reduce((n, e) => n + e.size, 0));
          return `Purged ${v.entries.length} broken file(s) (${bytes}) from version ${v.version} (${v.time.toLocaleString()})`;
        }),
        "Forgot 1 broken remote volume(s):",
        `\t${victim}`,
        `Deleted ${broken.length + 2} remote file(s)`,
      ]);
      assertEquals(ws.remoteNames().includes(victim), false);
      assertEquals(ws.remoteNames("dindex").length, index - 1);
      const again = await ws.expect(0, ["list-broken-files", ws.destUrl, ...OPTS]);
      assertEquals(lines(again.stdout), ["No broken filesets found"]);
      await ws.expect(0, ["test", ws.destUrl, "all", ...OPTS]);

      // Every file that was not broken restores byte-identical, in both versions.
      for (const version of [0, 1]) {
        // Every entry the purged version still holds, folders too ("" is the source folder itself).
        const kept = new Map([["", ""], ...trees[version]!]);
        for (const e of broken.find((b) => b.version === version)!.entries) {
          kept.delete(e.path.slice(ws.src.length + 1));
        }
        const entriesOnly = (tree: Map<string, string>) => new Map([...filesOf(tree)].filter(([path]) => path !== ""));
        const expected = entriesOnly(kept);
        assert(expected.size > 0);
        // Restore to --restore-path drops the folders every restored entry shares (as Duplicati does), which
        // matters when the purge took the source folder's own entry and left files in one folder only.
        const restored = filesOf(await restoreVersion(ws, version, `purged-${version}`));
        assertEquals(restored, entriesOnly(withoutSharedFolders(kept)));
      }

      // The next backup stores the purged files again.
      await spacedBackup(ws);
      assertEquals(await restoreVersion(ws, 0, "after"), readTree(ws.src));
      await ws.expect(0, ["test", ws.destUrl, "all", ...OPTS]);
      assertEquals(lines((await ws.expect(0, ["list-broken-files", ws.destUrl, ...OPTS])).stdout), [
        "No broken filesets found",
      ]);
    });
  });
}

/** The map with the folder prefix that every key shares removed (a key ending in "/" is a folder). */
function withoutSharedFolders(files: Map<string, string>): Map<string, string> {
  const folders = [...files.keys()].map((path) => path.split("/").slice(0, -1));
  let shared = folders[0] ?? [];
  for (const f of folders) {
    let n = 0;
    while (n < shared.length && n < f.length && shared[n] === f[n]) n++;
    shared = shared.slice(0, n);
  }
  const cut = shared.length === 0 ? 0 : shared.join("/").length + 1;
  return new Map([...files].map(([path, hash]) => [path.slice(cut), hash]));
}
