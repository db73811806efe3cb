import { abortableSleep } from "../../lib/core/abortable_sleep.ts";
import { assertEquals } from "../support/assert.ts";

Deno.test("abortableSleep() resolves after the time when nothing aborts", async () => {
  const controller = new AbortController();
  const order: string[] = [];
  const sleeping = abortableSleep(5, controller.signal).then(() => order.push("slept"));
  order.push("waiting");
  await sleeping;
  assertEquals(order, ["waiting", "slept"]);
});

Deno.test("abortableSleep() ends at once on abort and leaves no timer (the sanitizer checks)", async () => {
  const controller = new AbortController();
  const sleeping = abortableSleep(60_000, controller.signal);
  controller.abort();
  await sleeping;
  const aborted = AbortSignal.abort();
  await abortableSleep(60_000, aborted);
});
