import { join } from "node:path";
import { Filter } from "../../../lib/filters/filter.ts";
import { countSources } from "../../../lib/operations/backup/count_sources.ts";
import type { ProgressEvent } from "../../../lib/operations/progress.ts";
import { assertEquals } from "../../support/assert.ts";

Deno.test("countSources() reports the files and bytes the backup will examine, filter applied, then done", async () => {
  const root = await Deno.makeTempDir();
  try {
    Deno.mkdirSync(join(root, "a", "b"), { recursive: true });
    for (let i = 0; i < 600; i++) Deno.writeFileSync(join(root, "a", `f${i}.bin`), new Uint8Array(i % 7));
    Deno.writeFileSync(join(root, "a", "b", "big.bin"), new Uint8Array(5000));
    Deno.writeFileSync(join(root, "a", "b", "skip.tmp"), new Uint8Array(999));
    const events: ProgressEvent[] = [];
    await countSources([root + "/"], {
      selection: { filter: Filter.from([{ include: false, expression: "*.tmp" }]) },
      progress: (e) => events.push(e),
      signal: new AbortController().signal,
    });
    const expectedBytes = Array.from({ length: 600 }, (_, i) => i % 7).reduce((a, b) => a + b, 0) + 5000;
    assertEquals(events.at(-1), { type: "counted", files: 601, bytes: expectedBytes, done: true });
    assertEquals(events.filter((e) => e.type === "counted" && e.done).length, 1);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("countSources() counts files skipped for their size, as the backup examines them", async () => {
  const root = await Deno.makeTempDir();
  try {
    Deno.writeFileSync(join(root, "small.bin"), new Uint8Array(10));
    Deno.writeFileSync(join(root, "big.bin"), new Uint8Array(3000));
    Deno.writeFileSync(join(root, ".hidden.bin"), new Uint8Array(7));
    const events: ProgressEvent[] = [];
    await countSources([root + "/"], {
      selection: { excludeAttributes: ["Hidden"], maxFileSize: 1024 },
      progress: (e) => events.push(e),
      signal: new AbortController().signal,
    });
    assertEquals(events.at(-1), { type: "counted", files: 2, bytes: 3010, done: true });
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("countSources() stops without a final event when its signal aborts", async () => {
  const root = await Deno.makeTempDir();
  try {
    for (let i = 0; i < 600; i++) Deno.writeFileSync(join(root, `f${i}`), new Uint8Array(1));
    const events: ProgressEvent[] = [];
    const stop = new AbortController();
    stop.abort();
    await countSources([root + "/"], { progress: (e) => events.push(e), signal: stop.signal });
    assertEquals(events, []);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
