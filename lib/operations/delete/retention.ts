/**
 * Which versions a deletion removes (pure): `--version`, `--keep-versions`, `--keep-time` and `--retention-policy`
 * select independently and the union goes, with Duplicati's rules:
 * - keep-versions N keeps the N newest full versions and everything newer than the oldest of them;
 * - keep-time removes versions older than now minus the span (calendar months and years);
 * - a retention policy `1W:1D,4W:1W,12M:1M` reads "within the last week keep one version per day, within the last
 *   four weeks one per week, within the last twelve months one per month"; versions older than the largest
 *   timeframe go unless that timeframe is `U` (unlimited). An interval of `0s` (or `U`) keeps every version in its
 *   timeframe. Inside a timeframe the oldest version is kept and each later one only when at least the interval
 *   has passed since the last kept full version. The newest version is never thinned by a policy;
 * - unless full removal is allowed, the newest version is spared when the selection would remove every version.
 * @module
 */
import type { RetentionRule } from "../../options/parse_retention_policy.ts";
import { addCalendarSpan } from "../../options/parse_timespan.ts";

/** One version as the selection sees it. */
export interface VersionInfo {
  readonly time: Date;
  readonly isFull: boolean;
}

export interface RetentionInput {
  readonly now: Date;
  /** Version indexes to delete (`--version`). */
  readonly versions?: readonly number[] | undefined;
  /** Keep this many full versions (`--keep-versions`; 0 or less is off). */
  readonly keepVersions?: number | undefined;
  /** Timespan text (`--keep-time`). */
  readonly keepTime?: string | undefined;
  readonly policy?: readonly RetentionRule[] | undefined;
  readonly allowFullRemoval: boolean;
}

export interface RetentionDecision {
  /** Version indexes to delete (0 = newest), ascending. */
  readonly remove: readonly number[];
  readonly warnings: readonly string[];
}

/** Decides which versions go. `versions` must be sorted newest first. */
export function selectForDeletion(versions: readonly VersionInfo[], input: RetentionInput): RetentionDecision {
  const remove = new Set<number>();
  const warnings: string[] = [];
  for (const v of input.versions ?? []) if (v >= 0 && v < versions.length) remove.add(v);
  if (input.keepVersions !== undefined && input.keepVersions > 0) {
    let full = 0;
    versions.forEach((version, index) => {
      if (full >= input.keepVersions!) remove.add(index);
      if (version.isFull) full++;
    });
  }
  if (input.keepTime !== undefined) {
    const limit = addCalendarSpan(input.now, input.keepTime, -1).getTime();
    versions.forEach((version, index) => {
      if (version.time.getTime() < limit) remove.add(index);
    });
  }
  if (input.policy && input.policy.length > 0) {
    for (const index of applyPolicy(versions, input.policy, input.now)) remove.add(index);
  }
  if (!input.allowFullRemoval && versions.length > 0 && remove.size === versions.length) {
    remove.delete(0);
    warnings.push("Kept the newest version: removing every version needs --allow-full-removal");
  }
  return { remove: [...remove].sort((a, b) => a - b), warnings };
}

function applyPolicy(versions: readonly VersionInfo[], policy: readonly RetentionRule[], now: Date): number[] {
  const withLimit = policy.map((rule) => ({
    rule,
    limit: rule.timeframe === undefined ? -Infinity : addCalendarSpan(now, rule.timeframe, -1).getTime(),
  })).sort((a, b) => b.limit - a.limit);
  // Index 0, the newest version, is always kept.
  let pending = versions.map((version, index) => ({ version, index })).slice(1);
  const remove: number[] = [];
  for (const { rule, limit } of withLimit) {
    const inFrame = pending.filter((p) => p.version.time.getTime() >= limit);
    pending = pending.filter((p) => p.version.time.getTime() < limit);
    let lastKept: number | undefined;
    for (const { version, index } of [...inFrame].sort((a, b) => a.version.time.getTime() - b.version.time.getTime())) {
      const time = version.time.getTime();
      if (lastKept === undefined || rule.interval === 0 || time - lastKept >= rule.interval) {
        if (version.isFull) lastKept = time;
      } else {
        remove.push(index);
      }
    }
  }
  return [...remove, ...pending.map((p) => p.index)];
}
