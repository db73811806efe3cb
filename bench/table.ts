/**
 * Text formatting of benchmark results as aligned Markdown tables (readable in a terminal, pastable into docs).
 * @module
 */

import { type Stat, STEP_LABELS, type SummaryRow, type TargetResult } from "./summary.ts";

/** Column alignment: "l" pads on the right, "r" on the left. */
export type Align = "l" | "r";

/** Header, per-column alignment and body of a table. */
export interface TableSpec {
  header: readonly string[];
  align: readonly Align[];
  rows: readonly (readonly string[])[];
}

/** Renders an aligned Markdown table; every row must have as many cells as the header. */
export function formatTable(spec: TableSpec): string {
  const width = spec.header.map((h, i) => Math.max(h.length, ...spec.rows.map((row) => (row[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    "| " + cells.map((cell, i) => pad(cell, width[i]!, spec.align[i] ?? "l")).join(" | ") + " |";
  const rule = "| " + width.map((w, i) => spec.align[i] === "r" ? "-".repeat(w - 1) + ":" : "-".repeat(w)).join(
    " | ",
  ) + " |";
  return [line(spec.header), rule, ...spec.rows.map(line)].join("\n");
}

function pad(text: string, width: number, align: Align): string {
  return align === "r" ? text.padStart(width) : text.padEnd(width);
}

/**
 * Formats a statistic as "median" or, when `range` is set and min and max differ once rounded, "median (min-max)".
 * `suffix` goes after the median only: "0.85x (0.80-0.90)".
 */
export function formatStat(value: Stat | null, options: { digits: number; range: boolean; suffix?: string }): string {
  if (!value) return "-";
  const fmt = (n: number) => n.toFixed(options.digits);
  const median = fmt(value.median) + (options.suffix ?? "");
  if (!options.range || fmt(value.min) === fmt(value.max)) return median;
  return `${median} (${fmt(value.min)}-${fmt(value.max)})`;
}

/**
 * The per-step table: one row per tool and step with wall s, CPU s, peak RSS MiB, MB/s, repo MiB and our ratio
 * to restic (our MB/s / restic MB/s; for B2 our wall / restic wall). With `range`, cells show "median (min-max)"
 * over the rounds; the ratio's range is that of the per-round ratios.
 */
export function formatSummaryTable(rows: readonly SummaryRow[], options: { range: boolean }): string {
  const range = options.range;
  const body = rows.map((row) => {
    const failed = row.failed > 0 ? ` (${row.failed} failed)` : "";
    return [
      STEP_LABELS[row.step],
      row.tool + failed,
      formatStat(row.wallS, { digits: 2, range }),
      formatStat(row.cpuS, { digits: 2, range }),
      formatStat(row.maxRssMiB, { digits: 0, range }),
      formatStat(row.mbPerS, { digits: 0, range }),
      formatStat(row.repoMiB, { digits: 1, range }),
      row.tool === "ours" ? formatStat(row.ratio, { digits: 2, range, suffix: "x" }) : "",
    ];
  });
  return formatTable({
    header: ["step", "tool", "wall s", "CPU s", "peak RSS MiB", "MB/s", "repo MiB", "ours/restic"],
    align: ["l", "l", "r", "r", "r", "r", "r", "r"],
    rows: body,
  });
}

/** The targets table: target, measured value, goal and PASS/MISS/n/a. */
export function formatTargetTable(targets: readonly TargetResult[]): string {
  return formatTable({
    header: ["target", "value", "goal", "result"],
    align: ["l", "r", "l", "l"],
    rows: targets.map((t) => [t.name, t.value, t.goal, t.verdict]),
  });
}
