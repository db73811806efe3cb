/**
 * How one block is encoded into a zip entry: stored, deflated or zstd-compressed, with Duplicati's rules
 * (format spec §3.1): blocklists and data of already-compressed file types are stored; everything else is
 * compressed unless a cheap probe or the result shows it does not shrink. Pure; runs in workers.
 * @module
 */
import { constants as zlib, crc32, zstdCompressSync } from "node:zlib";
import { sharedDeflater } from "./raw_deflate.ts";
import { type EncodedEntry, ZIP_DEFLATE, ZIP_STORED, ZIP_ZSTD } from "./zip/zip_writer.ts";

export type CompressionMethod = "Deflate" | "ZStandard" | "None";

export interface BlockCodecOptions {
  readonly method: CompressionMethod;
  /** 0-9 for deflate; mapped onto zstd levels 1-19 for ZStandard. */
  readonly level: number;
}

/** `compress`: try; `store`: never compress (blocklists, compressed file types). */
export type CompressionHint = "compress" | "store";

const PROBE_BYTES = 64 * 1024;

/**
 * Encodes one block as a zip entry named `name`. A deflated entry's bytes are a view of this isolate's deflater
 * buffer, valid until the next call: add the entry to a writer (which copies it) before encoding another block.
 */
export function encodeBlock(
  name: string,
  data: Uint8Array,
  options: BlockCodecOptions & { readonly hint: CompressionHint },
): EncodedEntry {
  const crc = crc32(data) >>> 0;
  const stored: EncodedEntry = { name, method: ZIP_STORED, data, size: data.length, crc };
  if (options.hint === "store" || options.method === "None" || options.level === 0 || data.length < 64) return stored;
  if (options.method === "Deflate" && data.length > PROBE_BYTES * 2 && !probeCompressible(data)) return stored;
  // Compressed output of 98% or more of the input is not worth it (format spec §3.1): the block is stored.
  const limit = Math.ceil(data.length * 0.98) - 1;
  let compressed: Uint8Array | undefined;
  if (options.method === "ZStandard") {
    const out = zstdCompressSync(data, { params: { [zlib.ZSTD_c_compressionLevel]: zstdLevel(options.level) } });
    if (out.length <= limit) compressed = new Uint8Array(out);
  } else {
    compressed = sharedDeflater(options.level).deflate(data, limit);
  }
  if (compressed === undefined) return stored;
  return {
    name,
    method: options.method === "ZStandard" ? ZIP_ZSTD : ZIP_DEFLATE,
    data: compressed,
    size: data.length,
    crc,
  };
}

/** Deflates the first 64 KiB at level 1; incompressible data (ratio > 0.95) is stored instead. */
function probeCompressible(data: Uint8Array): boolean {
  return sharedDeflater(1).deflate(data.subarray(0, PROBE_BYTES), Math.floor(PROBE_BYTES * 0.95)) !== undefined;
}

function zstdLevel(level: number): number {
  return Math.max(1, Math.min(19, level <= 6 ? Math.ceil(level / 2) : level * 2 - 9));
}

/** Duplicati's default list of already-compressed file extensions (lower case, with the dot). */
export const COMPRESSED_EXTENSIONS: ReadonlySet<string> = new Set(
  (".7z .aac .ace .alz .apk .appx .arc .arj .avi .avif .b1 .br .bz .bz2 .cab .cbr .cbz .deb .dmg .docx .ear .epub " +
    ".flac .flv .gif .gz .heic .heif .jar .jpeg .jpg .jxl .lz .lz4 .lzh .lzma .lzo .m4a .m4v .mkv .mov .mp3 .mp4 " +
    ".mpeg .mpg .msi .odp .ods .odt .ogg .ogv .opus .png .pptx .rar .rpm .s7z .sit .sitx .tbz .tbz2 .tgz .tlz .txz " +
    ".vob .war .webm .webp .whl .wma .wmv .xlsx .xpi .xz .z .zip .zipx .zst .zstd").split(" "),
);

/** True when the path's extension says the data is already compressed. */
export function isCompressedExtension(path: string): boolean {
  const slash = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  const dot = path.lastIndexOf(".");
  if (dot <= slash + 1) return false;
  return COMPRESSED_EXTENSIONS.has(path.slice(dot).toLowerCase());
}
