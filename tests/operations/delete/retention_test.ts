/**
 * selectForDeletion(): --version lists, --keep-versions with partial versions, --keep-time on the calendar,
 * retention policies (the oldest version of a timeframe kept first, the newest never thinned), and the guard
 * against removing the last version.
 * @module
 */
import { type RetentionInput, selectForDeletion, type VersionInfo } from "../../../lib/operations/delete/retention.ts";
import { parseRetentionPolicy } from "../../../lib/options/parse_retention_policy.ts";
import { assertEquals } from "../../support/assert.ts";

const GUARD = "Kept the newest version: removing every version needs --allow-full-removal";

/** A local wall-clock time (the calendar rules work in local time). */
function at(year: number, month: number, day: number, hour = 12, minute = 0): Date {
  return new Date(year, month - 1, day, hour, minute);
}

function full(time: Date): VersionInfo {
  return { time, isFull: true };
}

function partial(time: Date): VersionInfo {
  return { time, isFull: false };
}

/** Versions newest first, `count` of them, one hour apart, ending `now` minus one hour. */
function hourly(now: Date, count: number): VersionInfo[] {
  return Array.from({ length: count }, (_, i) => full(new Date(now.getTime() - (i + 1) * 3_600_000)));
}

function select(
  versions: readonly VersionInfo[],
  input: Partial<RetentionInput> & { now: Date },
): { remove: readonly number[]; warnings: readonly string[] } {
  return selectForDeletion(versions, { allowFullRemoval: false, ...input });
}

const NOW = at(2024, 6, 15, 12);

Deno.test("selectForDeletion() with nothing selected removes nothing and warns nothing", () => {
  assertEquals(select(hourly(NOW, 3), { now: NOW }), { remove: [], warnings: [] });
  assertEquals(select([], { now: NOW, versions: [0], keepVersions: 1, keepTime: "1D" }), { remove: [], warnings: [] });
});

Deno.test("selectForDeletion() removes the --version indexes, sorted, ignoring indexes out of range", () => {
  const versions = hourly(NOW, 5);
  assertEquals(select(versions, { now: NOW, versions: [3, 1] }), { remove: [1, 3], warnings: [] });
  assertEquals(select(versions, { now: NOW, versions: [4, 4, 5, -1, 99] }), { remove: [4], warnings: [] });
  assertEquals(select(versions, { now: NOW, versions: [] }), { remove: [], warnings: [] });
  // The newest can go by --version as long as another version stays.
  assertEquals(select(versions, { now: NOW, versions: [0] }), { remove: [0], warnings: [] });
});

Deno.test("selectForDeletion() --keep-versions keeps the N newest versions", () => {
  const versions = hourly(NOW, 4);
  assertEquals(select(versions, { now: NOW, keepVersions: 2 }).remove, [2, 3]);
  assertEquals(select(versions, { now: NOW, keepVersions: 1 }).remove, [1, 2, 3]);
  assertEquals(select(versions, { now: NOW, keepVersions: 4 }).remove, []);
  assertEquals(select(versions, { now: NOW, keepVersions: 10 }).remove, []);
  // 0 and -1 (keep all) select nothing.
  assertEquals(select(versions, { now: NOW, keepVersions: 0 }).remove, []);
  assertEquals(select(versions, { now: NOW, keepVersions: -1 }).remove, []);
});

Deno.test("selectForDeletion() --keep-versions counts only full versions; partials newer than the last kept stay", () => {
  const t = (h: number) => new Date(NOW.getTime() - h * 3_600_000);
  // 0 partial, 1 full, 2 partial, 3 full, 4 partial, 5 full
  const versions = [partial(t(1)), full(t(2)), partial(t(3)), full(t(4)), partial(t(5)), full(t(6))];
  assertEquals(select(versions, { now: NOW, keepVersions: 2 }).remove, [4, 5]);
  assertEquals(select(versions, { now: NOW, keepVersions: 1 }).remove, [2, 3, 4, 5]);
  assertEquals(select(versions, { now: NOW, keepVersions: 3 }).remove, []);
  // Only partial versions: none of them counts, so none goes.
  assertEquals(select([partial(t(1)), partial(t(2))], { now: NOW, keepVersions: 1 }).remove, []);
});

Deno.test("selectForDeletion() --keep-time removes versions older than now minus the span", () => {
  const versions = [
    full(at(2024, 6, 15, 11)),
    full(at(2024, 6, 14, 12, 1)),
    full(at(2024, 6, 14, 12)), // exactly one day old: kept
    full(at(2024, 6, 14, 11, 59)),
    full(at(2024, 6, 1)),
  ];
  assertEquals(select(versions, { now: NOW, keepTime: "1D" }), { remove: [3, 4], warnings: [] });
  assertEquals(select(versions, { now: NOW, keepTime: "2W" }).remove, []);
  assertEquals(select(versions, { now: NOW, keepTime: "1h" }).remove, [1, 2, 3, 4]);
  assertEquals(select(versions, { now: NOW, keepTime: "1D1h" }).remove, [4]);
});

