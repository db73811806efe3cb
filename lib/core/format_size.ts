/**
 * Sizes as the programs print them (surface spec §1): `<n> bytes` below 1 KiB, else two decimals with binary units.
 * Shared by the CLI, serverutil and the tray launcher.
 * @module
 */

const UNITS = ["KiB", "MiB", "GiB", "TiB", "PiB"];

/** `<n> bytes` below 1 KiB, else two decimals with binary units: "1.50 KiB", "3.00 GiB". */
export function formatSize(bytes: number): string {
  if (Math.abs(bytes) < 1024) return `${bytes} bytes`;
  let value = bytes / 1024, unit = 0;
  while (Math.abs(value) >= 1024 && unit < UNITS.length - 1) value /= 1024, unit++;
  return `${value.toFixed(2)} ${UNITS[unit]}`;
}
