import { parseElapsed, parseTimeOutput, runMeasured } from "../../bench/measure.ts";
import { formatStat, formatSummaryTable, formatTable, formatTargetTable } from "../../bench/table.ts";
import type { SummaryRow } from "../../bench/summary.ts";
import { assertEquals, assertThrows } from "../support/assert.ts";

/** A real `/usr/bin/time -v` report (GNU time 1.9) of a command that exited with status 3. */
const FAILED_REPORT = `Command exited with non-zero status 3
\tCommand being timed: "restic backup --host bench /tmp/dup-bench/src"
\tUser time (seconds): 11.09
\tSystem time (seconds): 2.25
\tPercent of CPU this job got: 168%
\tElapsed (wall clock) time (h:mm:ss or m:ss): 0:07.92
\tAverage shared text size (kbytes): 0
\tAverage unshared data size (kbytes): 0
\tAverage stack size (kbytes): 0
\tAverage total size (kbytes): 0
\tMaximum resident set size (kbytes): 145360
\tAverage resident set size (kbytes): 0
\tMajor (requiring I/O) page faults: 0
\tMinor (reclaiming a frame) page faults: 84
\tVoluntary context switches: 1
\tInvoluntary context switches: 0
\tSwaps: 0
\tFile system inputs: 0
\tFile system outputs: 0
\tSocket messages sent: 0
\tSocket messages received: 0
\tSignals delivered: 0
\tPage size (bytes): 4096
\tExit status: 3
`;

Deno.test("parseTimeOutput() reads wall, user, sys, peak RSS and exit status", () => {
  assertEquals(parseTimeOutput(FAILED_REPORT), {
    wallS: 7.92,
    userS: 11.09,
    sysS: 2.25,
    maxRssKiB: 145360,
    exitStatus: 3,
    signal: null,
  });
});

Deno.test("parseTimeOutput() reports the signal of a killed command and h:mm:ss elapsed times", () => {
  const report = FAILED_REPORT
    .replace("Command exited with non-zero status 3", "Command terminated by signal 9")
    .replace("0:07.92", "1:02:03")
    .replace("Exit status: 3", "Exit status: 0");
  const sample = parseTimeOutput(report);
  assertEquals(sample.signal, 9);
  assertEquals(sample.exitStatus, 0);
  assertEquals(sample.wallS, 3723);
});

Deno.test("parseTimeOutput() is not fooled by a command line that contains field names", () => {
  const report = FAILED_REPORT.replace(
    '"restic backup --host bench /tmp/dup-bench/src"',
    '"sh -c echo User time (seconds): 99.00"',
  );
  assertEquals(parseTimeOutput(report).userS, 11.09);
});

Deno.test("parseTimeOutput() rejects a report without a required field", () => {
  const report = FAILED_REPORT.replace(/\tMaximum resident set size.*\n/, "");
  assertThrows(() => parseTimeOutput(report), SyntaxError, '"Maximum resident set size (kbytes)"');
  assertThrows(() => parseTimeOutput(""), SyntaxError, "missing");
});

Deno.test("parseElapsed() converts m:ss.ss and h:mm:ss and rejects other shapes", () => {
  assertEquals(parseElapsed("0:00.45"), 0.45);
  assertEquals(parseElapsed("2:05.50"), 125.5);
  assertEquals(parseElapsed("1:00:01"), 3601);
  assertThrows(() => parseElapsed("12.5"), SyntaxError, 'Cannot parse elapsed time "12.5"');
  assertThrows(() => parseElapsed("0:x1"), SyntaxError, "not a number");
});

