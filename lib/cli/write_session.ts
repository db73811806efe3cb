/**
 * Shared setup of the commands that change an existing backup (delete, compact, purge, purge-broken-files, repair
 * with a database): the local database must exist; the fixed parameters (block size, hashes) come from it unless
 * given, the passphrase is checked against it, and the destination is opened.
 * @module
 */
import { UserInputError } from "../core/errors.ts";
import {
  CONFIG_BLOCK_HASH,
  CONFIG_BLOCKSIZE,
  CONFIG_ENCRYPTION,
  CONFIG_FILE_HASH,
  getConfig,
} from "../database/configuration.ts";
import { verifyParameters } from "../operations/backup/backup_parameters.ts";
import type { OperationContext, VolumeSettings } from "../operations/context.ts";
import { BLOCK_HASH_ALGORITHM, BLOCKSIZE, FILE_HASH_ALGORITHM } from "../options/common_options.ts";
import type { Db } from "../database/connection.ts";
import type { Options } from "../options/option_spec.ts";
import type { ParsedArgs } from "./args.ts";
import type { CommandIo } from "./command.ts";
import { type LocalDb, openLocalDb } from "./local_database.ts";
import { resolvePassphrase } from "./passphrase.ts";
import { type ProgressLine, progressLine } from "./progress_line.ts";
import { type CliBasics, openBasics, openContext, targetUrl, volumeSettings } from "./session.ts";

export interface WriteSession {
  readonly basics: CliBasics;
  readonly local: LocalDb;
  readonly context: OperationContext & { closeBackend(): Promise<void> };
  readonly settings: VolumeSettings;
  readonly progress: ProgressLine;
  close(): Promise<void>;
}

/** Opens everything; `action` names the command in errors ("delete versions"). */
export async function openWriteSession(
  args: ParsedArgs,
  env: { io: CommandIo; urlText: string; action: string },
): Promise<WriteSession> {
  const { io } = env;
  const basics = openBasics(args, io);
  let local: LocalDb | undefined;
  try {
    const url = targetUrl(env.urlText, io);
    local = openLocalDb(basics, url, "existing");
    if (!local) {
      throw new UserInputError(
        `Cannot ${env.action}: there is no local database for this backup. ` +
          `Run "repair" with the same storage URL to rebuild it from the destination`,
      );
    }
    const { options } = basics;
    const encrypted = getConfig(local.db, CONFIG_ENCRYPTION) === "aes";
    const passphrase = encrypted ? await resolvePassphrase(options, io, { confirm: false }) : undefined;
    const settings = storedSettings(options, { db: local.db, passphrase });
    if (getConfig(local.db, CONFIG_BLOCKSIZE) !== undefined) verifyParameters(local.db, settings);
    const progress = progressLine(io);
    const context = await openContext({ url, basics, io, db: local.db, progress: progress.sink });
    const db = local;
    return {
      basics,
      local: db,
      context,
      settings,
      progress,
      async close() {
        progress.done();
        await context.closeBackend();
        db.close(false);
        basics.close();
      },
    };
  } catch (error) {
    local?.close(false);
    basics.close();
    throw error;
  }
}

/**
 * Volume settings from options, with the fixed parameters (block size, hashes) taken from the database unless the
 * options set them (then verifyParameters refuses a change).
 */
export function storedSettings(options: Options, env: { db: Db; passphrase: string | undefined }): VolumeSettings {
  const base = volumeSettings(options, env.passphrase);
  const stored = (key: string) => getConfig(env.db, key);
  return {
    ...base,
    blocksize: options.isSet(BLOCKSIZE) ? base.blocksize : Number(stored(CONFIG_BLOCKSIZE) ?? base.blocksize),
    blockHash: options.isSet(BLOCK_HASH_ALGORITHM) ? base.blockHash : stored(CONFIG_BLOCK_HASH) ?? base.blockHash,
    fileHash: options.isSet(FILE_HASH_ALGORITHM) ? base.fileHash : stored(CONFIG_FILE_HASH) ?? base.fileHash,
  };
}
