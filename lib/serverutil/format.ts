/**
 * Small text formatters shared by serverutil and the tray launcher.
 * @module
 */

/** Duplicati's size display: "512 bytes", "1.50 KB", "3.25 GB". */
export function formatSize(bytes: number): string {
  const units: readonly [string, number][] = [["TB", 1024 ** 4], ["GB", 1024 ** 3], ["MB", 1024 ** 2], ["KB", 1024]];
  for (const [unit, factor] of units) {
    if (Math.abs(bytes) >= factor) return `${(bytes / factor).toFixed(2)} ${unit}`;
  }
  return `${bytes} bytes`;
}

/** Local time as "yyyy-MM-dd HH:mm:ss"; the text itself when it is not a date. */
export function formatLocalTime(text: string): string {
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) return text;
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}
