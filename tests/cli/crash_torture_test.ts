/**
 * Crash torture (issue 3, acceptance): backup, delete, compact and repair SIGKILLed at 50 random points (random
 * time offsets and random byte offsets at the destination or in the local database), each followed by a run of
 * the same operation that must succeed, `test all`, and restores checked byte for byte; every version restores at
 * the end. TORTURE_SEED reproduces a run; TORTURE_KILLS=500 runs the long version.
 *
 * Plus the one state the torture found wrong, set up deterministically: a backup killed after it marked its
 * version complete but before the dlist existed (it was being written to the temp folder).
 * @module
 */
import { DatabaseSync } from "node:sqlite";
import { assert, assertEquals } from "../support/assert.ts";
import { treeDigests, versionLines, withWorkspace } from "../support/cli_workspace.ts";
import { seededBytes, writeTree } from "../support/engine.ts";
import { describeRun } from "../support/run_main.ts";
import { formatSummary, runTorture, tortureConfigFromEnv } from "../support/torture.ts";

const OPTS = ["--blocksize=16kb", "--dblock-size=128kb", "--passphrase=torture secret"];

Deno.test("crash torture: every kill of backup, delete, compact and repair is recovered by the next run", async () => {
  const config = tortureConfigFromEnv(50);
  await withWorkspace(async (ws) => {
    const summary = await runTorture(ws, config);
    console.log(formatSummary(summary));
    assertEquals(summary.kills, config.kills);
    for (const [op, kills] of Object.entries(summary.killsByOp)) {
      assert(kills >= Math.floor(config.kills / 10), `too few kills landed in ${op}: ${formatSummary(summary)}`);
    }
    assert(summary.killsByTrigger.time > 0 && summary.killsByTrigger.bytes > 0, "both kinds of kill landed");
  });
});

Deno.test("a backup killed after it marked its version complete, before its dlist existed, stays a complete version of its tree", async () => {
  await withWorkspace(async (ws) => {
    writeTree(ws.src, { "kept.bin": seededBytes(40_000, 1), "gone.bin": seededBytes(30_000, 2) });
    await ws.expect(0, ["backup", ws.destUrl, ws.src, ...OPTS]);
    Deno.removeSync(`${ws.src}/gone.bin`);
    writeTree(ws.src, { "kept.bin": seededBytes(40_000, 3) });
    const tree = treeDigests(ws.src);
    await ws.expect(0, ["backup", ws.destUrl, ws.src, ...OPTS]);
    // What SIGKILL leaves when it lands in commitFileset() after the version was marked complete and before the
    // dlist volume became Uploading: the fileset is full, its dlist volume Temporary, no dlist at the destination.
    const dbName = [...Deno.readDirSync(ws.data)].map((e) => e.name).find((n) => n.endsWith(".sqlite"))!;
    const db = new DatabaseSync(`${ws.data}/${dbName}`);
    const dlist = db.prepare(
      "SELECT v.id AS id, v.name AS name FROM fileset f JOIN remote_volume v ON v.id = f.volume_id " +
        "ORDER BY f.timestamp DESC LIMIT 1",
    ).get() as { id: number; name: string };
    db.prepare("UPDATE remote_volume SET state = 'Temporary' WHERE id = ?").run(dlist.id);
    db.close();
    Deno.removeSync(`${ws.dest}/${dlist.name}`);

    // The next backup finds nothing changed since that version (exit 1) and uploads its dlist.
    const rerun = await ws.run(["backup", ws.destUrl, ws.src, ...OPTS]);
    assertEquals(rerun.code, 1, describeRun(rerun));
    assert(ws.remoteNames("dlist").includes(dlist.name), "the dlist of the killed run was uploaded");
    const listed = await ws.expect(0, ["list-filesets", ws.destUrl, ...OPTS]);
    assertEquals(versionLines(listed.stdout).map((line) => line.endsWith(", partial")), [false, false]);
    await ws.expect(0, ["restore", ws.destUrl, ...OPTS, "--version=0", `--restore-path=${ws.restore}/v0`]);
    // Exactly the tree that was backed up: "gone.bin", deleted before that backup, is not brought back.
    assertEquals(treeDigests(`${ws.restore}/v0`), tree);
  });
});
