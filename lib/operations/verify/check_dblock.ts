/**
 * Content check of a downloaded dblock (full verification only): every block entry passes its CRC and hashes to
 * its name (the entry name is the block hash in Duplicati's URL-safe base64), and the set of blocks equals the
 * blocks the database places in this volume.
 * @module
 */
import { base64ToEntryName, entryNameToBase64 } from "../../core/bytes.ts";
import { digestBase64 } from "../../blocks/hash.ts";
import { blocksInVolume } from "../../database/blocks.ts";
import type { Db } from "../../database/connection.ts";
import type { OpenedVolume } from "../../volumes/volume_reader.ts";
import { type BlockKey, compareBlockSets } from "./compare_blocks.ts";
import { entryProblem } from "./entry_problem.ts";
import type { TestError } from "./test_result.ts";

/** Problems of a dblock volume compared with the database. */
export function checkBlockVolume(
  db: Db,
  volume: OpenedVolume,
  env: { volumeId: number; blockHash: string },
): TestError[] {
  const errors: TestError[] = [];
  const listed: BlockKey[] = [];
  for (const entry of volume.zip.entries) {
    if (entry.name === "manifest") continue;
    listed.push({ hash: entryNameToBase64(entry.name), size: entry.size });
    try {
      const actual = digestBase64(env.blockHash, volume.zip.read(entry));
      if (base64ToEntryName(actual) !== entry.name) {
        errors.push({ kind: "CorruptEntry", detail: `${entry.name}: its content hashes to "${actual}"` });
      }
    } catch (error) {
      errors.push(entryProblem(entry.name, error));
    }
  }
  errors.push(...compareBlockSets(listed, blocksInVolume(db, env.volumeId), volume.name));
  return errors;
}
