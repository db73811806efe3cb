/**
 * The final text report of `deno task bench`: the per-step table, startup cost, restore checks, failures and the
 * targets table. Pure: it returns the text.
 * @module
 */

import type { RestoreCheck, StartupRecord } from "./run_round.ts";
import { stat, type StepRecord, type SummaryRow, type TargetResult, type ToolName } from "./summary.ts";
import { formatStat, formatSummaryTable, formatTargetTable } from "./table.ts";

/** Everything the report shows. */
export interface BenchReport {
  scale: number;
  rounds: number;
  extraArgs: readonly string[];
  /** fingerprint.sh line of the pristine dataset. */
  dataset: string;
  tools: readonly ToolName[];
  rows: readonly SummaryRow[];
  targets: readonly TargetResult[];
  records: readonly StepRecord[];
  restores: readonly RestoreCheck[];
  startup: readonly StartupRecord[];
}

/** Renders the report (Markdown headings and tables). */
export function formatReport(report: BenchReport): string {
  const range = report.rounds > 1;
  const out: string[] = [];
  const rounds = range ? `, ${report.rounds} rounds: median (min-max)` : "";
  const extra = report.extraArgs.length > 0 ? `, our extra args: ${report.extraArgs.join(" ")}` : "";
  out.push(`## Results (scale ${report.scale}${rounds}${extra})`, "");
  out.push(`dataset: ${report.dataset}`);
  out.push("MB/s = source bytes / wall (MB = 10^6); repo MiB = du of the repository after the step;");
  out.push(
    "ours/restic = our MB/s / restic MB/s; for B2 (no change), RC and C: our wall / restic wall (lower is better).",
    "",
  );
  out.push(formatSummaryTable(report.rows, { range }));
  if (report.startup.length > 0) out.push("", formatStartup(report.startup, range));
  if (report.restores.length > 0) {
    out.push("", "restore check (fingerprint.sh of the source after mutate):");
    for (const r of report.restores) {
      const detail = r.match ? "" : ` want ${r.expected}, got ${r.got ?? "nothing"}`;
      out.push(
        `  round ${r.round} ${r.tool.padEnd(6)} ${r.match ? "MATCH" : "MISMATCH"}${detail}` +
          (r.note ? ` (${r.note})` : ""),
      );
    }
  }
  for (const r of report.records.filter((r) => !r.ok)) {
    out.push("", `FAILED: round ${r.round} ${r.tool} ${r.step}: ${r.failure ?? ""}`);
  }
  if (!report.tools.includes("restic")) out.push("", "restic was not run: the ratio targets are n/a.");
  if (!report.tools.includes("ours")) out.push("", "our CLI was not run: the targets are n/a.");
  out.push("", "## Targets", "", formatTargetTable(report.targets));
  return out.join("\n");
}

function formatStartup(startup: readonly StartupRecord[], range: boolean): string {
  const ok = startup.filter((s) => s.ok);
  const failed = startup.length - ok.length;
  const wall = formatStat(stat(ok.map((s) => s.wallS)), { digits: 2, range });
  const cpu = formatStat(stat(ok.map((s) => s.cpuS)), { digits: 2, range });
  const rss = formatStat(stat(ok.map((s) => s.maxRssMiB)), { digits: 0, range });
  const failure = failed > 0 ? `; FAILED in ${failed} round(s), see logs/r*-ours-version.err` : "";
  return `startup (deno run main.ts version): ${wall} s wall, ${cpu} s CPU, ${rss} MiB RSS${failure}`;
}
