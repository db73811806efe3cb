/**
 * A volume read in windows from a {@link RandomAccessSource} instead of from one buffer: memory holds a window of a
 * few MiB whatever the volume's size (`--dblock-size` allows 2 GiB). Opening decrypts the end of the file (the zip
 * central directory) and the manifest, after an encrypted volume's HMAC was checked over the whole file (read through
 * once; the reads that follow come from the page cache), so nothing is used from a damaged or forged volume.
 * {@link VolumeFile.forEach} then hands out the wanted entries in archive order, each window holding several.
 * @module
 */
import { IntegrityError, UserInputError } from "../core/errors.ts";
import { AesCryptRandomReader } from "./aescrypt/random_access.ts";
import { checkManifest, decodeManifest, type Manifest, type VolumeParameters } from "./manifest.ts";
import { GrowableBuffer, type RandomAccessSource } from "./random_access.ts";
import { parseRemoteName } from "./remote_name.ts";
import { decodeZipEntry, localEntryData, readZipDirectory, type ZipEntryInfo } from "./zip/zip_reader.ts";

/** Wanted entries are read together while they fit in a window of this many bytes. */
export const WINDOW_SIZE = 4 * 1024 * 1024;
/** The first look at the end of the archive: the end record, its longest comment and a Zip64 locator. */
const TAIL_PROBE = 22 + 0xffff + 20 + 56;

/** Plaintext of a volume, read by range. */
interface PlainReader {
  readonly plainLength: number;
  read(start: number, end: number): Promise<Uint8Array>;
  /** Checks the whole file's integrity code, if it has one (an unencrypted volume has only CRC-32s per entry). */
  verify(): void;
  release(): void;
}

export class VolumeFile {
  readonly name: string;
  readonly manifest: Manifest;
  readonly entries: readonly ZipEntryInfo[];
  readonly #reader: PlainReader;
  readonly #byName: Map<string, ZipEntryInfo>;
  /** Where each entry's region ends: the next entry's local header, or the central directory. */
  readonly #regionEnd: Map<ZipEntryInfo, number>;

