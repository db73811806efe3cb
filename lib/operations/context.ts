/**
 * What every operation receives: its backend, its local database, logging, progress, cancellation and clock.
 * Composition happens in `open_context.ts` (CLI) and the server; operations never read argv or options maps.
 * @module
 */
import type { Backend } from "../backends/backend.ts";
import type { LogWriter } from "../core/log.ts";
import type { Db } from "../database/connection.ts";
import type { BlockCodecOptions } from "../volumes/block_codec.ts";
import type { ProgressSink } from "./progress.ts";

export interface OperationContext {
  readonly backend: Backend;
  readonly db: Db;
  readonly log: LogWriter;
  readonly progress: ProgressSink;
  readonly signal: AbortSignal;
  readonly now: () => Date;
}

/** How volumes are written and read: fixed per backup except for the packing knobs. */
export interface VolumeSettings {
  readonly prefix: string;
  /** AES Crypt passphrase; undefined means unencrypted. */
  readonly passphrase: string | undefined;
  readonly blocksize: number;
  readonly blockHash: string;
  readonly fileHash: string;
  readonly dblockSize: number;
  readonly codec: BlockCodecOptions;
  readonly tempDir: string;
  /** Uploads in flight at once. */
  readonly uploadConcurrency: number;
  /** Compression lanes; with `useWorkers` each is a Worker. */
  readonly compressors: number;
  readonly useWorkers: boolean;
}

/** The encryption module key used in names, from the passphrase. */
export function encryptionOf(settings: Pick<VolumeSettings, "passphrase">): string | undefined {
  return settings.passphrase ? "aes" : undefined;
}
