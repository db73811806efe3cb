/**
 * Pure aggregation of benchmark records: medians and ranges over rounds, our ratio to restic per step, and the
 * PASS/MISS verdicts of the project's performance targets.
 * @module
 */

/** The tools the bench compares. */
export type ToolName = "ours" | "restic";

/** The measured steps, in the order they run. */
export type StepName = "B1" | "B2" | "B3" | "R" | "RC" | "C";

/** Every step, in run order. */
export const STEPS: readonly StepName[] = ["B1", "B2", "B3", "R", "RC", "C"];

/** Human labels for the steps. */
export const STEP_LABELS: Record<StepName, string> = {
  B1: "B1 full backup",
  B2: "B2 no change",
  B3: "B3 after mutate",
  R: "R full restore",
  RC: "RC recreate db",
  C: "C delete+compact",
};

/** One measured step of one tool in one round. */
export interface StepRecord {
  round: number;
  tool: ToolName;
  step: StepName;
  /** False when the command failed (see `failure`). Failed records are left out of every statistic. */
  ok: boolean;
  exitCode: number;
  wallS: number;
  /** User + system CPU seconds, including children. */
  cpuS: number;
  maxRssMiB: number;
  /** Bytes of the source tree the step read or restored (MB/s = sourceBytes / wallS / 10^6). */
  sourceBytes: number;
  /** `du -s -B1` of the repository after the step, or null when not measured. */
  repoBytes: number | null;
  /** What went wrong, with the stderr tail, when `ok` is false. */
  failure?: string;
}

/** Median and range of one quantity over the rounds. */
export interface Stat {
  median: number;
  min: number;
  max: number;
}

/** One table row: a tool's step aggregated over the successful rounds. */
export interface SummaryRow {
  tool: ToolName;
  step: StepName;
  /** Successful rounds aggregated. */
  rounds: number;
  /** Rounds whose command failed. */
  failed: number;
  wallS: Stat | null;
  cpuS: Stat | null;
  maxRssMiB: Stat | null;
  mbPerS: Stat | null;
  repoMiB: Stat | null;
  /** Ours only: our MB/s / restic MB/s (B2: our wall / restic wall); median of medians, range over rounds. */
  ratio: Stat | null;
}

/** A target verdict. "n/a" when it cannot be evaluated (restic skipped, or nothing measured). */
export interface TargetResult {
  name: string;
  value: string;
  goal: string;
  verdict: "PASS" | "MISS" | "n/a";
}

const MIB = 1024 * 1024;

/** Median (mean of the middle two for an even count), min and max; null for an empty list. */
export function stat(values: readonly number[]): Stat | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

/** Source megabytes (10^6) per wall second. */
export function mbPerSecond(record: Pick<StepRecord, "sourceBytes" | "wallS">): number {
  return record.wallS > 0 ? record.sourceBytes / record.wallS / 1e6 : 0;
}

/** True for the steps whose ratio compares wall time (lower is better) instead of throughput. */
export function isTimeRatio(step: StepName): boolean {
  return step === "B2" || step === "RC" || step === "C";
}

/** Aggregates the records into one row per tool and step (ours first), skipping pairs with no record at all. */
export function summarize(records: readonly StepRecord[]): SummaryRow[] {
  const rows: SummaryRow[] = [];
  for (const step of STEPS) {
    for (const tool of ["ours", "restic"] as const) {
      const all = records.filter((r) => r.tool === tool && r.step === step);
      if (all.length === 0) continue;
      const ok = all.filter((r) => r.ok);
      const repo = ok.flatMap((r) => r.repoBytes === null ? [] : [r.repoBytes / MIB]);
      rows.push({
        tool,
        step,
        rounds: ok.length,
        failed: all.length - ok.length,
        wallS: stat(ok.map((r) => r.wallS)),
        cpuS: stat(ok.map((r) => r.cpuS)),
        maxRssMiB: stat(ok.map((r) => r.maxRssMiB)),
        mbPerS: stat(ok.map(mbPerSecond)),
        repoMiB: stat(repo),
        ratio: tool === "ours" ? ratioStat(records, step) : null,
      });
    }
  }
  return rows;
}

