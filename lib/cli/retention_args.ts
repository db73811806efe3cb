/**
 * Reads the retention and compact options into the engine's inputs, for `delete`, `compact` and `backup`.
 * @module
 */
import type { CompactThresholds } from "../operations/compact/compact_plan.ts";
import type { CompactResult } from "../operations/compact/compact.ts";
import type { RetentionInput } from "../operations/delete/retention.ts";
import type { VolumeSettings } from "../operations/context.ts";
import type { Options } from "../options/option_spec.ts";
import { parseRetentionPolicy } from "../options/parse_retention_policy.ts";
import { VERSION } from "../options/restore_options.ts";
import {
  ALLOW_FULL_REMOVAL,
  KEEP_TIME,
  KEEP_VERSIONS,
  NO_AUTO_COMPACT,
  RETENTION_POLICY,
  SMALL_FILE_MAX_COUNT,
  SMALL_FILE_SIZE,
  THRESHOLD,
} from "../options/retention_options.ts";
import type { CommandIo } from "./command.ts";
import { formatSize } from "./output.ts";

/** True when any option that selects versions for deletion is set. */
export function hasRetention(options: Options, withVersion: boolean): boolean {
  return (withVersion && options.isSet(VERSION)) || options.get(KEEP_VERSIONS) > 0 ||
    options.get(KEEP_TIME) !== undefined || options.get(RETENTION_POLICY) !== undefined;
}

/** The deletion rules from options (`--version` only when `withVersion`). */
export function retentionInput(options: Options, withVersion: boolean): Omit<RetentionInput, "now"> {
  const policy = options.get(RETENTION_POLICY);
  return {
    versions: withVersion ? options.get(VERSION) : undefined,
    keepVersions: options.get(KEEP_VERSIONS),
    keepTime: options.get(KEEP_TIME)?.trim(),
    policy: policy === undefined ? undefined : parseRetentionPolicy(policy),
    allowFullRemoval: options.get(ALLOW_FULL_REMOVAL),
  };
}

/** Compact thresholds from options. */
export function compactThresholds(options: Options, settings: VolumeSettings): CompactThresholds {
  return {
    threshold: options.get(THRESHOLD),
    smallFileSize: options.get(SMALL_FILE_SIZE) ?? Math.floor(settings.dblockSize / 5),
    smallFileMaxCount: options.get(SMALL_FILE_MAX_COUNT),
  };
}

/** Whether deletions are followed by compact. */
export function autoCompact(options: Options): boolean {
  return !options.get(NO_AUTO_COMPACT);
}

/** Prints a compact result. */
export function printCompact(result: CompactResult, io: CommandIo): void {
  if (result.deletedVolumes === 0 && result.rewrittenVolumes === 0) {
    io.out("Compacting not needed");
    return;
  }
  const prefix = result.dryRun ? "[Dryrun]: Would have " : "";
  if (result.dryRun) {
    io.out(
      `${prefix}deleted ${result.deletedVolumes} and rewritten ${result.rewrittenVolumes} remote volume(s), ` +
        `reclaiming up to ${formatSize(result.deletedBytes)}`,
    );
    return;
  }
  io.out(
    `Compacted: deleted ${result.deletedVolumes} unused and rewrote ${result.rewrittenVolumes} remote volume(s) ` +
      `into ${result.newVolumes} new one(s)`,
  );
  io.out(
    `  Downloaded ${formatSize(result.downloadedBytes)}, uploaded ${formatSize(result.uploadedBytes)}, ` +
      `deleted ${formatSize(result.deletedBytes)}: reclaimed ${formatSize(Math.max(0, result.reclaimedBytes))}`,
  );
}
