/**
 * Picks versions: `--version` (0 = newest; lists and ranges already expanded) or `--time` (the newest version at
 * or before that time). Without either, the newest.
 * @module
 */
import { UserInputError } from "../../core/errors.ts";
import type { FilesetRow } from "../../database/filesets.ts";

export interface VersionSelector {
  readonly versions?: readonly number[];
  readonly time?: Date;
  readonly all?: boolean;
}

/** Returns the selected filesets with their version numbers, newest first. */
export function selectVersions(
  filesets: readonly FilesetRow[],
  selector: VersionSelector,
): { version: number; fileset: FilesetRow }[] {
  const numbered = filesets.map((fileset, version) => ({ version, fileset }));
  if (numbered.length === 0) throw new UserInputError("Cannot find any backup version at the destination");
  if (selector.all) return numbered;
  if (selector.versions && selector.versions.length > 0) {
    const picked = numbered.filter((n) => selector.versions!.includes(n.version));
    if (picked.length === 0) {
      throw new UserInputError(
        `Cannot find version ${selector.versions.join(",")}: the backup has versions 0 to ${numbered.length - 1}`,
      );
    }
    return picked;
  }
  if (selector.time) {
    const limit = Math.floor(selector.time.getTime() / 1000);
    const hit = numbered.find((n) => n.fileset.timestamp <= limit);
    if (!hit) throw new UserInputError(`Cannot find a version at or before ${selector.time.toISOString()}`);
    return [hit];
  }
  return [numbered[0]!];
}