Deno.test("selectForDeletion() --keep-time applies months on the calendar, not as 30 days", () => {
  const now = at(2024, 3, 31, 12);
  // One calendar month before March 31 is February 29 (2024 is a leap year); 30 days before is March 1.
  const versions = [
    full(at(2024, 3, 30)),
    full(at(2024, 2, 29, 13)), // more than 30 days old, but within the calendar month
    full(at(2024, 2, 29, 12)), // exactly a month old: kept
    full(at(2024, 2, 29, 11)),
    full(at(2024, 1, 31)),
  ];
  assertEquals(select(versions, { now, keepTime: "1M" }).remove, [3, 4]);
  // One year before 2024-02-29 is 2023-02-28.
  const leap = at(2024, 2, 29, 12);
  const old = [full(at(2024, 2, 1)), full(at(2023, 2, 28, 12)), full(at(2023, 2, 28, 11))];
  assertEquals(select(old, { now: leap, keepTime: "1Y" }).remove, [2]);
});

Deno.test("selectForDeletion() applies 1W:1D,4W:1W,12M:1M: the oldest of each timeframe first, then one per interval", () => {
  const versions = [
    full(at(2024, 6, 15, 11)), // 0: newest, always kept
    full(at(2024, 6, 15, 8)), // 1: week frame, 23 h after the kept Jun 14 09:00 -> goes
    full(at(2024, 6, 14, 20)), // 2: week frame, 11 h after Jun 14 09:00 -> goes
    full(at(2024, 6, 14, 9)), // 3: week frame, 3 D 21 h after Jun 10 -> kept
    full(at(2024, 6, 10)), // 4: oldest in the week frame -> kept
    full(at(2024, 6, 5)), // 5: 4-week frame, 8 D after May 28 -> kept
    full(at(2024, 6, 3)), // 6: 4-week frame, 6 D after May 28 -> goes
    full(at(2024, 5, 28)), // 7: 4-week frame, 8 D after May 20 -> kept
    full(at(2024, 5, 20)), // 8: oldest in the 4-week frame -> kept
    full(at(2024, 5, 10)), // 9: 12-month frame, 39 D after Apr 1 -> kept
    full(at(2024, 4, 20)), // 10: 12-month frame, 19 D after Apr 1 -> goes
    full(at(2024, 4, 1)), // 11: 12-month frame -> kept
    full(at(2023, 7, 1)), // 12: oldest in the 12-month frame -> kept
    full(at(2023, 6, 1)), // 13: older than every timeframe -> goes
  ];
  const policy = parseRetentionPolicy("1W:1D,4W:1W,12M:1M");
  assertEquals(select(versions, { now: NOW, policy }), { remove: [1, 2, 6, 10, 13], warnings: [] });
  // The order of the rules in the text does not matter.
  assertEquals(select(versions, { now: NOW, policy: parseRetentionPolicy("12M:1M,1W:1D,4W:1W") }).remove, [
    1,
    2,
    6,
    10,
    13,
  ]);
});

Deno.test("selectForDeletion() policy timeframes are calendar spans from now", () => {
  const now = at(2024, 3, 31, 12);
  // 1M back from March 31 is February 29 12:00: Feb 29 13:00 is inside, Feb 29 11:00 outside.
  const versions = [full(at(2024, 3, 31, 11)), full(at(2024, 2, 29, 13)), full(at(2024, 2, 29, 11))];
  assertEquals(select(versions, { now, policy: parseRetentionPolicy("1M:0s") }).remove, [2]);
});

Deno.test("selectForDeletion() policy U:1M keeps one version per 30 days for ever", () => {
  const versions = [
    full(at(2024, 6, 15, 11)), // newest
    full(at(2024, 6, 1)), // 30 D after May 2 -> kept
    full(at(2024, 5, 20)), // 18 D after May 2 -> goes
    full(at(2024, 5, 2)), // 31 D after Apr 1 -> kept
    full(at(2024, 4, 2)), // 1 D after Apr 1 -> goes
    full(at(2024, 4, 1)), // 365 D after 2023-04-02 -> kept
    full(at(2023, 4, 2)), // 1 D after the oldest -> goes
    full(at(2023, 4, 1)), // oldest -> kept
  ];
  assertEquals(select(versions, { now: NOW, policy: parseRetentionPolicy("U:1M") }).remove, [2, 4, 6]);
});

