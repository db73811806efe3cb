/**
 * The time zone the scheduler works in: the stored "server-timezone" setting (from --webservice-timezone) when it
 * names a zone this runtime knows, otherwise the system's. An empty or unknown stored value must not stop every
 * schedule, so it falls back instead of failing.
 * @module
 */
import type { ConfigStore } from "../config_store/model.ts";
import { checkTimeZone } from "./next_run.ts";

/** The system's IANA time zone. */
export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** The server's scheduling time zone (see the module doc). */
export function serverTimeZone(store: Pick<ConfigStore, "getSetting">): string {
  const stored = store.getSetting("server-timezone")?.trim();
  if (stored) {
    try {
      checkTimeZone(stored);
      return stored;
    } catch {
      // An unknown zone (edited database, older runtime): schedules go on in the system's zone.
    }
  }
  return systemTimeZone();
}
