import { formatDuration, formatFullResult, formatSize } from "../../lib/cli/output.ts";
import { assertEquals } from "../support/assert.ts";

Deno.test("formatSize() prints bytes below 1 KiB", () => {
  assertEquals(formatSize(0), "0 bytes");
  assertEquals(formatSize(1), "1 bytes");
  assertEquals(formatSize(1023), "1023 bytes");
});

Deno.test("formatSize() prints two decimals with binary units from 1 KiB", () => {
  assertEquals(formatSize(1024), "1.00 KiB");
  assertEquals(formatSize(1536), "1.50 KiB");
  assertEquals(formatSize(1024 * 1024), "1.00 MiB");
  assertEquals(formatSize(52_428_800), "50.00 MiB");
  assertEquals(formatSize(1024 ** 3 * 1.25), "1.25 GiB");
  assertEquals(formatSize(1024 ** 4 * 3), "3.00 TiB");
});

Deno.test("formatDuration() prints hh:mm:ss.fffffff", () => {
  assertEquals(formatDuration(0.5), "00:00:00.0005000");
  assertEquals(formatDuration(1), "00:00:00.0010000");
  assertEquals(formatDuration(3_723_456), "01:02:03.4560000");
  assertEquals(formatDuration(59_999), "00:00:59.9990000");
  assertEquals(formatDuration(23 * 3_600_000 + 59 * 60_000 + 59_999), "23:59:59.9990000");
  assertEquals(formatDuration(-5), formatDuration(0));
});

Deno.test("formatFullResult() prints Name: value lines with arrays in brackets", () => {
  assertEquals(
    formatFullResult({
      addedFiles: 3,
      warnings: ["w1", "w2"],
      endTime: new Date("2024-01-01T00:00:00Z"),
      note: undefined,
    }),
    ["AddedFiles: 3", "Warnings: [", "    w1", "    w2", "]", "EndTime: 2024-01-01T00:00:00.000Z", "Note: "],
  );
});
