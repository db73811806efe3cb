/**
 * How the UI shows sizes, times, durations and speeds: local time for every timestamp, binary units for sizes.
 * @module
 */
import { NO_TIME } from "../../lib/server/api_types.ts";

export { formatSize } from "../../lib/core/format_size.ts";
import { formatSize } from "../../lib/core/format_size.ts";

/** A timestamp (ISO text, epoch ms or Date) in the browser's local time; "never" for none. */
export function formatTime(value: string | number | Date | null | undefined): string {
  if (value === null || value === undefined || value === "" || value === NO_TIME) return "never";
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime()) || date.getUTCFullYear() < 1970) return "never";
  return date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/** "in 5 minutes", "3 hours ago"... for a timestamp relative to now. */
export function formatRelative(value: string | number | Date | null | undefined, now = Date.now()): string {
  if (value === null || value === undefined || value === "" || value === NO_TIME) return "";
  const ms = (value instanceof Date ? value : new Date(value)).getTime() - now;
  if (Number.isNaN(ms)) return "";
  const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
  const abs = Math.abs(ms);
  if (abs < 60_000) return rtf.format(Math.round(ms / 1000), "second");
  if (abs < 3_600_000) return rtf.format(Math.round(ms / 60_000), "minute");
  if (abs < 86_400_000) return rtf.format(Math.round(ms / 3_600_000), "hour");
  return rtf.format(Math.round(ms / 86_400_000), "day");
}

/** Seconds as "1 h 02 min", "3 min 05 s", "12 s". */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "";
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  if (h > 0) return `${h} h ${String(m).padStart(2, "0")} min`;
  if (m > 0) return `${m} min ${String(r).padStart(2, "0")} s`;
  return `${r} s`;
}

/** A .NET TimeSpan text ("00:01:02.5000000", "1.02:03:04") as readable seconds; the text itself when unknown. */
export function formatTimeSpan(text: string | undefined | null): string {
  if (!text) return "";
  const m = /^(?:(\d+)\.)?(\d+):(\d+):(\d+)(?:\.\d+)?$/.exec(text.trim());
  if (!m) return text;
  const [, d = "0", h = "0", min = "0", s = "0"] = m;
  return formatSeconds(Number(d) * 86400 + Number(h) * 3600 + Number(min) * 60 + Number(s));
}

/** Bytes per second. */
export function formatSpeed(bytesPerSecond: number): string {
  return bytesPerSecond > 0 ? `${formatSize(Math.round(bytesPerSecond))}/s` : "";
}

/** A size given as metadata text ("12345"); "" when unknown. */
export function formatSizeText(text: string | undefined): string {
  if (text === undefined || text.trim() === "") return "";
  const n = Number(text);
  return Number.isFinite(n) && n >= 0 ? formatSize(n) : "";
}
