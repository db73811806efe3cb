/**
 * `search`: the paths that pass the filters (and lie under the given folders, if any) across the selected
 * versions, with the versions each appears in.
 * @module
 */
import type { Db } from "../../database/connection.ts";
import type { VersionSelector } from "../common/select_version.ts";
import { collectHistories, type PathHistory, withSeparator } from "./path_history.ts";

/**
 * Matching paths sorted, each with its versions. `folders` limits the search to entries below them (a folder
 * without a trailing separator gets one); `match` is the filter. Throws UserInputError for a bad selector.
 */
export function searchEntries(
  db: Db,
  input: {
    readonly selector: VersionSelector;
    readonly folders: readonly string[];
    readonly match: (path: string) => boolean;
  },
): PathHistory[] {
  const prefixes = input.folders.map(withSeparator);
  const under = (path: string) =>
    prefixes.length === 0 || prefixes.some((prefix) => path.length > prefix.length && path.startsWith(prefix));
  return collectHistories(db, { selector: input.selector, keep: (path) => under(path) && input.match(path) });
}
