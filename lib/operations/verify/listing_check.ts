/**
 * The cheap first check of `test`: the destination's listing against the database. A volume the database counts
 * on (Uploaded or Verified) that is missing or has another size is damaged without downloading anything. Files
 * with our prefix that the database does not know are only reported.
 * @module
 */
import type { RemoteEntry } from "../../backends/backend.ts";
import type { VolumeRow, VolumeState } from "../../database/remote_volumes.ts";
import type { TestError } from "./test_result.ts";

/** States of volumes that must be at the destination with their recorded size. */
export const TESTED_STATES: readonly VolumeState[] = ["Uploaded", "Verified"];

/** States whose remote file, if present, is expected (kept until a later run finishes or deletes it). */
const EXPECTED_STATES: readonly VolumeState[] = ["Uploading", "Uploaded", "Verified", "Deleting"];

export interface ListingCheck {
  /** Volumes (Uploaded or Verified) found missing or of the wrong size, with their problems, in `rows` order. */
  readonly findings: ReadonlyMap<string, readonly TestError[]>;
  /** Our-prefix files at the destination the database does not record, or records as Temporary or Deleted. */
  readonly extra: readonly string[];
}

/** Compares the listing (our-prefix files only) with the volume rows. */
export function checkListing(rows: readonly VolumeRow[], remote: ReadonlyMap<string, RemoteEntry>): ListingCheck {
  const findings = new Map<string, TestError[]>();
  const expected = new Set<string>();
  for (const row of rows) {
    if (EXPECTED_STATES.includes(row.state)) expected.add(row.name);
    if (!TESTED_STATES.includes(row.state)) continue;
    const entry = remote.get(row.name);
    if (!entry) {
      findings.set(row.name, [{ kind: "Missing", detail: `"${row.name}" is not at the destination` }]);
    } else if (row.size >= 0 && entry.size !== row.size) {
      findings.set(row.name, [{
        kind: "SizeMismatch",
        detail: `the destination has ${entry.size} bytes, but ${row.size} were uploaded`,
      }]);
    }
  }
  const extra = [...remote.keys()].filter((name) => !expected.has(name)).sort();
  return { findings, extra };
}
