/**
 * purgeFiles(): removes the entries whose paths match from the selected versions (all by default). Each changed
 * version gets a new dlist through replace_fileset.ts, so an interrupted purge is finished by the next operation.
 * The data only the removed entries used stays in the dblocks as wasted space until compact, which runs
 * afterwards unless the caller leaves it out.
 * @module
 */
import { filesetEntries, type FileTypeName, listFilesets } from "../../database/filesets.ts";
import { compareUtf8 } from "../../volumes/dlist.ts";
import type { OperationContext, VolumeSettings } from "../context.ts";
import { compact, type CompactInput, type CompactResult } from "../compact/compact.ts";
import { reconcileRemote, throwIfOutdated } from "../common/reconcile.ts";
import { replaceFileset } from "../common/replace_fileset.ts";
import { selectVersions, type VersionSelector } from "../common/select_version.ts";

export interface PurgeInput {
  readonly settings: VolumeSettings;
  /** The paths to remove. */
  readonly match: (path: string) => boolean;
  /** The versions to purge; every version when it selects none explicitly. */
  readonly selector: VersionSelector;
  /** Report what would be removed; change nothing. */
  readonly dryRun?: boolean;
  /** Compact afterwards with these thresholds; undefined skips compact. */
  readonly compact: Omit<CompactInput, "settings" | "dryRun"> | undefined;
}

/** One removed (or, in a dry run, matching) entry. */
export interface PurgedEntry {
  readonly path: string;
  readonly type: FileTypeName;
  /** Content size in bytes (0 for folders and symlinks). */
  readonly size: number;
}

/** A version that had matching entries. */
export interface PurgedVersion {
  /** 0 = newest. */
  readonly version: number;
  readonly time: Date;
  /** The version's time after its file list was replaced (undefined in a dry run). */
  readonly newTime: Date | undefined;
  readonly entries: readonly PurgedEntry[];
  /** Sum of the entries' sizes. */
  readonly bytes: number;
}

export interface PurgeResult {
  readonly versions: readonly PurgedVersion[];
  /** Undefined when compact did not run. */
  readonly compact: CompactResult | undefined;
  /** Why compact was skipped although asked for, when it was. */
  readonly warnings: readonly string[];
  readonly dryRun: boolean;
}

/** Removes matching entries from the selected versions, then compacts; see the module comment. */
export async function purgeFiles(context: OperationContext, input: PurgeInput): Promise<PurgeResult> {
  const { db } = context;
  const dryRun = input.dryRun ?? false;
  context.progress({ type: "phase", phase: "Purge_Begin" });
  const report = await reconcileRemote(context, { settings: input.settings, strict: false, dryRun });
  throwIfOutdated(report);
  const explicit = input.selector.versions !== undefined || input.selector.time !== undefined;
  const selected = selectVersions(listFilesets(db), explicit ? input.selector : { all: true });
  const planned = selected.map(({ version, fileset }) => {
    const rows = filesetEntries(db, fileset.id).filter((row) => input.match(row.path));
    rows.sort((a, b) => compareUtf8(a.path, b.path));
    return { version, fileset, rows };
  }).filter((p) => p.rows.length > 0);
  const versions: PurgedVersion[] = [];
  // Newest first: a replaced version moves to a later second, away from the older ones still to come.
  for (const { version, fileset, rows } of planned) {
    context.signal.throwIfAborted();
    const entries = rows.map((r) => ({ path: r.path, type: r.type, size: r.size }));
    const bytes = entries.reduce((n, e) => n + e.size, 0);
    const time = new Date(fileset.timestamp * 1000);
    if (dryRun) {
      for (const e of entries) context.log.write("DryRun", "Purge", `Would purge "${e.path}" from version ${version}`);
      versions.push({ version, time, newTime: undefined, entries, bytes });
      continue;
    }
    const staged = await replaceFileset(context, {
      filesetId: fileset.id,
      fileIds: rows.map((r) => r.fileId),
      settings: input.settings,
    });
    versions.push({ version, time, newTime: new Date(staged.timestamp * 1000), entries, bytes });
  }
  const warnings: string[] = [];
  let compacted: CompactResult | undefined;
  if (!dryRun && versions.length > 0 && input.compact) {
    if (report.missingBlockVolumes.length > 0) {
      warnings.push(
        `Skipped compacting: ${report.missingBlockVolumes.length} remote volume(s) are missing or have the wrong ` +
          `size; run "purge-broken-files" first, then "compact"`,
      );
      context.log.warn("Purge", warnings[0]!);
    } else compacted = await compact(context, { ...input.compact, settings: input.settings, reconciled: true });
  }
  context.progress({ type: "phase", phase: "Purge_Complete" });
  return { versions, compact: compacted, warnings, dryRun };
}
