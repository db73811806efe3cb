import { evaluateTargets, mbPerSecond, stat, type StepRecord, summarize } from "../../bench/summary.ts";
import { assertEquals } from "../support/assert.ts";

function record(fields: Partial<StepRecord> & Pick<StepRecord, "tool" | "step" | "round" | "wallS">): StepRecord {
  return { ok: true, exitCode: 0, cpuS: 1, maxRssMiB: 100, sourceBytes: 1_000_000_000, repoBytes: null, ...fields };
}

/** Two rounds of both tools; ours is slower at B1 and R, faster at B2. */
const RECORDS: StepRecord[] = [
  record({ tool: "ours", step: "B1", round: 1, wallS: 10, maxRssMiB: 250, repoBytes: 700 * 1048576 }),
  record({ tool: "ours", step: "B1", round: 2, wallS: 12, maxRssMiB: 320 }),
  record({ tool: "restic", step: "B1", round: 1, wallS: 8 }),
  record({ tool: "restic", step: "B1", round: 2, wallS: 8 }),
  record({ tool: "ours", step: "B2", round: 1, wallS: 1 }),
  record({ tool: "ours", step: "B2", round: 2, wallS: 1 }),
  record({ tool: "restic", step: "B2", round: 1, wallS: 2 }),
  record({ tool: "restic", step: "B2", round: 2, wallS: 1 }),
  record({ tool: "ours", step: "R", round: 1, wallS: 5 }),
  record({ tool: "ours", step: "R", round: 2, wallS: 0, ok: false, exitCode: 3, failure: "exit code 3" }),
  record({ tool: "restic", step: "R", round: 1, wallS: 5 }),
  record({ tool: "restic", step: "R", round: 2, wallS: 5 }),
];

Deno.test("stat() returns median, min and max, averaging the middle pair", () => {
  assertEquals(stat([3, 1, 2]), { median: 2, min: 1, max: 3 });
  assertEquals(stat([4, 1, 2, 10]), { median: 3, min: 1, max: 10 });
  assertEquals(stat([]), null);
});

Deno.test("mbPerSecond() divides source bytes by wall seconds in 10^6 bytes", () => {
  assertEquals(mbPerSecond({ sourceBytes: 1_504_717_418, wallS: 7.92 }).toFixed(1), "190.0");
  assertEquals(mbPerSecond({ sourceBytes: 5, wallS: 0 }), 0);
});

Deno.test("summarize() aggregates rounds and computes throughput and wall ratios against restic", () => {
  const rows = summarize(RECORDS);
  assertEquals(rows.map((r) => `${r.step}/${r.tool}`), [
    "B1/ours",
    "B1/restic",
    "B2/ours",
    "B2/restic",
    "R/ours",
    "R/restic",
  ]);
  const b1 = rows[0]!;
  assertEquals(b1.wallS, { median: 11, min: 10, max: 12 });
  assertEquals(b1.repoMiB, { median: 700, min: 700, max: 700 });
  // MB/s: ours 100 and 83.3, median 91.67; restic 125 -> 0.733x; per round 0.8x and 0.667x.
  assertEquals(b1.ratio!.median.toFixed(3), "0.733");
  assertEquals([b1.ratio!.min.toFixed(3), b1.ratio!.max.toFixed(3)], ["0.667", "0.800"]);
  // B2 compares wall: ours 1 s, restic median 1.5 s -> 0.667x; per round 0.5x and 1x.
  const b2 = rows[2]!;
  assertEquals(b2.ratio!.median.toFixed(3), "0.667");
  assertEquals([b2.ratio!.min, b2.ratio!.max], [0.5, 1]);
  const r = rows[4]!;
  assertEquals([r.rounds, r.failed, r.ratio!.median], [1, 1, 1]);
  assertEquals(rows[1]!.ratio, null);
});

Deno.test("evaluateTargets() gives PASS, MISS and n/a per target", () => {
  const targets = evaluateTargets(summarize(RECORDS));
  assertEquals(targets.map((t) => [t.name, t.value, t.verdict]), [
    ["full backup throughput", "0.73x", "MISS"],
    ["no-change backup time", "0.67x", "PASS"],
    ["full restore throughput", "failed in 1 round(s)", "MISS"],
    ["database recreate time", "not measured", "n/a"],
    ["our peak RSS", "320 MiB (B1)", "MISS"],
  ]);
  const resticOnly = evaluateTargets(summarize(RECORDS.filter((r) => r.tool === "restic")));
  assertEquals(resticOnly.map((t) => t.verdict), ["n/a", "n/a", "n/a", "n/a", "n/a"]);
  const fast = RECORDS.filter((r) => r.ok).map((r) =>
    r.tool === "ours" ? { ...r, wallS: r.wallS / 2, maxRssMiB: 90 } : r
  );
  assertEquals(evaluateTargets(summarize(fast)).map((t) => t.verdict), ["PASS", "PASS", "PASS", "n/a", "PASS"]);
});

Deno.test("evaluateTargets() compares the recreate time with our own full backup's", () => {
  const b1 = RECORDS.filter((r) => r.tool === "ours" && r.step === "B1" && r.ok);
  const median = [...b1.map((r) => r.wallS)].sort((a, b) => a - b)[Math.floor(b1.length / 2)]!;
  const withRecreate = (seconds: number) =>
    evaluateTargets(summarize([...RECORDS, ...b1.map((r) => ({ ...r, step: "RC" as const, wallS: seconds }))]))
      .find((t) => t.name === "database recreate time")!;
  assertEquals(withRecreate(median * 0.1).verdict, "PASS");
  assertEquals(withRecreate(median * 0.3).verdict, "MISS");
  assertEquals(withRecreate(median * 0.1).goal, "<= 0.20x our B1");
});
