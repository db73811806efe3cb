/**
 * Shared setup of the read-only commands (restore, list, find, list-filesets): use the local database when there
 * is one, else build a temporary one from the remote (dlist + dindex files), so these commands work on a machine
 * that lost everything.
 * @module
 */
import type { TargetUrl } from "../backends/target_url.ts";
import { CONFIG_ENCRYPTION, getConfig } from "../database/configuration.ts";
import { verifyParameters } from "../operations/backup/backup_parameters.ts";
import type { OperationContext } from "../operations/context.ts";
import { listRemote } from "../operations/common/remote_listing.ts";
import type { VersionSelector } from "../operations/common/select_version.ts";
import { recreateDatabase } from "../operations/recreate/recreate.ts";
import { BLOCK_HASH_ALGORITHM, BLOCKSIZE, FILE_HASH_ALGORITHM, PREFIX } from "../options/common_options.ts";
import type { CommandIo } from "./command.ts";
import { type LocalDb, openLocalDb, openTemporaryDb } from "./local_database.ts";
import { passphraseForListing, resolvePassphrase } from "./passphrase.ts";
import type { ProgressLine } from "./progress_line.ts";
import { type CliBasics, openContext } from "./session.ts";

export interface ReadSession {
  readonly context: OperationContext & { closeBackend(): Promise<void> };
  readonly local: LocalDb;
  readonly passphrase: string | undefined;
  /** The selector to use against `local` (a temporary database holds only the chosen versions). */
  readonly selector: VersionSelector;
  close(): Promise<void>;
}

export async function openReadSession(
  env: {
    basics: CliBasics;
    url: TargetUrl;
    io: CommandIo;
    progress: ProgressLine;
    selector: VersionSelector;
    needBlocks: boolean;
  },
): Promise<ReadSession> {
  const { basics, url, io } = env;
  const { options } = basics;
  const existing = openLocalDb(basics, url, "existing");
  const local = existing ?? openTemporaryDb(basics);
  let context: ReadSession["context"] | undefined;
  try {
    context = await openContext({ url, basics, io, db: local.db, progress: env.progress.sink });
    let passphrase: string | undefined;
    let selector = env.selector;
    if (existing) {
      if (getConfig(local.db, CONFIG_ENCRYPTION) === "aes") {
        passphrase = await resolvePassphrase(options, io, { confirm: false });
      }
      verifyParameters(local.db, {
        blocksize: Number(getConfig(local.db, "blocksize") ?? options.get(BLOCKSIZE)),
        blockHash: options.get(BLOCK_HASH_ALGORITHM),
        fileHash: options.get(FILE_HASH_ALGORITHM),
        passphrase,
      });
    } else {
      const prefix = options.get(PREFIX);
      const remote = await listRemote(context, prefix, { createFolder: false });
      passphrase = await passphraseForListing(remote, { options, io });
      context.progress({ type: "phase", phase: "Restore_RecreateDatabase" });
      // Restoring needs one version: import only its dlist. Listing shows version numbers, so import them all.
      let chosen: number[] | undefined;
      await recreateDatabase(context, {
        prefix,
        remote,
        passphrase,
        readBlocks: env.needBlocks,
        ...(env.needBlocks
          ? {
            chooseVersions: (times: readonly Date[]) => {
              chosen = pickVersions(times, env.selector);
              return chosen;
            },
          }
          : {}),
      });
      if (env.needBlocks && chosen) selector = { versions: [0] };
    }
    const ctx = context;
    return {
      context: ctx,
      local,
      passphrase,
      selector,
      async close() {
        await ctx.closeBackend();
        local.close(false);
      },
    };
  } catch (error) {
    await context?.closeBackend();
    local.close(true);
    throw error;
  }
}

/** Which dlists (indices into the newest-first list) a selector needs. */
function pickVersions(times: readonly Date[], selector: VersionSelector): number[] {
  if (selector.all) return times.map((_, i) => i);
  if (selector.versions && selector.versions.length > 0) return selector.versions.filter((v) => v < times.length);
  if (selector.time) {
    const limit = selector.time.getTime();
    const hit = times.findIndex((t) => t.getTime() <= limit);
    return hit < 0 ? [] : [hit];
  }
  return times.length > 0 ? [0] : [];
}
