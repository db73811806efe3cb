/**
 * Text formatting shared by commands: durations and full results as Duplicati prints them; sizes and local times
 * live in lib/core and are re-exported here for the commands that import them from this file.
 * @module
 */
export { formatSize } from "../core/format_size.ts";
export { formatLocalTime } from "../core/format_local_time.ts";

/** `hh:mm:ss.fffffff` like .NET's TimeSpan. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, ms);
  const h = Math.floor(total / 3_600_000), m = Math.floor(total / 60_000) % 60, s = Math.floor(total / 1000) % 60;
  const frac = String(Math.round((total % 1000) * 10_000)).padStart(7, "0");
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}.${frac}`;
}

/** Prints every field of a result object as `Name: value` lines (`--full-result`). */
export function formatFullResult(result: object): string[] {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(result)) {
    const name = key.charAt(0).toUpperCase() + key.slice(1);
    if (Array.isArray(value)) {
      lines.push(`${name}: [`);
      for (const item of value) lines.push(`    ${String(item)}`);
      lines.push("]");
    } else if (value instanceof Date) lines.push(`${name}: ${value.toISOString()}`);
    else lines.push(`${name}: ${value === undefined ? "" : String(value)}`);
  }
  return lines;
}