Deno.test({
  name: "runMeasured() runs a command under /usr/bin/time with its output in files",
  ignore: !(() => {
    try {
      return Deno.statSync("/usr/bin/time").isFile;
    } catch {
      return false;
    }
  })(),
  async fn() {
    const dir = Deno.makeTempDirSync();
    try {
      const m = await runMeasured(["sh", "-c", 'echo "out $BENCH_X"; echo err >&2; exit 3'], {
        timeFile: `${dir}/t`,
        stdoutFile: `${dir}/o`,
        stderrFile: `${dir}/e`,
        env: { BENCH_X: "42" },
        timeoutS: 60,
      });
      assertEquals([m.exitCode, m.exitStatus, m.timedOut], [3, 3, false]);
      assertEquals(Deno.readTextFileSync(`${dir}/o`), "out 42\n");
      assertEquals(Deno.readTextFileSync(`${dir}/e`), "err\n");
      const slow = await runMeasured(["sleep", "5"], {
        timeFile: `${dir}/t2`,
        stdoutFile: `${dir}/o2`,
        stderrFile: `${dir}/e2`,
        timeoutS: 1,
      });
      assertEquals([slow.exitCode, slow.timedOut], [124, true]);
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  },
});

Deno.test("formatTable() pads cells and marks right-aligned columns", () => {
  const text = formatTable({
    header: ["step", "MB/s"],
    align: ["l", "r"],
    rows: [["B1 full backup", "190"], ["R", "7"]],
  });
  assertEquals(
    text,
    [
      "| step           | MB/s |",
      "| -------------- | ---: |",
      "| B1 full backup |  190 |",
      "| R              |    7 |",
    ].join("\n"),
  );
});

Deno.test("formatStat() shows the range only when it differs after rounding", () => {
  assertEquals(formatStat({ median: 7.924, min: 7.5, max: 9.24 }, { digits: 2, range: true }), "7.92 (7.50-9.24)");
  assertEquals(formatStat({ median: 7.924, min: 7.5, max: 9.24 }, { digits: 2, range: false }), "7.92");
  assertEquals(formatStat({ median: 101.2, min: 100.9, max: 101.4 }, { digits: 0, range: true }), "101");
  assertEquals(
    formatStat({ median: 0.851, min: 0.8, max: 0.9 }, { digits: 2, range: true, suffix: "x" }),
    "0.85x (0.80-0.90)",
  );
  assertEquals(formatStat(null, { digits: 2, range: true }), "-");
});

Deno.test("formatSummaryTable() prints one row per tool and step with our ratio on our row", () => {
  const one = (v: number) => ({ median: v, min: v, max: v });
  const rows: SummaryRow[] = [
    {
      tool: "ours",
      step: "B2",
      rounds: 1,
      failed: 0,
      wallS: one(1.2),
      cpuS: one(1.1),
      maxRssMiB: one(95.6),
      mbPerS: one(1253.9),
      repoMiB: one(700.04),
      ratio: one(0.75),
    },
    {
      tool: "restic",
      step: "B2",
      rounds: 1,
      failed: 1,
      wallS: one(1.6),
      cpuS: one(1.73),
      maxRssMiB: one(73),
      mbPerS: one(940.4),
      repoMiB: null,
      ratio: null,
    },
  ];
  assertEquals(
    formatSummaryTable(rows, { range: false }),
    [
      "| step         | tool              | wall s | CPU s | peak RSS MiB | MB/s | repo MiB | ours/restic |",
      "| ------------ | ----------------- | -----: | ----: | -----------: | ---: | -------: | ----------: |",
      "| B2 no change | ours              |   1.20 |  1.10 |           96 | 1254 |    700.0 |       0.75x |",
      "| B2 no change | restic (1 failed) |   1.60 |  1.73 |           73 |  940 |        - |             |",
    ].join("\n"),
  );
});

Deno.test("formatTargetTable() lists value, goal and verdict", () => {
  const text = formatTargetTable([
    { name: "full backup throughput", value: "0.85x", goal: ">= 0.80x restic", verdict: "PASS" },
    { name: "our peak RSS", value: "412 MiB (B1)", goal: "<= 300 MiB", verdict: "MISS" },
  ]);
  assertEquals(
    text.split("\n").slice(2),
    [
      "| full backup throughput |        0.85x | >= 0.80x restic | PASS   |",
      "| our peak RSS           | 412 MiB (B1) | <= 300 MiB      | MISS   |",
    ],
  );
});