Deno.test("selectForDeletion() policy 7D:0s keeps every version of the last 7 days and nothing older", () => {
  const versions = [
    full(at(2024, 6, 15, 11, 59)),
    full(at(2024, 6, 15, 11, 58)),
    full(at(2024, 6, 15, 11, 57)),
    full(at(2024, 6, 8, 12)), // exactly 7 days old: inside
    full(at(2024, 6, 8, 11)),
    full(at(2024, 1, 1)),
  ];
  assertEquals(select(versions, { now: NOW, policy: parseRetentionPolicy("7D:0s") }).remove, [4, 5]);
  assertEquals(select(versions, { now: NOW, policy: parseRetentionPolicy("7D:U") }).remove, [4, 5]);
  // With an unlimited thinning rule after it, the older ones are thinned instead of removed: Jan 1 is kept as the
  // oldest, and Jun 8 11:00 (159 days later) only when the interval is shorter than that.
  assertEquals(select(versions, { now: NOW, policy: parseRetentionPolicy("7D:0s,U:1M") }).remove, []);
  assertEquals(select(versions, { now: NOW, policy: parseRetentionPolicy("7D:0s,U:1Y") }).remove, [4]);
});

Deno.test("selectForDeletion() never thins the newest version by a policy, however old it is", () => {
  const versions = [full(at(2024, 1, 10)), full(at(2024, 1, 9)), full(at(2023, 1, 1))];
  // Every version is older than the only timeframe: all but the newest go, and no guard warning is needed.
  assertEquals(select(versions, { now: NOW, policy: parseRetentionPolicy("1W:1D") }), {
    remove: [1, 2],
    warnings: [],
  });
  // Inside the timeframe the newest is kept even when it comes within the interval of the kept one.
  const close = [full(at(2024, 6, 15, 11)), full(at(2024, 6, 15, 10)), full(at(2024, 6, 15, 9))];
  assertEquals(select(close, { now: NOW, policy: parseRetentionPolicy("1W:1D") }).remove, [1]);
});

Deno.test("selectForDeletion() policy with versions seconds apart keeps the oldest and the newest", () => {
  const t = (s: number) => new Date(NOW.getTime() - s * 1000);
  const versions = [full(t(1)), full(t(2)), full(t(3)), full(t(4))];
  assertEquals(select(versions, { now: NOW, policy: parseRetentionPolicy("1W:1D") }).remove, [1, 2]);
  assertEquals(select(versions.slice(0, 3), { now: NOW, policy: parseRetentionPolicy("1W:1D") }).remove, [1]);
  assertEquals(select(versions.slice(0, 2), { now: NOW, policy: parseRetentionPolicy("1W:1D") }).remove, []);
});

Deno.test("selectForDeletion() policy: a partial version is kept but does not start an interval", () => {
  const versions = [
    full(at(2024, 6, 15, 11)), // newest
    full(at(2024, 6, 12, 14)), // 2 h after the full Jun 12 12:00 -> goes
    full(at(2024, 6, 12, 12)), // first full version in the frame -> kept, starts the interval
    partial(at(2024, 6, 12, 10)), // oldest in the frame, partial -> kept, no interval starts
  ];
  assertEquals(select(versions, { now: NOW, policy: parseRetentionPolicy("1W:1D") }).remove, [1]);
  // A partial version within the interval of a kept full one goes like any other.
  const later = [full(at(2024, 6, 15, 11)), partial(at(2024, 6, 12, 14)), full(at(2024, 6, 12, 12))];
  assertEquals(select(later, { now: NOW, policy: parseRetentionPolicy("1W:1D") }).remove, [1]);
});

Deno.test("selectForDeletion() takes the union of --version, --keep-versions, --keep-time and the policy", () => {
  const versions = [
    full(at(2024, 6, 15, 11)),
    full(at(2024, 6, 14)),
    full(at(2024, 6, 13)),
    full(at(2024, 6, 12)),
    full(at(2024, 6, 1)),
  ];
  assertEquals(select(versions, { now: NOW, versions: [1], keepTime: "10D" }).remove, [1, 4]);
  assertEquals(select(versions, { now: NOW, versions: [1], keepVersions: 4 }).remove, [1, 4]);
  assertEquals(
    select(versions, { now: NOW, versions: [1], policy: parseRetentionPolicy("1W:2D") }).remove,
    [1, 2, 4],
  );
});

Deno.test("selectForDeletion() keeps the newest version when every version would go, unless full removal is allowed", () => {
  const versions = hourly(NOW, 3);
  assertEquals(select(versions, { now: NOW, versions: [0, 1, 2] }), { remove: [1, 2], warnings: [GUARD] });
  assertEquals(select(versions, { now: NOW, versions: [0, 1, 2], allowFullRemoval: true }), {
    remove: [0, 1, 2],
    warnings: [],
  });
  assertEquals(select(versions, { now: NOW, keepTime: "1s" }), { remove: [1, 2], warnings: [GUARD] });
  assertEquals(select(versions, { now: NOW, keepTime: "1s", allowFullRemoval: true }).remove, [0, 1, 2]);
  // The last and only version.
  const one = hourly(NOW, 1);
  assertEquals(select(one, { now: NOW, versions: [0] }), { remove: [], warnings: [GUARD] });
  assertEquals(select(one, { now: NOW, versions: [0], allowFullRemoval: true }), { remove: [0], warnings: [] });
  // Not every version selected: no guard, even when the newest is among them.
  assertEquals(select(versions, { now: NOW, versions: [0, 2] }), { remove: [0, 2], warnings: [] });
});
