import { formatSize } from "../../lib/core/format_size.ts";
import { formatLocalTime } from "../../lib/core/format_local_time.ts";
import * as cliOutput from "../../lib/cli/output.ts";
import { assertEquals } from "../support/assert.ts";

Deno.test("formatSize() prints bytes below 1 KiB and binary units above, negatives alike", () => {
  assertEquals([0, 1023, 1024, 1536, 5120, 2 * 1024 ** 2, 3 * 1024 ** 3].map(formatSize), [
    "0 bytes",
    "1023 bytes",
    "1.00 KiB",
    "1.50 KiB",
    "5.00 KiB",
    "2.00 MiB",
    "3.00 GiB",
  ]);
  assertEquals(formatSize(-2048), "-2.00 KiB");
  assertEquals(formatSize(1024 ** 6), "1024.00 PiB");
});

Deno.test("lib/cli/output.ts re-exports the one formatSize and formatLocalTime", () => {
  assertEquals(cliOutput.formatSize, formatSize);
  assertEquals(cliOutput.formatLocalTime, formatLocalTime);
  const date = new Date(2024, 4, 1, 10, 0, 0);
  assertEquals(formatLocalTime(date), date.toLocaleString());
});
