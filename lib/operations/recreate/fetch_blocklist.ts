/**
 * Blocklists that no dindex copied: find the dblock holding each one and read it from there (one download per
 * dblock, however many blocklists it holds).
 * @module
 */
import { getBytes } from "../../backends/backend.ts";
import { base64ToEntryName } from "../../core/bytes.ts";
import { digestBase64 } from "../../blocks/hash.ts";
import { stmt } from "../../database/statements.ts";
import { decodeFilelist } from "../../volumes/dlist.ts";
import type { VolumeParameters } from "../../volumes/manifest.ts";
import { type OpenedVolume, openVolume } from "../../volumes/volume_reader.ts";
import type { OperationContext } from "../context.ts";

/** Adds missing blocklists of `volume`'s entries to `blocklists` (any still missing are reported on import). */
export async function fetchBlocklist(
  context: OperationContext,
  input: {
    volume: OpenedVolume;
    blocklists: Map<string, Uint8Array>;
    passphrase: string | undefined;
    parameters: VolumeParameters;
    warn: (message: string, error?: unknown) => void;
  },
): Promise<void> {
  const needed = new Set<string>();
  for (const entry of decodeFilelist(input.volume.zip.read("filelist.json"), input.volume.name)) {
    for (const key of [...(entry.blocklists ?? []), ...(entry.metablocklists ?? [])]) {
      if (!input.blocklists.has(key)) needed.add(key);
    }
  }
  const byVolume = new Map<string, string[]>();
  for (const key of needed) {
    const row = stmt(
      context.db,
      "SELECT v.name AS name FROM block b JOIN remote_volume v ON v.id = b.volume_id WHERE b.hash = ?",
    )
      .get(key) as { name: string } | undefined;
    if (!row) continue;
    const list = byVolume.get(row.name) ?? [];
    list.push(key);
    byVolume.set(row.name, list);
  }
  for (const [name, keys] of byVolume) {
    try {
      const opened = await openVolume(name, await getBytes(context.backend, name), {
        passphrase: input.passphrase,
        expected: input.parameters,
      });
      for (const key of keys) {
        const blob = opened.zip.read(base64ToEntryName(key));
        if (digestBase64(input.parameters.blockHash, blob) === key) {
          input.blocklists.set(key, blob);
          needed.delete(key);
        }
      }
    } catch (error) {
      input.warn(`Cannot read blocklists from "${name}"`, error);
    }
  }
}
