import { LoginThrottle, TooManyAttemptsError } from "../../../lib/server/auth/login_throttle.ts";
import { HttpError } from "../../../lib/server/http_error.ts";
import { assert, assertEquals, assertThrows } from "../../support/assert.ts";
import { FakeClock } from "../../support/fake_clock.ts";

Deno.test("LoginThrottle lets 2 failures pass, then delays doubling from 1 s up to a 60 s cap", () => {
  const clock = new FakeClock();
  const throttle = new LoginThrottle(clock);
  const waits: number[] = [];
  for (let i = 0; i < 10; i++) {
    throttle.check("10.0.0.1");
    throttle.recordFailure("10.0.0.1");
    try {
      throttle.check("10.0.0.1");
      waits.push(0);
    } catch (error) {
      assert(error instanceof TooManyAttemptsError && error instanceof HttpError);
      assertEquals(error.status, 429);
      waits.push(error.retryAfterSeconds);
      clock.advance(error.retryAfterSeconds * 1000);
    }
  }
  assertEquals(waits, [0, 0, 1, 2, 4, 8, 16, 32, 60, 60]);
});

Deno.test("LoginThrottle counts down Retry-After, keeps clients apart and resets on success", () => {
  const clock = new FakeClock();
  const throttle = new LoginThrottle(clock);
  for (let i = 0; i < 5; i++) throttle.recordFailure("a");
  assertEquals(assertThrows(() => throttle.check("a"), TooManyAttemptsError).retryAfterSeconds, 4);
  clock.advance(2_500);
  assertEquals(assertThrows(() => throttle.check("a"), TooManyAttemptsError).retryAfterSeconds, 2);
  throttle.check("b");
  clock.advance(1_500);
  throttle.check("a");
  throttle.recordSuccess("a");
  throttle.recordFailure("a");
  throttle.check("a");
  assertEquals(throttle.trackedClients, 1);
});

Deno.test("LoginThrottle forgets idle clients and bounds how many it remembers", () => {
  const clock = new FakeClock();
  const throttle = new LoginThrottle(clock, { maxClients: 3, forgetAfterMs: 60_000 });
  for (const client of ["a", "b", "c", "d"]) throttle.recordFailure(client);
  assertEquals(throttle.trackedClients, 3);
  clock.advance(60_000);
  throttle.check("x");
  assertEquals(throttle.trackedClients, 0);
});
