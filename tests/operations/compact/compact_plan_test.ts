/**
 * planCompact(): unused volumes removed without download, the per-volume and the overall threshold, small-volume
 * merging only above the allowed count, and the empty plan for a lone volume with nothing to gain.
 * @module
 */
import {
  type CompactThresholds,
  planCompact,
  type PlannedVolume,
} from "../../../lib/operations/compact/compact_plan.ts";
import { assertEquals } from "../../support/assert.ts";

const KB = 1024;
/** Large enough that no test volume counts as small unless a test says so. */
const LIMITS: CompactThresholds = { threshold: 25, smallFileSize: 10 * KB, smallFileMaxCount: 20 };

/** A volume of `total` plain bytes of which `used` are in use; the remote file is as big as its plain data. */
function vol(
  id: number,
  total: number,
  used: number,
  options: { size?: number; usedBlocks?: number } = {},
): PlannedVolume {
  return {
    id,
    name: `v${id}`,
    size: options.size ?? total,
    totalBytes: total,
    usedBytes: used,
    usedBlocks: options.usedBlocks ?? (used === 0 ? 0 : Math.max(1, Math.round(used / KB))),
  };
}

const ids = (volumes: readonly PlannedVolume[]) => volumes.map((v) => v.id);

Deno.test("planCompact() of no volumes, or of volumes without waste, is empty", () => {
  assertEquals(planCompact([], LIMITS), { remove: [], rewrite: [], wastedBytes: 0, reasons: [] });
  const full = [vol(1, 100 * KB, 100 * KB), vol(2, 100 * KB, 100 * KB), vol(3, 50 * KB, 50 * KB)];
  assertEquals(planCompact(full, LIMITS), { remove: [], rewrite: [], wastedBytes: 0, reasons: [] });
  assertEquals(planCompact(full, { ...LIMITS, threshold: 0 }).rewrite, []);
});

Deno.test("planCompact() removes volumes with no used block and rewrites nothing else when under the thresholds", () => {
  const volumes = [
    vol(1, 100 * KB, 100 * KB),
    vol(2, 20 * KB, 0),
    vol(3, 100 * KB, 95 * KB),
    vol(4, 0, 0),
    vol(5, 100 * KB, 100 * KB),
  ];
  const plan = planCompact(volumes, LIMITS);
  // Volume 4 holds no block rows at all (nothing describes its content): also nothing in use.
  assertEquals(ids(plan.remove), [2, 4]);
  // Volume 3 is 5% unused, all of them together 25/320 = 7.8%.
  assertEquals(ids(plan.rewrite), []);
  assertEquals(plan.wastedBytes, 25 * KB);
  assertEquals(plan.reasons, ["2 volume(s) hold no data in use"]);
  // The plan hands back the volumes themselves (name and remote size for the deletion).
  assertEquals(plan.remove[0], volumes[1]);
});

Deno.test("planCompact() rewrites each volume whose own unused share is above the threshold", () => {
  const volumes = [
    vol(1, 100 * KB, 74 * KB), // 26% unused
    vol(2, 100 * KB, 75 * KB), // exactly 25%: not above
    vol(3, 100 * KB, 90 * KB),
    vol(4, 100 * KB, 100 * KB),
    vol(5, 100 * KB, 100 * KB),
    vol(6, 100 * KB, 100 * KB),
  ];
  const plan = planCompact(volumes, LIMITS);
  assertEquals(ids(plan.remove), []);
  assertEquals(ids(plan.rewrite), [1]);
  assertEquals(plan.wastedBytes, 61 * KB);
  assertEquals(plan.reasons, ["1 volume(s) have more than 25% unused data"]);
  // A lower threshold takes in the others with waste; threshold 0 means any waste at all.
  assertEquals(ids(planCompact(volumes, { ...LIMITS, threshold: 20 }).rewrite), [1, 2]);
  assertEquals(ids(planCompact(volumes, { ...LIMITS, threshold: 0 }).rewrite), [1, 2, 3]);
  assertEquals(ids(planCompact(volumes, { ...LIMITS, threshold: 100 }).rewrite), []);
});

Deno.test("planCompact() rewrites every volume with waste when the overall unused share is above the threshold", () => {
  // 20% unused each: no volume is over 25% by itself, but together 20% + the unused volume are.
  const volumes = [
    vol(1, 100 * KB, 80 * KB),
    vol(2, 100 * KB, 80 * KB),
    vol(3, 100 * KB, 100 * KB),
    vol(4, 50 * KB, 0),
  ];
  const plan = planCompact(volumes, LIMITS);
  assertEquals(ids(plan.remove), [4]);
  assertEquals(ids(plan.rewrite), [1, 2]);
  assertEquals(plan.wastedBytes, 90 * KB);
  assertEquals(plan.reasons, ["1 volume(s) hold no data in use", "more than 25% of all stored data is unused"]);
  // Without the unused volume the overall share is 40/300 = 13%: nothing to rewrite.
  const under = planCompact(volumes.slice(0, 3), LIMITS);
  assertEquals([ids(under.remove), ids(under.rewrite), under.reasons], [[], [], []]);
  // With threshold 10 the same three volumes are over it both one by one and together.
  const low = planCompact(volumes.slice(0, 3), { ...LIMITS, threshold: 10 });
  assertEquals(ids(low.rewrite), [1, 2]);
  assertEquals(low.reasons, [
    "2 volume(s) have more than 10% unused data",
    "more than 10% of all stored data is unused",
  ]);
});

