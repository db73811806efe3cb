/**
 * Text formatting shared by commands: sizes and durations as Duplicati prints them, and local times.
 * @module
 */

/** `<n> bytes` below 1 KiB, else two decimals with binary units. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ["KiB", "MiB", "GiB", "TiB", "PiB"];
  let value = bytes / 1024, unit = 0;
  while (value >= 1024 && unit < units.length - 1) value /= 1024, unit++;
  return `${value.toFixed(2)} ${units[unit]}`;
}

/** `hh:mm:ss.fffffff` like .NET's TimeSpan. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, ms);
  const h = Math.floor(total / 3_600_000), m = Math.floor(total / 60_000) % 60, s = Math.floor(total / 1000) % 60;
  const frac = String(Math.round((total % 1000) * 10_000)).padStart(7, "0");
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}.${frac}`;
}

/** Local date and time, e.g. `21/11/2026 22:45:49` style from the runtime's locale. */
export function formatLocalTime(date: Date): string {
  return date.toLocaleString();
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
