/**
 * Local date and time as the programs print them, shared by the CLI, serverutil and the tray launcher.
 * @module
 */

/** Local date and time in the runtime's locale, e.g. `21/11/2026, 22:45:49`. */
export function formatLocalTime(date: Date): string {
  return date.toLocaleString();
}
