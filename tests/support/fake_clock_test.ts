import { FAKE_CLOCK_START, FakeClock } from "./fake_clock.ts";
import { assertEquals, assertThrows } from "./assert.ts";

Deno.test("FakeClock fires due timers in due order, ties in the order they were set", () => {
  const clock = new FakeClock();
  const fired: string[] = [];
  clock.setTimeout(() => fired.push(`b@${clock.now() - FAKE_CLOCK_START}`), 200);
  clock.setTimeout(() => fired.push(`a@${clock.now() - FAKE_CLOCK_START}`), 100);
  clock.setTimeout(() => fired.push(`c@${clock.now() - FAKE_CLOCK_START}`), 200);
  clock.setTimeout(() => fired.push("late"), 301);
  clock.advance(150);
  assertEquals(fired, ["a@100"]);
  assertEquals(clock.now(), FAKE_CLOCK_START + 150);
  clock.advance(150);
  assertEquals(fired, ["a@100", "b@200", "c@200"]);
  assertEquals(clock.pendingTimers, 1);
  assertEquals(clock.nextDue(), FAKE_CLOCK_START + 301);
});

Deno.test("FakeClock fires timers set by callbacks within the same advance, and honours clearTimeout", () => {
  const clock = new FakeClock(0);
  const fired: number[] = [];
  const tick = () => {
    fired.push(clock.now());
    if (fired.length < 5) clock.setTimeout(tick, 10);
  };
  clock.setTimeout(tick, 10);
  const cancelled = clock.setTimeout(() => fired.push(-1), 25);
  clock.clearTimeout(cancelled);
  clock.clearTimeout(9999);
  clock.advance(35);
  assertEquals(fired, [10, 20, 30]);
  clock.advance(100);
  assertEquals(fired, [10, 20, 30, 40, 50]);
  assertEquals(clock.pendingTimers, 0);
});

Deno.test("FakeClock treats zero, negative and NaN delays as due now and fires them on advance(0)", () => {
  const clock = new FakeClock(1000);
  const fired: number[] = [];
  clock.setTimeout(() => fired.push(1), 0);
  clock.setTimeout(() => fired.push(2), -5);
  clock.setTimeout(() => fired.push(3), Number.NaN);
  assertEquals(fired, []);
  clock.advance(0);
  assertEquals(fired, [1, 2, 3]);
  assertEquals(clock.now(), 1000);
});

Deno.test("FakeClock.runNext jumps to the next timer; advance rejects bad amounts and re-entry", () => {
  const clock = new FakeClock(0);
  assertEquals(clock.runNext(), false);
  let fired = 0;
  clock.setTimeout(() => fired++, 60_000);
  assertEquals(clock.runNext(), true);
  assertEquals([fired, clock.now()], [1, 60_000]);
  assertThrows(() => clock.advance(-1), RangeError);
  assertThrows(() => clock.advance(Number.NaN), RangeError);
  clock.setTimeout(() => clock.advance(1), 1);
  assertThrows(() => clock.advance(1), Error, "inside one of its timers");
  clock.advance(5);
  assertEquals(clock.now(), 60_006);
});

Deno.test("FakeClock.advanceAsync lets async work started by a timer set its next timer", async () => {
  const clock = new FakeClock(0);
  const fired: number[] = [];
  const loop = async () => {
    await Promise.resolve();
    fired.push(clock.now());
    await Promise.resolve();
    if (fired.length < 3) clock.setTimeout(() => void loop(), 100);
  };
  clock.setTimeout(() => void loop(), 100);
  await clock.advanceAsync(1_000);
  assertEquals(fired, [100, 200, 300]);
  assertEquals(clock.now(), 1_000);
});
