/**
 * Crash torture (issue 3, acceptance): backup, delete, compact and repair SIGKILLed at 50 random points (random
 * time offsets and random byte offsets at the destination or in the local database), each followed by a run of
 * the same operation that must succeed, `test all`, and restores checked byte for byte; every version restores at
 * the end. TORTURE_SEED reproduces a run; TORTURE_KILLS=500 runs the long version.
 * @module
 */
import { assert, assertEquals } from "../support/assert.ts";
import { withWorkspace } from "../support/cli_workspace.ts";
import { formatSummary, runTorture, tortureConfigFromEnv } from "../support/torture.ts";

Deno.test("crash torture: every kill of backup, delete, compact and repair is recovered by the next run", async () => {
  const config = tortureConfigFromEnv(50);
  await withWorkspace(async (ws) => {
    const summary = await runTorture(ws, config);
    console.log(formatSummary(summary));
    assertEquals(summary.kills, config.kills);
    for (const [op, kills] of Object.entries(summary.killsByOp)) {
      assert(kills >= Math.floor(config.kills / 8), `too few kills landed in ${op}: ${formatSummary(summary)}`);
    }
    assert(summary.killsByTrigger.time > 0 && summary.killsByTrigger.bytes > 0, "both kinds of kill landed");
  });
});
