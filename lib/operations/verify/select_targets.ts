/**
 * Which volumes a `test` run downloads. A sample is one dlist, one dindex and one dblock; within each type the
 * least recently verified volume comes first (never-verified ones before all others, then by age of their last
 * successful test, then oldest volume first), so repeated runs roll over the whole backup.
 * @module
 */
import type { VolumeRow } from "../../database/remote_volumes.ts";
import type { VolumeType } from "../../volumes/remote_name.ts";
import type { VerificationStrategy } from "./test_result.ts";

/** How many volumes to pick. */
export interface SampleRule {
  /** Sample sets; "all" picks every volume. */
  readonly samples: number | "all";
  /**
   * Optional percentage (0-100) of the volumes of the most numerous type; the larger of this and `samples` applies
   * (Duplicati's `--backup-test-percentage`, rounded half away from zero).
   */
  readonly percentage?: number;
  readonly strategy: VerificationStrategy;
}

const TYPE_ORDER: readonly VolumeType[] = ["dlist", "dindex", "dblock"];

/** Number of volumes of each type to pick: `samples`, or the percentage rule when larger. */
export function sampleCount(candidates: readonly VolumeRow[], rule: Omit<SampleRule, "strategy">): number {
  if (rule.samples === "all") return Number.POSITIVE_INFINITY;
  if (rule.percentage === undefined || rule.percentage <= 0) return rule.samples;
  const perType = TYPE_ORDER.map((type) => candidates.filter((v) => v.type === type).length);
  return Math.max(rule.samples, Math.round(Math.max(...perType) * rule.percentage / 100));
}

/** Picks the volumes to examine from `candidates` (volumes the listing found in order), in examination order. */
export function selectTargets(candidates: readonly VolumeRow[], rule: SampleRule): VolumeRow[] {
  const types: readonly VolumeType[] = rule.strategy === "IndexesOnly" ? ["dindex"] : TYPE_ORDER;
  const count = rule.strategy === "IndexesOnly" ? Number.POSITIVE_INFINITY : sampleCount(candidates, rule);
  const out: VolumeRow[] = [];
  for (const type of types) {
    const ofType = candidates
      .filter((v) => v.type === type)
      .sort((a, b) => a.verifiedAt - b.verifiedAt || a.id - b.id);
    out.push(...ofType.slice(0, Math.min(count, ofType.length)));
  }
  return out;
}
