/**
 * Content check of a downloaded dindex. Always: every `list/` blocklist hashes to its name and every `vol/` entry
 * parses. In a full check also: each `vol/` entry names a dblock the database knows, with its recorded hash and
 * size, and lists exactly the blocks the database places in that dblock; the dblocks the database links to this
 * index all have a `vol/` entry; and every blocklist stored in those dblocks has its `list/` copy.
 * @module
 */
import { base64ToEntryName, entryNameToBase64 } from "../../core/bytes.ts";
import { digestBase64 } from "../../blocks/hash.ts";
import { blocklistsInVolume, blocksInVolume } from "../../database/blocks.ts";
import type { Db } from "../../database/connection.ts";
import { blocksOfIndex, getVolumeByName } from "../../database/remote_volumes.ts";
import { decodeVolumeIndex, LIST_PREFIX, VOL_PREFIX, type VolumeIndex } from "../../volumes/dindex.ts";
import type { OpenedVolume } from "../../volumes/volume_reader.ts";
import { compareBlockSets } from "./compare_blocks.ts";
import { entryProblem } from "./entry_problem.ts";
import type { TestError } from "./test_result.ts";

/** What the dindex check needs besides the volume. */
export interface IndexCheckEnv {
  readonly volumeId: number;
  readonly full: boolean;
  /** Block hash algorithm of the backup (names blocklists). */
  readonly blockHash: string;
  /** Hashes per blocklist: floor(blocksize / hash size). */
  readonly hashesPerList: number;
}

/** Problems of a dindex volume. */
export function checkIndex(db: Db, volume: OpenedVolume, env: IndexCheckEnv): TestError[] {
  const errors: TestError[] = [];
  const lists = new Set<string>();
  const described = new Map<string, VolumeIndex>();
  for (const entry of volume.zip.entries) {
    try {
      if (entry.name.startsWith(LIST_PREFIX)) {
        const key = entryNameToBase64(entry.name.slice(LIST_PREFIX.length));
        lists.add(key);
        const actual = digestBase64(env.blockHash, volume.zip.read(entry));
        if (actual !== key) {
          errors.push({ kind: "CorruptEntry", detail: `${entry.name}: its content hashes to "${actual}"` });
        }
      } else if (entry.name.startsWith(VOL_PREFIX)) {
        described.set(entry.name.slice(VOL_PREFIX.length), decodeVolumeIndex(volume.zip.read(entry), entry.name));
      }
    } catch (error) {
      errors.push(entryProblem(entry.name, error));
    }
  }
  if (!env.full) return errors;
  for (const [name, index] of described) errors.push(...checkDescribedVolume(db, name, { index, lists, env }));
  for (const linked of blocksOfIndex(db, env.volumeId)) {
    if (!described.has(linked.name)) {
      errors.push({ kind: "MissingEntry", detail: `${VOL_PREFIX}${linked.name}: the database links it to this index` });
    }
  }
  return errors;
}

function checkDescribedVolume(
  db: Db,
  name: string,
  input: { index: VolumeIndex; lists: ReadonlySet<string>; env: IndexCheckEnv },
): TestError[] {
  const label = `${VOL_PREFIX}${name}`;
  const row = getVolumeByName(db, name);
  if (!row || row.type !== "dblock" || row.state === "Deleted" || row.state === "Deleting") {
    return [{ kind: "ExtraEntry", detail: `${label}: the database has no such dblock` }];
  }
  const errors: TestError[] = [];
  const { index } = input;
  if (index.volumehash !== undefined && row.hash !== null && index.volumehash !== row.hash) {
    errors.push({
      kind: "ModifiedEntry",
      detail: `${label}: volume hash "${index.volumehash}", but the database has "${row.hash}"`,
    });
  }
  if (index.volumesize !== undefined && row.size >= 0 && index.volumesize !== row.size) {
    errors.push({
      kind: "ModifiedEntry",
      detail: `${label}: volume size ${index.volumesize}, but the database has ${row.size}`,
    });
  }
  errors.push(...compareBlockSets(index.blocks, blocksInVolume(db, row.id), label));
  for (const key of blocklistsInVolume(db, row.id, input.env.hashesPerList).keys()) {
    if (!input.lists.has(key)) {
      errors.push({ kind: "MissingEntry", detail: `${LIST_PREFIX}${base64ToEntryName(key)}: a blocklist in ${name}` });
    }
  }
  return errors;
}