/** Ratio of our median to restic's median for a step, with the range of the per-round ratios. */
function ratioStat(records: readonly StepRecord[], step: StepName): Stat | null {
  const pick = (tool: ToolName) => records.filter((r) => r.ok && r.tool === tool && r.step === step);
  const ours = pick("ours");
  const restic = pick("restic");
  const value = (r: StepRecord) => isTimeRatio(step) ? r.wallS : mbPerSecond(r);
  const oursMedian = stat(ours.map(value));
  const resticMedian = stat(restic.map(value));
  if (!oursMedian || !resticMedian || resticMedian.median === 0) return null;
  const perRound = ours.flatMap((o) => {
    const r = restic.find((x) => x.round === o.round);
    return r && value(r) > 0 ? [value(o) / value(r)] : [];
  });
  const range = stat(perRound);
  const median = oursMedian.median / resticMedian.median;
  return { median, min: range?.min ?? median, max: range?.max ?? median };
}

/** Thresholds of the project's performance targets. */
export const TARGETS = {
  fullBackupRatio: 0.8,
  noChangeTimeRatio: 1.5,
  restoreRatio: 0.8,
  peakRssMiB: 300,
  /** Recreating the database takes at most this share of our own full backup's time. */
  recreateShareOfBackup: 0.2,
} as const;

/**
 * Evaluates the targets: B1 throughput >= 0.8x restic, B2 wall <= 1.5x restic, R throughput >= 0.8x restic,
 * our database recreate <= 0.2x our own B1 wall, and our peak RSS over every step and round <= 300 MiB.
 * A step of ours that failed in any round is a MISS.
 */
export function evaluateTargets(rows: readonly SummaryRow[]): TargetResult[] {
  const ours = (step: StepName) => rows.find((r) => r.tool === "ours" && r.step === step);
  const ratioTarget = (step: StepName, name: string, limit: number, atMost: boolean): TargetResult => {
    const row = ours(step);
    const goal = `${atMost ? "<=" : ">="} ${limit.toFixed(2)}x restic`;
    if (row && row.failed > 0) return { name, value: `failed in ${row.failed} round(s)`, goal, verdict: "MISS" };
    if (!row?.ratio) return { name, value: "not measured", goal, verdict: "n/a" };
    const r = row.ratio.median;
    const pass = atMost ? r <= limit : r >= limit;
    return { name, value: `${r.toFixed(2)}x`, goal, verdict: pass ? "PASS" : "MISS" };
  };
  const results = [
    ratioTarget("B1", "full backup throughput", TARGETS.fullBackupRatio, false),
    ratioTarget("B2", "no-change backup time", TARGETS.noChangeTimeRatio, true),
    ratioTarget("R", "full restore throughput", TARGETS.restoreRatio, false),
    recreateTarget(ours("RC"), ours("B1")),
  ];
  const measured = STEPS.flatMap((step) => {
    const row = ours(step);
    return row?.maxRssMiB ? [{ step, rss: row.maxRssMiB.max }] : [];
  });
  const rssGoal = `<= ${TARGETS.peakRssMiB} MiB`;
  if (measured.length === 0) {
    results.push({ name: "our peak RSS", value: "not measured", goal: rssGoal, verdict: "n/a" });
  } else {
    const peak = measured.reduce((a, b) => (b.rss > a.rss ? b : a));
    results.push({
      name: "our peak RSS",
      value: `${peak.rss.toFixed(0)} MiB (${peak.step})`,
      goal: rssGoal,
      verdict: peak.rss <= TARGETS.peakRssMiB ? "PASS" : "MISS",
    });
  }
  return results;
}

function recreateTarget(recreate: SummaryRow | undefined, backup: SummaryRow | undefined): TargetResult {
  const name = "database recreate time";
  const goal = `<= ${TARGETS.recreateShareOfBackup.toFixed(2)}x our B1`;
  if (recreate && recreate.failed > 0) {
    return { name, value: `failed in ${recreate.failed} round(s)`, goal, verdict: "MISS" };
  }
  if (!recreate?.wallS || !backup?.wallS) return { name, value: "not measured", goal, verdict: "n/a" };
  const share = recreate.wallS.median / backup.wallS.median;
  return {
    name,
    value: `${recreate.wallS.median.toFixed(2)} s = ${share.toFixed(2)}x`,
    goal,
    verdict: share <= TARGETS.recreateShareOfBackup ? "PASS" : "MISS",
  };
}
