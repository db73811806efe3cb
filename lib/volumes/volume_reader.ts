/**
 * Opens a downloaded volume: decrypts when the name says it is encrypted, reads the zip and checks the manifest.
 * @module
 */
import { IntegrityError, UserInputError } from "../core/errors.ts";
import { decryptAesCrypt } from "./aescrypt/mod.ts";
import { checkManifest, decodeManifest, type Manifest, type VolumeParameters } from "./manifest.ts";
import { parseRemoteName } from "./remote_name.ts";
import { ZipReader } from "./zip/zip_reader.ts";

export interface OpenedVolume {
  readonly name: string;
  readonly manifest: Manifest;
  readonly zip: ZipReader;
}

export interface OpenVolumeOptions {
  readonly passphrase: string | undefined;
  /** When given, the manifest must match these parameters. */
  readonly expected?: VolumeParameters;
  /** Decrypt into `bytes` itself: the caller gives up the downloaded bytes, and memory holds one copy. */
  readonly decryptInPlace?: boolean;
}

/** Decrypts (if needed) and opens a volume held in memory. */
export async function openVolume(name: string, bytes: Uint8Array, options: OpenVolumeOptions): Promise<OpenedVolume> {
  const parsed = parseRemoteName(name);
  let plain = bytes;
  if (parsed?.encryption) {
    if (parsed.encryption.toLowerCase() !== "aes") {
      throw new UserInputError(`Cannot open "${name}": encryption module "${parsed.encryption}" is not supported`);
    }
    if (!options.passphrase) {
      throw new UserInputError(`Cannot open "${name}": the backup is encrypted and no passphrase was given`);
    }
    plain = await decryptAesCrypt(bytes, options.passphrase, { name, inPlace: options.decryptInPlace ?? false });
  }
  const zip = new ZipReader(plain, name);
  if (!zip.has("manifest")) throw new IntegrityError(`Cannot read "${name}": it has no manifest`);
  const manifest = decodeManifest(zip.read("manifest"), name);
  if (options.expected) checkManifest(manifest, options.expected, name);
  return { name, manifest, zip };
}
