/**
 * Writes the dindex for one dblock: manifest, `list/` copies of the blocklists stored in it, and the `vol/` entry
 * with every block and the dblock's uploaded hash and size.
 * @module
 */
import { base64ToEntryName, fromBase64 } from "../../core/bytes.ts";
import { encodeVolumeIndex, type IndexedBlock, LIST_PREFIX, VOL_PREFIX } from "../../volumes/dindex.ts";
import { encodeManifest } from "../../volumes/manifest.ts";
import { type SealedVolume, VolumeFileWriter } from "../../volumes/volume_writer.ts";
import { storedEntry } from "../../volumes/zip/zip_writer.ts";
import type { VolumeSettings } from "../context.ts";

export interface IndexContent {
  readonly blockVolumeName: string;
  readonly blockVolumeHash: string;
  readonly blockVolumeSize: number;
  readonly blocks: readonly IndexedBlock[];
  /** Blocklist key (base64) → raw blocklist bytes. */
  readonly blocklists: ReadonlyMap<string, Uint8Array>;
}

export async function writeIndexVolume(
  path: string,
  content: IndexContent,
  settings: VolumeSettings,
  now: Date,
): Promise<SealedVolume> {
  const writer = new VolumeFileWriter({ path, passphrase: settings.passphrase });
  try {
    writer.addText("manifest", encodeManifest(settings, now));
    for (const [key, blob] of content.blocklists) writer.add(storedEntry(LIST_PREFIX + base64ToEntryName(key), blob));
    writer.addText(
      VOL_PREFIX + content.blockVolumeName,
      encodeVolumeIndex({
        blocks: content.blocks,
        volumehash: content.blockVolumeHash,
        volumesize: content.blockVolumeSize,
      }),
    );
    return await writer.finish();
  } catch (error) {
    writer.discard();
    throw error;
  }
}

/** Raw blocklist bytes from its base64 block hashes. */
export function blocklistBytes(hashes: readonly string[]): Uint8Array {
  const raws = hashes.map(fromBase64);
  const out = new Uint8Array(raws.reduce((n, r) => n + r.length, 0));
  let at = 0;
  for (const raw of raws) out.set(raw, at), at += raw.length;
  return out;
}
