import { RETRY_OPTIONS, retryDelayMs, retryPolicyFromOptions } from "../../lib/backends/retry_options.ts";
import { nullLogger } from "../../lib/core/log.ts";
import { OptionRegistry } from "../../lib/options/registry.ts";
import { optionsFromRecord } from "../../lib/options/resolve.ts";
import { assertEquals } from "../support/assert.ts";

function policyFor(record: Record<string, string>) {
  const registry = new OptionRegistry();
  registry.register(...RETRY_OPTIONS);
  return retryPolicyFromOptions(optionsFromRecord(record, registry), {
    signal: new AbortController().signal,
    log: nullLogger,
  });
}

Deno.test("retryPolicyFromOptions() uses Duplicati's defaults: 5 retries, 10 s apart", () => {
  const policy = policyFor({});
  assertEquals(policy.attempts, 6);
  assertEquals([1, 2, 3].map(policy.delayMs), [10_000, 10_000, 10_000]);
});

Deno.test("retryPolicyFromOptions() doubles the delay with exponential backoff", () => {
  const policy = policyFor({ "number-of-retries": "3", "retry-delay": "2s", "retry-with-exponential-backoff": "true" });
  assertEquals(policy.attempts, 4);
  assertEquals([1, 2, 3, 4].map(policy.delayMs), [2000, 4000, 8000, 16000]);
});

Deno.test("retryPolicyFromOptions() treats negative retries as none", () => {
  assertEquals(policyFor({ "number-of-retries": "-3" }).attempts, 1);
});

Deno.test("retryDelayMs() stops doubling after ten doublings", () => {
  assertEquals(retryDelayMs(1000, 11, true), 1024 * 1000);
  assertEquals(retryDelayMs(1000, 30, true), 1024 * 1000);
  assertEquals(retryDelayMs(1000, 30, false), 1000);
});
