/**
 * Picks the two versions `compare` works on, as Duplicati's ListChanges does: the base is picked first, then the
 * version to compare it to among the others. A version is given by index (0 = newest) or by time (the version
 * nearest to that time). Defaults: base 1, compare-to 0 (the two newest).
 * @module
 */
import { UserInputError } from "../../core/errors.ts";
import type { FilesetRow } from "../../database/filesets.ts";

/** A version as the user names it: by index (0 = newest) or by time. */
export type VersionRef = { readonly index: number } | { readonly time: Date };

/** One picked version with its index among all versions. */
export interface PickedVersion {
  readonly version: number;
  readonly fileset: FilesetRow;
}

/**
 * Returns the base and compare-to versions. An index must exist; a time picks the nearest version. When both name
 * the same version, compare-to falls back to the nearest other one.
 * Throws UserInputError when there are fewer than two versions or an index does not exist.
 */
export function pickComparedVersions(
  filesets: readonly FilesetRow[],
  refs: { readonly base?: VersionRef; readonly compareTo?: VersionRef },
): { base: PickedVersion; compareTo: PickedVersion } {
  if (filesets.length < 2) {
    throw new UserInputError(
      `Cannot compare versions: the backup has ${filesets.length} version${
        filesets.length === 1 ? "" : "s"
      } and two are needed`,
    );
  }
  const numbered = filesets.map((fileset, version) => ({ version, fileset }));
  const base = pick(numbered, refs.base ?? { index: 1 });
  const compareTo = pick(numbered.filter((n) => n !== base), refs.compareTo ?? { index: 0 }, numbered.length);
  return { base, compareTo };
}

function pick(candidates: readonly PickedVersion[], ref: VersionRef, total = candidates.length): PickedVersion {
  if ("index" in ref) {
    if (!Number.isInteger(ref.index) || ref.index < 0 || ref.index >= total) {
      throw new UserInputError(`Cannot find version ${ref.index}: the backup has versions 0 to ${total - 1}`);
    }
    return nearest(candidates, (c) => Math.abs(c.version - ref.index));
  }
  const seconds = ref.time.getTime() / 1000;
  return nearest(candidates, (c) => Math.abs(c.fileset.timestamp - seconds));
}

/** The candidate with the smallest distance; the newer one on a tie. */
function nearest(candidates: readonly PickedVersion[], distance: (c: PickedVersion) => number): PickedVersion {
  let best = candidates[0]!;
  for (const candidate of candidates) if (distance(candidate) < distance(best)) best = candidate;
  return best;
}
