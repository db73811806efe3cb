/**
 * The `manifest` entry every volume starts with (format spec §3.2): BOM + compact JSON, fields in order.
 * @module
 */
import { fromUtf8, utf8WithBom } from "../core/bytes.ts";
import { IntegrityError } from "../core/errors.ts";
import { formatCompactTime } from "./remote_name.ts";

/** The AppVersion we write: the Duplicati release whose format we follow. */
export const APP_VERSION = "2.3.0.4";

export interface Manifest {
  readonly version: number;
  readonly created: string;
  readonly encoding: string;
  readonly blocksize: number;
  readonly blockHash: string;
  readonly fileHash: string;
  readonly appVersion: string;
}

/** The parameters a backup fixes for life; every manifest must agree with them. */
export interface VolumeParameters {
  readonly blocksize: number;
  readonly blockHash: string;
  readonly fileHash: string;
}

export function encodeManifest(parameters: VolumeParameters, created: Date): Uint8Array {
  const json = `{"Version":2,"Created":${JSON.stringify(formatCompactTime(created))},"Encoding":"utf8",` +
    `"Blocksize":${parameters.blocksize},"BlockHash":${JSON.stringify(parameters.blockHash)},` +
    `"FileHash":${JSON.stringify(parameters.fileHash)},"AppVersion":${JSON.stringify(APP_VERSION)}}`;
  return utf8WithBom(json);
}

/** Parses a manifest; throws IntegrityError for one Duplicati would also refuse. */
export function decodeManifest(bytes: Uint8Array, volumeName: string): Manifest {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(fromUtf8(bytes));
  } catch (error) {
    throw new IntegrityError(`Cannot read the manifest of "${volumeName}": invalid JSON`, { cause: error });
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new IntegrityError(`Cannot read the manifest of "${volumeName}": it is not a JSON object`);
  }
  const manifest: Manifest = {
    version: Number(raw.Version),
    created: String(raw.Created ?? ""),
    encoding: String(raw.Encoding ?? ""),
    blocksize: Number(raw.Blocksize),
    blockHash: String(raw.BlockHash ?? ""),
    fileHash: String(raw.FileHash ?? ""),
    appVersion: String(raw.AppVersion ?? ""),
  };
  if (!(manifest.version >= 1 && manifest.version <= 2)) {
    throw new IntegrityError(`Cannot read "${volumeName}": manifest version ${raw.Version} is not supported`);
  }
  if (manifest.encoding !== "utf8") {
    throw new IntegrityError(`Cannot read "${volumeName}": manifest encoding "${manifest.encoding}" is not utf8`);
  }
  if (!Number.isInteger(manifest.blocksize) || manifest.blocksize < 1) {
    throw new IntegrityError(`Cannot read "${volumeName}": manifest block size is invalid`);
  }
  return manifest;
}

/** Throws when a volume was written with other parameters than the backup's. */
export function checkManifest(manifest: Manifest, expected: VolumeParameters, volumeName: string): void {
  if (
    manifest.blocksize !== expected.blocksize || manifest.blockHash !== expected.blockHash ||
    manifest.fileHash !== expected.fileHash
  ) {
    throw new IntegrityError(
      `Cannot use "${volumeName}": it was written with block size ${manifest.blocksize} and hashes ` +
        `${manifest.blockHash}/${manifest.fileHash}, but the backup uses ${expected.blocksize} and ` +
        `${expected.blockHash}/${expected.fileHash}`,
    );
  }
}