  private constructor(
    name: string,
    reader: PlainReader,
    directory: { entries: ZipEntryInfo[]; directoryOffset: number },
    manifest: Manifest,
    regionEnd: Map<ZipEntryInfo, number>,
  ) {
    this.name = name;
    this.#reader = reader;
    this.entries = directory.entries;
    this.manifest = manifest;
    this.#regionEnd = regionEnd;
    this.#byName = new Map();
    for (const entry of directory.entries) if (!this.#byName.has(entry.name)) this.#byName.set(entry.name, entry);
  }

  /**
   * Opens the volume `name` (decrypting when the name says it is encrypted, after checking its HMAC), reads its
   * central directory and checks its manifest.
   * @throws WrongPassphraseError, IntegrityError (damage), UserInputError (no passphrase, unknown encryption)
   */
  static async open(
    name: string,
    source: RandomAccessSource,
    options: { readonly passphrase: string | undefined; readonly expected?: VolumeParameters },
  ): Promise<VolumeFile> {
    const parsed = parseRemoteName(name);
    let reader: PlainReader;
    if (parsed?.encryption) {
      if (parsed.encryption.toLowerCase() !== "aes") {
        throw new UserInputError(`Cannot open "${name}": encryption module "${parsed.encryption}" is not supported`);
      }
      if (!options.passphrase) {
        throw new UserInputError(`Cannot open "${name}": the backup is encrypted and no passphrase was given`);
      }
      reader = await AesCryptRandomReader.open(source, options.passphrase, { name });
    } else reader = new PlainFileReader(source);
    try {
      reader.verify();
      const length = reader.plainLength;
      // The end record, then (when the first look falls short) the Zip64 locator and end record, then the directory.
      let tailStart = Math.max(0, length - TAIL_PROBE);
      let directory = readZipDirectory(await reader.read(tailStart, length), tailStart, length, name);
      for (let step = 1; "needFrom" in directory; step++) {
        if (step > 3 || directory.needFrom >= tailStart) {
          throw new IntegrityError(`Cannot read "${name}": its central directory is damaged`);
        }
        tailStart = directory.needFrom;
        directory = readZipDirectory(await reader.read(tailStart, length), tailStart, length, name);
      }
      const regionEnd = regionEnds(directory.entries, directory.directoryOffset);
      const manifestEntry = directory.entries.find((entry) => entry.name === "manifest");
      if (!manifestEntry) throw new IntegrityError(`Cannot read "${name}": it has no manifest`);
      const region = await reader.read(manifestEntry.localHeaderOffset, regionEnd.get(manifestEntry)!);
      const raw = localEntryData(region, manifestEntry.localHeaderOffset, manifestEntry, name);
      const manifest = decodeManifest(decodeZipEntry(manifestEntry, raw, name), name);
      if (options.expected) checkManifest(manifest, options.expected, name);
      return new VolumeFile(name, reader, directory, manifest, regionEnd);
    } catch (error) {
      reader.release();
      throw error;
    }
  }

  get(name: string): ZipEntryInfo | undefined {
    return this.#byName.get(name);
  }

  /**
   * Calls `visit` with the stored (still compressed) bytes of each of `wanted`, in archive order, or with the error
   * that kept one entry from being read. The bytes are valid only during the call. Decode them with
   * {@link decodeZipEntry}.
   */
  async forEach(
    wanted: readonly ZipEntryInfo[],
    visit: (entry: ZipEntryInfo, raw: Uint8Array | IntegrityError) => void,
  ): Promise<void> {
    const sorted = [...new Set(wanted)].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
    let i = 0;
    while (i < sorted.length) {
      const start = sorted[i]!.localHeaderOffset;
      let end = this.#end(sorted[i]!);
      let j = i + 1;
      while (j < sorted.length && this.#end(sorted[j]!) - start <= WINDOW_SIZE) end = this.#end(sorted[j++]!);
      const window = await this.#reader.read(start, end);
      for (; i < j; i++) {
        const entry = sorted[i]!;
        let raw: Uint8Array | IntegrityError;
        try {
          raw = localEntryData(window, start, entry, this.name);
        } catch (error) {
          if (!(error instanceof IntegrityError)) throw error;
          raw = error;
        }
        visit(entry, raw);
      }
    }
  }

  /** Frees the window buffers. */
  close(): void {
    this.#reader.release();
  }

  #end(entry: ZipEntryInfo): number {
    return Math.max(entry.localHeaderOffset, Math.min(this.#regionEnd.get(entry)!, this.#reader.plainLength));
  }
}

/** Each entry's region: from its local header to the next entry's, the last one to the central directory. */
function regionEnds(entries: readonly ZipEntryInfo[], directoryOffset: number): Map<ZipEntryInfo, number> {
  const sorted = [...entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  const ends = new Map<ZipEntryInfo, number>();
  // From the last entry back, so the next larger offset is at hand (damaged archives may repeat an offset).
  let next = directoryOffset;
  for (let i = sorted.length - 1; i >= 0; i--) {
    const entry = sorted[i]!;
    const following = sorted[i + 1]?.localHeaderOffset;
    if (following !== undefined && following > entry.localHeaderOffset) next = following;
    ends.set(entry, Math.max(entry.localHeaderOffset, next));
  }
  return ends;
}

/** An unencrypted volume: the file is the plaintext. Entries carry CRC-32s; there is no whole-file check. */
class PlainFileReader implements PlainReader {
  readonly plainLength: number;
  readonly #source: RandomAccessSource;
  readonly #buffer = new GrowableBuffer();

  constructor(source: RandomAccessSource) {
    this.#source = source;
    this.plainLength = source.size;
  }

  read(start: number, end: number): Promise<Uint8Array> {
    const bytes = this.#buffer.take(end - start);
    this.#source.readAt(bytes, start);
    return Promise.resolve(bytes);
  }

  verify(): void {}

  release(): void {
    this.#buffer.release();
  }
}
