/**
 * The check every writing operation starts with: list the destination, finish or undo what an interrupted run
 * left (recover.ts), delete what earlier runs marked for deletion, and compare what is left with the database.
 *
 * Handled by itself, because it is provably safe: half-uploaded volumes, missing or damaged dindex and dlist files
 * (written again from the database), volumes marked Deleting. Reported with the exact next step, because nothing
 * can fix it without guessing: a dblock that is missing or has the wrong size (files would be lost), and dlists
 * this database does not know (another machine or an older copy of the database wrote them). Unknown files are
 * never deleted.
 * @module
 */
import type { RemoteEntry } from "../../backends/backend.ts";
import { RemoteInconsistencyError } from "../../core/errors.ts";
import { listFilesets } from "../../database/filesets.ts";
import { listVolumes, type VolumeRow } from "../../database/remote_volumes.ts";
import { parseRemoteName } from "../../volumes/remote_name.ts";
import type { OperationContext, VolumeSettings } from "../context.ts";
import { recoverInterrupted, type RecoveryReport } from "./recover.ts";
import { sweepDeleting, type SweepResult } from "./remote_delete.ts";
import { listRemote } from "./remote_listing.ts";

/** What the destination looked like and what was done about it. */
export interface ReconcileReport {
  readonly remote: ReadonlyMap<string, RemoteEntry>;
  readonly recovery: RecoveryReport;
  readonly swept: SweepResult;
  /** dblocks the database needs that are missing or have the wrong size at the destination. */
  readonly missingBlockVolumes: readonly VolumeRow[];
  /** Our-prefix files the database does not know (left in place). */
  readonly unknown: readonly string[];
  /** Unknown dlists newer than the newest version the database knows. */
  readonly newerDlists: readonly string[];
}

export interface ReconcileInput {
  readonly settings: VolumeSettings;
  /** Look only; change nothing locally or remotely. */
  readonly dryRun?: boolean;
  /** Throw RemoteInconsistencyError on missing dblocks or newer unknown dlists (backup, compact, delete). */
  readonly strict?: boolean;
  /** Create the destination folder when it is missing (first backup). */
  readonly createFolder?: boolean;
}

/** Lists, recovers, sweeps and compares; see the module comment. */
export async function reconcileRemote(context: OperationContext, input: ReconcileInput): Promise<ReconcileReport> {
  const { db, log } = context;
  const listed = await listRemote(context, input.settings.prefix, { createFolder: input.createFolder ?? false });
  const dry = input.dryRun ?? false;
  const knownBefore = new Set(listVolumes(db).map((v) => v.name));
  const recovery = dry ? { finished: 0, discarded: 0, rewritten: 0 } : await recoverInterrupted(context, {
    remote: listed,
    settings: input.settings,
  });
  const swept = await sweepDeleting(context, { dryRun: dry });
  const known = new Set(listVolumes(db).map((v) => v.name));
  // A recorded file whose row recovery or the sweep removed was deleted from the destination with it: it is
  // neither there any more nor unknown.
  const remote = new Map([...listed].filter(([name]) => known.has(name) || !knownBefore.has(name)));
  const missingBlockVolumes = listVolumes(db, { type: "dblock", states: ["Uploaded", "Verified"] })
    .filter((v) => remote.get(v.name)?.size !== v.size);
  const unknown = [...remote.keys()].filter((name) => !known.has(name)).sort();
  const newest = listFilesets(db)[0]?.timestamp ?? 0;
  const newerDlists = unknown.filter((name) => {
    const parsed = parseRemoteName(name);
    return parsed?.type === "dlist" && parsed.time !== undefined && parsed.time.getTime() / 1000 > newest;
  });
  for (const name of unknown) {
    if (!newerDlists.includes(name)) {
      log.warn("Reconcile", `The remote file "${name}" is not recorded in the local database; it is left in place`);
    }
  }
  const report = { remote, recovery, swept, missingBlockVolumes, unknown, newerDlists };
  if (input.strict) throwIfUnsafe(report);
  return report;
}

/** Throws when the destination and the database disagree in a way only the user can resolve. */
export function throwIfUnsafe(report: ReconcileReport): void {
  throwIfOutdated(report);
  if (report.missingBlockVolumes.length > 0) {
    const names = report.missingBlockVolumes.slice(0, 3).map((v) => `"${v.name}"`).join(", ");
    throw new RemoteInconsistencyError(
      `${report.missingBlockVolumes.length} remote volume(s) are missing or have the wrong size at the destination ` +
        `(${names}), so some backed-up files cannot be restored. Stopped before changing any version. Run "list-broken-files" to see ` +
        `them and "purge-broken-files" to remove them from the backup; the next backup then stores them again`,
    );
  }
}

/** Throws when the destination holds versions the database does not know (its version numbers would be wrong). */
export function throwIfOutdated(report: ReconcileReport): void {
  if (report.newerDlists.length > 0) {
    throw new RemoteInconsistencyError(
      `The destination holds ${report.newerDlists.length} version(s) newer than this local database knows ` +
        `(${report.newerDlists.slice(0, 3).map((n) => `"${n}"`).join(", ")}): another machine or an older copy of ` +
        `the database wrote them. Stopped before changing any version. Run "repair" to rebuild the local database from the destination`,
    );
  }
}
