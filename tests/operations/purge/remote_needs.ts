/**
 * Which blocks each entry of each version needs, read from the (unencrypted, still intact) remote files alone: the
 * dlists name content and metadata hashes and blocklists, the dblocks hold the blocks (and the blocklists' bytes).
 * Independent of the local database, so tests can check list-broken-files against it.
 * @module
 */
import { entryNameToBase64, toBase64 } from "../../../lib/core/bytes.ts";
import { compareUtf8, decodeFilelist, type DlistEntry } from "../../../lib/volumes/dlist.ts";
import { parseRemoteName } from "../../../lib/volumes/remote_name.ts";
import { openVolume } from "../../../lib/volumes/volume_reader.ts";

const HASH_SIZE = 32;

export interface NeedingEntry {
  readonly path: string;
  readonly type: DlistEntry["type"];
  readonly size: number;
  /** Base64 hashes of every block needed: content, metadata and the blocklists of either. */
  readonly needs: ReadonlySet<string>;
}

export interface RemoteLayout {
  /** dblock name → base64 hashes of its blocks. */
  readonly volumes: ReadonlyMap<string, ReadonlySet<string>>;
  /** Versions newest first (index = version number). */
  readonly versions: readonly { readonly time: Date; readonly entries: readonly NeedingEntry[] }[];
}

/** Reads the layout from remote file name → bytes. */
export async function remoteLayout(files: ReadonlyMap<string, Uint8Array>): Promise<RemoteLayout> {
  const volumes = new Map<string, Set<string>>();
  const blockBytes = new Map<string, Uint8Array>();
  const dlists: { name: string; time: Date }[] = [];
  for (const [name, bytes] of files) {
    const parsed = parseRemoteName(name);
    if (parsed?.type === "dlist") dlists.push({ name, time: parsed.time! });
    if (parsed?.type !== "dblock") continue;
    const volume = await openVolume(name, bytes, { passphrase: undefined });
    const hashes = new Set<string>();
    for (const entry of volume.zip.entries) {
      if (entry.name === "manifest") continue;
      const hash = entryNameToBase64(entry.name);
      hashes.add(hash);
      blockBytes.set(hash, volume.zip.read(entry));
    }
    volumes.set(name, hashes);
  }
  const listed = (lists: readonly string[] | undefined, needs: Set<string>) => {
    for (const list of lists ?? []) {
      needs.add(list);
      const bytes = blockBytes.get(list)!;
      for (let at = 0; at < bytes.length; at += HASH_SIZE) needs.add(toBase64(bytes.subarray(at, at + HASH_SIZE)));
    }
  };
  const versions = [];
  for (const { name, time } of dlists.sort((a, b) => b.time.getTime() - a.time.getTime())) {
    const volume = await openVolume(name, files.get(name)!, { passphrase: undefined });
    const entries = decodeFilelist(volume.zip.read("filelist.json"), name).map((e) => {
      const needs = new Set<string>();
      if (e.type === "File" && (e.size ?? 0) > 0) {
        if (e.blocklists) listed(e.blocklists, needs);
        else needs.add(e.blockhash ?? e.hash!);
      }
      if (e.metahash && (e.metasize ?? 0) > 0) {
        if (e.metablocklists) listed(e.metablocklists, needs);
        else needs.add(e.metablockhash ?? e.metahash);
      }
      return { path: e.path, type: e.type, size: e.type === "File" ? e.size ?? 0 : 0, needs };
    });
    versions.push({ time, entries: entries.sort((a, b) => compareUtf8(a.path, b.path)) });
  }
  return { volumes, versions };
}

/** The entries, per version (skipping versions with none), that need a block of one of `volumeNames`. */
export function brokenBy(
  layout: RemoteLayout,
  volumeNames: readonly string[],
): { version: number; time: Date; entries: NeedingEntry[] }[] {
  const lost = new Set(volumeNames.flatMap((n) => [...layout.volumes.get(n)!]));
  return layout.versions.map((v, version) => ({
    version,
    time: v.time,
    entries: v.entries.filter((e) => [...e.needs].some((h) => lost.has(h))),
  })).filter((v) => v.entries.length > 0);
}

/** A dblock whose loss breaks some entries of at least `minVersions` versions but leaves some files whole. */
export function pickVolume(layout: RemoteLayout, minVersions: number): string {
  const files = layout.versions.flatMap((v) => v.entries.filter((e) => e.type === "File"));
  let best: [string, number] | undefined;
  for (const name of [...layout.volumes.keys()].sort()) {
    const hit = brokenBy(layout, [name]);
    const brokenFiles = hit.flatMap((v) => v.entries.filter((e) => e.type === "File")).length;
    if (hit.length < minVersions || brokenFiles === 0 || brokenFiles >= files.length) continue;
    // Every hit version must keep some whole files, so "the other files still restore" can be checked in each.
    const wipesAVersion = hit.some((h) => {
      const all = layout.versions[h.version]!.entries.filter((e) => e.type === "File").length;
      return h.entries.filter((e) => e.type === "File").length >= all;
    });
    if (wipesAVersion) continue;
    if (!best || brokenFiles > best[1]) best = [name, brokenFiles];
  }
  if (!best) throw new Error(`No dblock breaks files in ${minVersions} version(s) and leaves others whole`);
  return best[0];
}