Deno.test("planCompact() counts the overall share over the volumes' plain bytes, not their remote sizes", () => {
  // Remote files compress to a tenth: the decision must not change.
  const volumes = [
    vol(1, 100 * KB, 80 * KB, { size: 10 * KB + 1 }),
    vol(2, 100 * KB, 70 * KB, { size: 10 * KB + 1 }),
    vol(3, 100 * KB, 100 * KB, { size: 10 * KB + 1 }),
  ];
  // Overall 50/300 = 16.7%: only volume 2 (30%) is over 25%.
  assertEquals(ids(planCompact(volumes, LIMITS).rewrite), [2]);
  // At 15% the overall share is over too, which takes in volume 1 (20%) as well.
  assertEquals(ids(planCompact(volumes, { ...LIMITS, threshold: 15 }).rewrite), [1, 2]);
});

Deno.test("planCompact() merges small volumes only when there are more than the allowed count", () => {
  const small = [vol(1, 3 * KB, 3 * KB), vol(2, 4 * KB, 4 * KB), vol(3, 5 * KB, 5 * KB)];
  const big = [vol(4, 100 * KB, 100 * KB), vol(5, 100 * KB, 100 * KB)];
  const volumes = [...big, ...small];
  assertEquals(ids(planCompact(volumes, { ...LIMITS, smallFileMaxCount: 3 }).rewrite), []);
  const plan = planCompact(volumes, { ...LIMITS, smallFileMaxCount: 2 });
  assertEquals(ids(plan.rewrite), [1, 2, 3]);
  assertEquals(ids(plan.remove), []);
  assertEquals(plan.reasons, ["3 small volume(s), more than the allowed 2"]);
  // "Small" compares the remote size with the small-file size: a volume exactly that size is not small.
  assertEquals(ids(planCompact(volumes, { ...LIMITS, smallFileSize: 5 * KB, smallFileMaxCount: 0 }).rewrite), [1, 2]);
  assertEquals(ids(planCompact(volumes, { ...LIMITS, smallFileSize: 5 * KB + 1, smallFileMaxCount: 2 }).rewrite), [
    1,
    2,
    3,
  ]);
  // A small remote file counts even when its plain data is large (it compressed well).
  const packed = [vol(6, 100 * KB, 100 * KB, { size: 2 * KB }), vol(7, 100 * KB, 100 * KB, { size: 2 * KB })];
  assertEquals(ids(planCompact(packed, { ...LIMITS, smallFileMaxCount: 1 }).rewrite), [6, 7]);
});

Deno.test("planCompact() does not count unused volumes as small ones to merge", () => {
  const volumes = [vol(1, 3 * KB, 0), vol(2, 3 * KB, 0), vol(3, 3 * KB, 3 * KB), vol(4, 100 * KB, 100 * KB)];
  const plan = planCompact(volumes, { ...LIMITS, threshold: 100, smallFileMaxCount: 1 });
  assertEquals(ids(plan.remove), [1, 2]);
  assertEquals(ids(plan.rewrite), []);
  assertEquals(plan.reasons, ["2 volume(s) hold no data in use"]);
});

Deno.test("planCompact() combines the reasons and rewrites each chosen volume once, by id", () => {
  const volumes = [
    vol(7, 4 * KB, 1 * KB), // small and wasteful
    vol(3, 5 * KB, 5 * KB), // small
    vol(5, 100 * KB, 50 * KB), // wasteful
    vol(9, 100 * KB, 100 * KB),
    vol(1, 100 * KB, 0), // unused
  ];
  const plan = planCompact(volumes, { threshold: 25, smallFileSize: 10 * KB, smallFileMaxCount: 1 });
  assertEquals(ids(plan.remove), [1]);
  assertEquals(ids(plan.rewrite), [3, 5, 7]);
  assertEquals(plan.wastedBytes, 153 * KB);
  assertEquals(plan.reasons, [
    "1 volume(s) hold no data in use",
    "2 volume(s) have more than 25% unused data",
    "more than 25% of all stored data is unused",
    "2 small volume(s), more than the allowed 1",
  ]);
});

Deno.test("planCompact() skips rewriting a single volume with no waste (nothing to gain)", () => {
  const lone = [vol(1, 3 * KB, 3 * KB), vol(2, 100 * KB, 100 * KB)];
  const plan = planCompact(lone, { ...LIMITS, smallFileMaxCount: 0 });
  assertEquals(plan, { remove: [], rewrite: [], wastedBytes: 0, reasons: [] });
  // The removals still happen, with their reason only.
  const withUnused = planCompact([...lone, vol(3, 100 * KB, 0)], { ...LIMITS, threshold: 100, smallFileMaxCount: 0 });
  assertEquals(ids(withUnused.remove), [3]);
  assertEquals(ids(withUnused.rewrite), []);
  assertEquals(withUnused.reasons, ["1 volume(s) hold no data in use"]);
  // A single small volume with waste is worth rewriting.
  const wasteful = planCompact([vol(1, 3 * KB, 2 * KB), vol(2, 100 * KB, 100 * KB)], {
    threshold: 100,
    smallFileSize: 10 * KB,
    smallFileMaxCount: 0,
  });
  assertEquals(ids(wasteful.rewrite), [1]);
  assertEquals(wasteful.reasons, ["1 small volume(s), more than the allowed 0"]);
  // Two small volumes without waste are merged into one.
  const two = planCompact([vol(1, 3 * KB, 3 * KB), vol(2, 3 * KB, 3 * KB)], { ...LIMITS, smallFileMaxCount: 1 });
  assertEquals(ids(two.rewrite), [1, 2]);
});
