/**
 * `list-file-versions`: every version that holds each given path (exact and case-sensitive), or the history of
 * every path when none is given.
 * @module
 */
import type { Db } from "../../database/connection.ts";
import type { VersionSelector } from "../common/select_version.ts";
import { collectHistories, endsWithSeparator, type PathHistory } from "./path_history.ts";

/**
 * One history per given path, in the order given (with no versions when no selected version holds it); a path
 * without a trailing separator also finds the folder of that name. Without paths: every path, sorted.
 * Throws UserInputError when the selector names no existing version.
 */
export function listFileVersions(
  db: Db,
  input: { readonly selector: VersionSelector; readonly paths: readonly string[] },
): PathHistory[] {
  if (input.paths.length === 0) return collectHistories(db, { selector: input.selector, keep: () => true });
  const wanted = new Set<string>();
  for (const path of input.paths) {
    wanted.add(path);
    if (!endsWithSeparator(path)) wanted.add(path + "/").add(path + "\\");
  }
  const found = new Map(
    collectHistories(db, { selector: input.selector, keep: (p) => wanted.has(p) }).map((h) => [
      h.path,
      h,
    ]),
  );
  return input.paths.map((path) =>
    found.get(path) ?? found.get(path + "/") ?? found.get(path + "\\") ?? { path, versions: [] }
  );
}
