/**
 * Compares the blocks a volume (or its index) lists with the blocks the database places in that volume.
 * @module
 */
import type { TestError } from "./test_result.ts";

/** A block by hash and size. */
export interface BlockKey {
  readonly hash: string;
  readonly size: number;
}

/**
 * ExtraEntry for each listed block the database does not place in the volume, MissingEntry for each block the
 * database places there that is not listed. `label` names the volume or index entry in the details.
 */
export function compareBlockSets(
  listed: readonly BlockKey[],
  recorded: readonly BlockKey[],
  label: string,
): TestError[] {
  const key = (b: BlockKey) => `${b.hash}:${b.size}`;
  const have = new Set(listed.map(key));
  const want = new Set(recorded.map(key));
  const errors: TestError[] = [];
  for (const block of listed) {
    if (!want.has(key(block))) {
      errors.push({
        kind: "ExtraEntry",
        detail: `${label}: block "${block.hash}" (${block.size} bytes) is not in the database`,
      });
    }
  }
  for (const block of recorded) {
    if (!have.has(key(block))) {
      errors.push({ kind: "MissingEntry", detail: `${label}: block "${block.hash}" (${block.size} bytes) is missing` });
    }
  }
  return errors;
}
