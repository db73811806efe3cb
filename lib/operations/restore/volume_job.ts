/**
 * The CPU-heavy half of a restore, run in workers (`restore_worker.ts`) or in-process: one dblock, as a local file,
 * is read in windows (decrypted range by range, never whole), each needed block is decompressed, checked against
 * its hash and written at every offset that needs it; and restored files are read back and hashed. The files were
 * created beforehand by the main thread, so a job only opens them for writing. Results are plain data, so they
 * cross the worker boundary as they are.
 * @module
 */
import { createHash } from "node:crypto";
import { base64ToEntryName } from "../../core/bytes.ts";
import { errorMessage } from "../../core/errors.ts";
import { type FileSource, openFileSource } from "../../volumes/file_source.ts";
import { VolumeFile } from "../../volumes/volume_file.ts";
import { decodeZipEntry, type ZipEntryInfo } from "../../volumes/zip/zip_reader.ts";

/** One place a block is written to. */
export interface BlockWrite {
  readonly path: string;
  readonly offset: number;
}

/** A block needed from the volume. */
export interface JobBlock {
  /** Base64 SHA-256 of the block. */
  readonly hash: string;
  readonly size: number;
  readonly writes: readonly BlockWrite[];
  /** Send the bytes back (metadata blocks, assembled by the main thread). */
  readonly keep: boolean;
}

export interface VolumeJob {
  readonly type: "volume";
  readonly name: string;
  /** The volume's bytes in a local file: the file backend's own file, or a download in the temp folder. */
  readonly path: string;
  readonly passphrase: string | undefined;
  readonly blocks: readonly JobBlock[];
}

export interface HashJob {
  readonly type: "hash";
  readonly paths: readonly string[];
}

export type RestoreJob = VolumeJob | HashJob;

export interface VolumeJobResult {
  readonly type: "volume";
  /** Set when the volume as a whole cannot be read (decryption, zip structure); no block was written then. */
  readonly volumeError?: string;
  /** Per block (same order as the job): undefined when it was read, verified and written everywhere. */
  readonly blockErrors: readonly (string | undefined)[];
  /** Writes that failed, with the reason; the block itself was fine. */
  readonly writeErrors: readonly { readonly path: string; readonly message: string }[];
  /** Bytes of the blocks asked for with `keep`, by block index. */
  readonly kept: readonly { readonly index: number; readonly data: Uint8Array }[];
  /** Decompressed bytes handed out (for progress). */
  readonly bytes: number;
}

export type HashOutcome = { readonly hash: string; readonly size: number } | { readonly error: string };

export interface HashJobResult {
  readonly type: "hash";
  readonly results: readonly HashOutcome[];
}

export type RestoreJobResult = VolumeJobResult | HashJobResult;

/** Runs one job. Never throws: every failure is reported in the result. */
export async function runRestoreJob(job: RestoreJob): Promise<RestoreJobResult> {
  return job.type === "volume" ? await restoreVolume(job) : hashFiles(job);
}

/** Where deflated blocks are decoded, one at a time; grown to the largest block seen. */
let scratch = new Uint8Array(0);

async function restoreVolume(job: VolumeJob): Promise<VolumeJobResult> {
  const blockErrors: (string | undefined)[] = new Array(job.blocks.length).fill(undefined);
  const writeErrors: { path: string; message: string }[] = [];
  const kept: { index: number; data: Uint8Array }[] = [];
  const volumeFailed = (error: unknown): VolumeJobResult => ({
    type: "volume",
    volumeError: errorMessage(error),
    blockErrors,
    writeErrors: [],
    kept: [],
    bytes: 0,
  });
  let source: FileSource | undefined;
  let volume: VolumeFile;
  try {
    source = openFileSource(job.path, job.name);
    volume = await VolumeFile.open(job.name, source, { passphrase: job.passphrase });
  } catch (error) {
    source?.close();
    return volumeFailed(error);
  }
  // The job's blocks by zip entry (one hash with two sizes shares its entry).
  const byEntry = new Map<ZipEntryInfo, number[]>();
  job.blocks.forEach((block, index) => {
    const name = base64ToEntryName(block.hash);
    const entry = volume.get(name);
    if (!entry) blockErrors[index] = `Cannot read "${job.name}": entry "${name}" is missing`;
    else byEntry.set(entry, [...byEntry.get(entry) ?? [], index]);
  });
  const files = new WriteHandles();
  let bytes = 0;
  const largest = job.blocks.reduce((max, block) => Math.max(max, block.size), 0);
  if (scratch.length < largest) scratch = new Uint8Array(largest);
  try {
    await volume.forEach([...byEntry.keys()], (entry, raw) => {
      for (const index of byEntry.get(entry)!) {
        const block = job.blocks[index]!;
        let data: Uint8Array;
        try {
          if (raw instanceof Error) throw raw;
          data = decodeZipEntry(entry, raw, job.name, scratch);
          const actual = createHash("sha256").update(data).digest("base64");
          if (actual !== block.hash || data.length !== block.size) {
            throw new Error(`block "${block.hash}" fails its hash check`);
          }
        } catch (error) {
          blockErrors[index] = errorMessage(error);
          continue;
        }
        for (const write of block.writes) {
          try {
            files.write(write.path, write.offset, data);
          } catch (error) {
            writeErrors.push({ path: write.path, message: errorMessage(error) });
          }
        }
        bytes += data.length * Math.max(1, block.writes.length);
        // A copy: the bytes are a view of the scratch buffer or of the window, and both are reused.
        if (block.keep) kept.push({ index, data: data.slice() });
      }
    });
  } catch (error) {
    return volumeFailed(error);
  } finally {
    files.closeAll();
    volume.close();
    source.close();
  }
  return { type: "volume", blockErrors, writeErrors, kept, bytes };
}

function hashFiles(job: HashJob): HashJobResult {
  const buffer = new Uint8Array(1024 * 1024);
  return {
    type: "hash",
    results: job.paths.map((path) => {
      try {
        return hashFile(path, buffer);
      } catch (error) {
        return { error: errorMessage(error) };
      }
    }),
  };
}

/** Base64 SHA-256 and length of a file on disk, read synchronously in pieces of `buffer`'s size. */
export function hashFile(path: string, buffer = new Uint8Array(1024 * 1024)): { hash: string; size: number } {
  const file = Deno.openSync(path, { read: true });
  try {
    const hasher = createHash("sha256");
    let size = 0;
    for (;;) {
      const n = file.readSync(buffer);
      if (n === null || n === 0) break;
      hasher.update(buffer.subarray(0, n));
      size += n;
    }
    return { hash: hasher.digest("base64"), size };
  } finally {
    file.close();
  }
}

/**
 * Write handles of one job. Blocks of a file sit mostly together in a volume, so a handful of handles is enough;
 * all are closed when the job ends, so the main thread can rename the files once every job touching them is done.
 */
class WriteHandles {
  readonly #open = new Map<string, Deno.FsFile>();

  write(path: string, offset: number, data: Uint8Array): void {
    let file = this.#open.get(path);
    if (!file) {
      if (this.#open.size >= 32) {
        const [oldest, handle] = this.#open.entries().next().value!;
        this.#open.delete(oldest);
        handle.close();
      }
      file = Deno.openSync(path, { write: true });
      this.#open.set(path, file);
    }
    file.seekSync(offset, Deno.SeekMode.Start);
    let at = 0;
    while (at < data.length) at += file.writeSync(data.subarray(at));
  }

  closeAll(): void {
    for (const file of this.#open.values()) file.close();
    this.#open.clear();
  }
}
