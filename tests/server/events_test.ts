import { EventHub } from "../../lib/server/events.ts";
import { assertEquals } from "../support/assert.ts";

/** Resolves to "woke" when `wait` settles before the next macrotask turns, else "waiting". */
async function state(wait: Promise<void>): Promise<"woke" | "waiting"> {
  const tick = new Promise<"waiting">((resolve) => setTimeout(() => resolve("waiting"), 0));
  return await Promise.race([wait.then(() => "woke" as const), tick]);
}

Deno.test("EventHub: bump wakes a long poll and counts data and notification changes separately", async () => {
  const hub = new EventHub();
  const wait = hub.waitForChange(0, { timeoutMs: 3_600_000 });
  assertEquals(await state(wait), "waiting");
  hub.bump("data");
  assertEquals(await state(wait), "woke");
  hub.bump("notification");
  assertEquals([hub.lastEventId, hub.lastDataUpdateId, hub.lastNotificationUpdateId], [2, 1, 1]);
  assertEquals(await state(hub.waitForChange(0, { timeoutMs: 3_600_000 })), "woke");
});

Deno.test("EventHub: close ends every open long poll at once and later ones never wait", async () => {
  const hub = new EventHub();
  const first = hub.waitForChange(0, { timeoutMs: 3_600_000 });
  const second = hub.waitForChange(0, { timeoutMs: 3_600_000 });
  assertEquals(await state(first), "waiting");
  hub.close();
  assertEquals([await state(first), await state(second)], ["woke", "woke"]);
  // Unchanged counters would wait up to an hour; after close they answer at once (no timer is left behind).
  assertEquals(await state(hub.waitForChange(hub.lastEventId, { timeoutMs: 3_600_000 })), "woke");
  hub.close();
  assertEquals(hub.lastEventId, 0);
});

Deno.test("EventHub: an aborted request ends its long poll", async () => {
  const hub = new EventHub();
  const controller = new AbortController();
  const wait = hub.waitForChange(0, { timeoutMs: 3_600_000, signal: controller.signal });
  assertEquals(await state(wait), "waiting");
  controller.abort();
  assertEquals(await state(wait), "woke");
});
