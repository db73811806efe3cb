import { formatReport } from "../../bench/report.ts";
import { evaluateTargets, type StepRecord, summarize } from "../../bench/summary.ts";
import { assertEquals, assertStringIncludes } from "../support/assert.ts";

const RECORDS: StepRecord[] = [
  {
    round: 1,
    tool: "ours",
    step: "B1",
    ok: false,
    exitCode: 3,
    wallS: 1,
    cpuS: 1,
    maxRssMiB: 50,
    sourceBytes: 10,
    repoBytes: null,
    failure: "exit code 3; log /tmp/x.err\nCannot open volume",
  },
  {
    round: 1,
    tool: "restic",
    step: "B1",
    ok: true,
    exitCode: 0,
    wallS: 2,
    cpuS: 3,
    maxRssMiB: 100,
    sourceBytes: 200_000_000,
    repoBytes: 1048576,
  },
];

Deno.test("formatReport() shows the table, startup, restore checks, failures and targets", () => {
  const rows = summarize(RECORDS);
  const text = formatReport({
    scale: 0.05,
    rounds: 1,
    extraArgs: ["--zip-compression-method=ZStandard"],
    dataset: "files=1 bytes=10 fingerprint=ab",
    tools: ["ours", "restic"],
    rows,
    targets: evaluateTargets(rows),
    records: RECORDS,
    restores: [
      { round: 1, tool: "restic", expected: "fp1", got: "fp1", root: "/r", match: true, note: null },
      { round: 1, tool: "ours", expected: "fp1", got: "fp2", root: "/o", match: false, note: 'compared "/o"' },
    ],
    startup: [{ round: 1, ok: true, wallS: 0.084, cpuS: 0.07, maxRssMiB: 61.6 }],
  });
  assertStringIncludes(text, "## Results (scale 0.05, our extra args: --zip-compression-method=ZStandard)");
  assertStringIncludes(text, "| B1 full backup | restic          |   2.00 |  3.00 |          100 |  100 |      1.0 |");
  assertStringIncludes(text, "startup (deno run main.ts version): 0.08 s wall, 0.07 s CPU, 62 MiB RSS");
  assertStringIncludes(text, "  round 1 restic MATCH\n");
  assertStringIncludes(text, '  round 1 ours   MISMATCH want fp1, got fp2 (compared "/o")');
  assertStringIncludes(text, "FAILED: round 1 ours B1: exit code 3; log /tmp/x.err\nCannot open volume");
  assertEquals(text.includes("restic was not run"), false);
  assertStringIncludes(text, "| full backup throughput  | failed in 1 round(s) | >= 0.80x restic | MISS   |");
});
