/**
 * The counting pass that runs beside a backup (as Duplicati's does) so progress can show totals, a percentage and
 * an ETA: it walks the same sources with the same filter, yields to the event loop every few hundred entries so
 * the backup keeps the thread, and reports "counted" events until it is done or stopped. Files skipped for their
 * size count too: the backup examines them (as Duplicati's counter sees every file its enumeration emits).
 * @module
 */
import type { ProgressSink } from "../progress.ts";
import { type EnumerateOptions, enumerateSources } from "./enumerate.ts";

const ENTRIES_PER_SLICE = 250;
const REPORT_EVERY_MS = 250;

/** Counts files and bytes; resolves when done or when `signal` aborts (then without a final "done" event). */
export async function countSources(
  sources: readonly string[],
  env: Omit<EnumerateOptions, "warn" | "excluded"> & { progress: ProgressSink; signal: AbortSignal },
): Promise<void> {
  let files = 0, bytes = 0, lastReport = 0, slice = 0;
  const options: EnumerateOptions = {
    ...env,
    warn: () => {},
    excluded: (exclusion) => {
      if (exclusion.reason !== "size") return;
      files++;
      bytes += exclusion.size;
    },
  };
  for (const entry of enumerateSources(sources, options)) {
    if (env.signal.aborted) return;
    if (entry.kind === "file") {
      files++;
      bytes += entry.info.size;
    }
    if (++slice >= ENTRIES_PER_SLICE) {
      slice = 0;
      const now = Date.now();
      if (now - lastReport >= REPORT_EVERY_MS) {
        lastReport = now;
        env.progress({ type: "counted", files, bytes, done: false });
      }
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }
  if (!env.signal.aborted) env.progress({ type: "counted", files, bytes, done: true });
}
