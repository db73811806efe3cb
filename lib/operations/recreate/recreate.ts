/**
 * Builds a local database from the remote alone: dindex files give volumes, blocks and blocklists; dblocks are
 * downloaded only when no readable index covers them; then the chosen dlists become filesets. Used by restore
 * when there is no local database (a machine that lost everything).
 * @module
 */
import { getBytes, type RemoteEntry } from "../../backends/backend.ts";
import { IntegrityError, UserInputError } from "../../core/errors.ts";
import { HASH_ALGORITHMS, type HashAlgorithm, hashSize } from "../../blocks/hash.ts";
import { TxBatch } from "../../database/batch.ts";
import {
  CONFIG_BLOCK_HASH,
  CONFIG_BLOCKSIZE,
  CONFIG_ENCRYPTION,
  CONFIG_FILE_HASH,
  setConfig,
} from "../../database/configuration.ts";
import type { VolumeParameters } from "../../volumes/manifest.ts";
import { parseRemoteName } from "../../volumes/remote_name.ts";
import { type OpenedVolume, openVolume } from "../../volumes/volume_reader.ts";
import type { OperationContext } from "../context.ts";
import { listRemote } from "../common/remote_listing.ts";
import { importDlist } from "./import_dlist.ts";
import { readIndexes, readUncoveredBlockVolumes, registerMissingBlockVolumes } from "./remote_index.ts";
import { fetchBlocklist } from "./fetch_blocklist.ts";
import { fileHash } from "./file_hash.ts";
import { forgetUnprovenBlockVolumes } from "./forget_unproven.ts";

export interface RecreateInput {
  readonly prefix: string;
  readonly passphrase: string | undefined;
  /** Chooses which dlists (newest first, by time) to import; all when absent. */
  readonly chooseVersions?: (times: readonly Date[]) => readonly number[];
  /** The destination's listing when the caller already has it (saves listing again). */
  readonly remote?: ReadonlyMap<string, RemoteEntry>;
  /** Read dindex files and blocklists (needed to restore; not to list). Default true. */
  readonly readBlocks?: boolean;
}

export interface RecreateResult {
  readonly filesets: number;
  readonly warnings: readonly string[];
  readonly parameters: VolumeParameters;
}

export async function recreateDatabase(context: OperationContext, input: RecreateInput): Promise<RecreateResult> {
  const warnings: string[] = [];
  const warn = (message: string, error?: unknown) => {
    warnings.push(error instanceof Error ? `${message}: ${error.message}` : message);
    context.log.warn("Recreate", message, error);
  };
  const remote = input.remote ?? await listRemote(context, input.prefix, { createFolder: false });
  const dlists = [...remote.keys()]
    .map((name) => ({ name, parsed: parseRemoteName(name)! }))
    .filter((d) => d.parsed.type === "dlist")
    .sort((a, b) => b.parsed.time!.getTime() - a.parsed.time!.getTime());
  if (dlists.length === 0) {
    throw new UserInputError(`Cannot find a backup at the destination: there are no "${input.prefix}-*.dlist" files`);
  }
  const chosen = input.chooseVersions
    ? input.chooseVersions(dlists.map((d) => d.parsed.time!))
    : dlists.map((_, i) => i);
  if (chosen.length === 0) throw new UserInputError("Cannot find the requested version at the destination");
  const opened: { volume: OpenedVolume; size: number; hash: string }[] = [];
  for (const index of chosen) {
    const dlist = dlists[index]!;
    const bytes = await getBytes(context.backend, dlist.name);
    const volume = await openVolume(dlist.name, bytes, { passphrase: input.passphrase });
    opened.push({ volume, size: bytes.length, hash: fileHash(bytes) });
  }
  const first = opened[0]!.volume.manifest;
  const parameters: VolumeParameters = {
    blocksize: first.blocksize,
    blockHash: first.blockHash,
    fileHash: first.fileHash,
  };
  for (const name of [parameters.blockHash, parameters.fileHash]) {
    if (!(HASH_ALGORITHMS as readonly string[]).includes(name)) {
      throw new IntegrityError(`Cannot read the backup: its manifest names the unknown hash algorithm "${name}"`);
    }
  }
  const batch = new TxBatch(context.db);
  batch.ensure();
  try {
    setConfig(context.db, CONFIG_BLOCKSIZE, String(parameters.blocksize));
    setConfig(context.db, CONFIG_BLOCK_HASH, parameters.blockHash);
    setConfig(context.db, CONFIG_FILE_HASH, parameters.fileHash);
    setConfig(context.db, CONFIG_ENCRYPTION, input.passphrase ? "aes" : "none");
    const blocklists = new Map<string, Uint8Array>();
    const readInput = { remote, passphrase: input.passphrase, parameters, blocklists, warn };
    const readBlocks = input.readBlocks ?? true;
    if (readBlocks) {
      const { covered, missing } = await readIndexes(context, readInput);
      await readUncoveredBlockVolumes(context, { ...readInput, covered });
      registerMissingBlockVolumes(context, { missing, warn: readInput.warn });
      for (const { volume } of opened) {
        await fetchBlocklist(context, { volume, blocklists, passphrase: input.passphrase, parameters, warn });
      }
    }
    const size = hashSize(parameters.blockHash as HashAlgorithm);
    for (const { volume, size: volumeSize, hash } of opened) {
      importDlist(volume, { size: volumeSize, hash }, {
        db: context.db,
        blocksize: parameters.blocksize,
        hashSize: size,
        blocklist: (key) => blocklists.get(key),
        warn: readBlocks ? warn : () => {},
      });
    }
    if (readBlocks) forgetUnprovenBlockVolumes(context.db);
    batch.commit();
  } catch (error) {
    batch.rollback();
    throw error;
  }
  return { filesets: opened.length, warnings, parameters };
}
