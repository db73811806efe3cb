/**
 * Which dblock volumes compact touches (pure):
 * - a volume whose blocks are all unused is deleted without being downloaded;
 * - a volume whose unused share exceeds the threshold is rewritten (its used blocks move to new volumes);
 * - when the unused share of all volumes together exceeds the threshold, every volume with unused data is rewritten;
 * - when there are more small volumes (below the small-file size) than the allowed count, they are merged.
 * A plan that would only rewrite one volume with nothing unused in it is empty: that would gain nothing.
 * @module
 */

/** One dblock as the planner sees it. Sizes of blocks are their plain sizes. */
export interface PlannedVolume {
  readonly id: number;
  readonly name: string;
  /** Bytes of the remote file. */
  readonly size: number;
  readonly totalBytes: number;
  readonly usedBytes: number;
  readonly usedBlocks: number;
}

export interface CompactThresholds {
  /** Percent 0..100. */
  readonly threshold: number;
  readonly smallFileSize: number;
  readonly smallFileMaxCount: number;
}

export interface CompactPlan {
  /** Volumes with nothing in use: delete. */
  readonly remove: readonly PlannedVolume[];
  /** Volumes to download and rewrite. */
  readonly rewrite: readonly PlannedVolume[];
  /** Plain bytes no version uses, over all volumes. */
  readonly wastedBytes: number;
  /** Why, in words, for the log. */
  readonly reasons: readonly string[];
}

/** Decides what compact does. */
export function planCompact(volumes: readonly PlannedVolume[], limits: CompactThresholds): CompactPlan {
  const remove = volumes.filter((v) => v.usedBlocks === 0);
  const live = volumes.filter((v) => v.usedBlocks > 0);
  const waste = (v: PlannedVolume) => v.totalBytes - v.usedBytes;
  const wastedBytes = volumes.reduce((n, v) => n + waste(v), 0);
  const totalBytes = volumes.reduce((n, v) => n + v.totalBytes, 0);
  const reasons: string[] = [];
  const rewrite = new Map<number, PlannedVolume>();
  if (remove.length > 0) reasons.push(`${remove.length} volume(s) hold no data in use`);
  const overThreshold = (part: number, whole: number) => whole > 0 && (part * 100) / whole > limits.threshold;
  const wasteful = live.filter((v) => waste(v) > 0 && overThreshold(waste(v), v.totalBytes));
  if (wasteful.length > 0) reasons.push(`${wasteful.length} volume(s) have more than ${limits.threshold}% unused data`);
  for (const v of wasteful) rewrite.set(v.id, v);
  if (overThreshold(wastedBytes, totalBytes)) {
    reasons.push(`more than ${limits.threshold}% of all stored data is unused`);
    for (const v of live) if (waste(v) > 0) rewrite.set(v.id, v);
  }
  const small = live.filter((v) => v.size < limits.smallFileSize);
  if (small.length > limits.smallFileMaxCount) {
    reasons.push(`${small.length} small volume(s), more than the allowed ${limits.smallFileMaxCount}`);
    for (const v of small) rewrite.set(v.id, v);
  }
  const chosen = [...rewrite.values()].sort((a, b) => a.id - b.id);
  const pointless = chosen.length === 1 && waste(chosen[0]!) === 0;
  // Without the rewrite only the reason for the removals (always the first, when there are any) still holds.
  const kept = pointless ? reasons.slice(0, remove.length > 0 ? 1 : 0) : reasons;
  return { remove, rewrite: pointless ? [] : chosen, wastedBytes, reasons: kept };
}
