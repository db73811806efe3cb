import type { VolumeRow } from "../../../lib/database/remote_volumes.ts";
import { sampleCount, selectTargets } from "../../../lib/operations/verify/select_targets.ts";
import { assertEquals } from "../../support/assert.ts";

function row(id: number, type: VolumeRow["type"], verifiedAt = 0): VolumeRow {
  return { id, name: `v${id}`, type, state: "Uploaded", size: 10, hash: "h", verifiedAt, damage: null };
}

const ROWS: VolumeRow[] = [
  row(1, "dblock", 500),
  row(2, "dindex", 500),
  row(3, "dblock", 0),
  row(4, "dindex", 0),
  row(5, "dblock", 200),
  row(6, "dindex", 900),
  row(7, "dlist", 300),
  row(8, "dlist", 100),
];

Deno.test("selectTargets() picks the least recently verified of each type, dlists first", () => {
  const names = (samples: number | "all") => selectTargets(ROWS, { samples, strategy: "False" }).map((r) => r.name);
  assertEquals(names(1), ["v8", "v4", "v3"]);
  assertEquals(names(2), ["v8", "v7", "v4", "v2", "v3", "v5"]);
  assertEquals(names("all"), ["v8", "v7", "v4", "v2", "v6", "v3", "v5", "v1"]);
});

Deno.test("selectTargets() breaks ties by volume id", () => {
  const rows = [row(9, "dblock"), row(3, "dblock"), row(5, "dblock")];
  assertEquals(selectTargets(rows, { samples: 2, strategy: "True" }).map((r) => r.id), [3, 5]);
});

Deno.test("selectTargets() with IndexesOnly takes every dindex and nothing else", () => {
  assertEquals(selectTargets(ROWS, { samples: 1, strategy: "IndexesOnly" }).map((r) => r.name), ["v4", "v2", "v6"]);
});

Deno.test("sampleCount() takes the larger of the sample count and the percentage of the largest type", () => {
  const many = Array.from({ length: 1000 }, (_, i) => row(i, i < 600 ? "dblock" : "dindex"));
  assertEquals(sampleCount(many, { samples: 1 }), 1);
  assertEquals(sampleCount(many, { samples: 1, percentage: 0.1 }), 1);
  assertEquals(sampleCount(many, { samples: 1, percentage: 1 }), 6);
  assertEquals(sampleCount(many, { samples: 0, percentage: 0.25 }), 2); // 1.5 rounds away from zero
  assertEquals(sampleCount(many, { samples: 0, percentage: 0 }), 0);
  assertEquals(sampleCount(many, { samples: 9, percentage: 1 }), 9);
  assertEquals(sampleCount(many, { samples: "all", percentage: 1 }), Number.POSITIVE_INFINITY);
});
