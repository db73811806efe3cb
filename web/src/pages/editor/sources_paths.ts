/**
 * The source selection as the folder tree shows it: whether a path is chosen, covered by a chosen folder above it,
 * partly chosen, or not; and what checking or unchecking it changes. As in Duplicati, unchecking something inside a
 * chosen folder adds an exact-path exclude rule for it (first, so it wins over later rules) instead of a source.
 * Paths are absolute; folders end with the separator ("/" or "\").
 * @module
 */
import { excludedPath, excludePathRule } from "./filter_rules.ts";
import type { EditorModel, FilterRule } from "./model.ts";

/** How a tree entry shows: chosen, inside a chosen folder, partly chosen below, excluded or not chosen. */
export type CheckState = "checked" | "covered" | "mixed" | "excluded" | "unchecked";

/** What a check or uncheck changes. */
export type SelectionPatch = Pick<EditorModel, "sources" | "filters">;

/** True for a folder path (it ends with a separator). */
export function isFolderPath(path: string): boolean {
  return path.endsWith("/") || path.endsWith("\\");
}

/** The separator a path uses: "\" for Windows paths ("C:\...", "\\server\..."), else "/". */
export function separatorOf(path: string): "/" | "\\" {
  return /^[A-Za-z]:\\/.test(path) || path.startsWith("\\\\") || (path.includes("\\") && !path.includes("/"))
    ? "\\"
    : "/";
}

/** True for a path a backup can take: absolute ("/...", "C:\...", "\\server\share\...") or a %SPECIAL% folder. */
export function isAbsoluteSource(path: string): boolean {
  return path.startsWith("/") || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith("\\\\") ||
    /^%[A-Za-z_][A-Za-z0-9_]*%/.test(path);
}

/** True when `path` lies below the folder `folder` (not the folder itself). */
export function isBelow(path: string, folder: string): boolean {
  return isFolderPath(folder) && path.length > folder.length && path.startsWith(folder);
}

/** `path` with the separator at the end (for a folder). */
export function asFolder(path: string): string {
  return isFolderPath(path) ? path : path + separatorOf(path);
}

/** The folder that holds `path` ("/a/b/" for "/a/b/c" and "/a/b/c/"); undefined for a root. */
export function parentOf(path: string): string | undefined {
  const sep = separatorOf(path);
  const trimmed = isFolderPath(path) ? path.slice(0, -1) : path;
  const at = trimmed.lastIndexOf(sep);
  return at < 0 || trimmed === "" ? undefined : trimmed.slice(0, at + 1);
}

/** The tree state of `path` for these sources and rules. */
export function checkState(path: string, model: SelectionPatch): CheckState {
  const excluded = excludedPaths(model.filters);
  const chosen = model.sources.includes(path);
  const owner = model.sources.find((source) => isBelow(path, source));
  if (!chosen && owner !== undefined && excluded.some((e) => (e === path || isBelow(path, e)) && isBelow(e, owner))) {
    return model.sources.some((source) => isBelow(source, path)) ? "mixed" : "excluded";
  }
  const inside = chosen || owner !== undefined;
  const below = inside ? excluded.some((e) => isBelow(e, path)) : model.sources.some((source) => isBelow(source, path));
  if (below) return "mixed";
  return chosen ? "checked" : owner !== undefined ? "covered" : "unchecked";
}

/** True when the state shows as ticked (chosen itself or inside a chosen folder). */
export function isTicked(state: CheckState): boolean {
  return state === "checked" || state === "covered";
}

/** The sources and rules after the user ticks (`on`) or unticks `path`. */
export function toggleSource(path: string, on: boolean, model: SelectionPatch): SelectionPatch {
  const owner = model.sources.find((source) => isBelow(path, source));
  const sources = model.sources.filter((source) => !isBelow(source, path));
  // Rules that exclude something at or below `path` are no longer wanted either way.
  const filters: FilterRule[] = model.filters.filter((rule) => {
    const target = excludedPath(rule);
    return target === undefined || !(target === path || isBelow(target, path));
  });
  if (on) {
    // Inside a chosen folder but below an excluded one: the entry becomes a source of its own.
    const shut = owner !== undefined &&
      excludedPaths(filters).some((e) => isBelow(path, e) && isBelow(e, owner));
    if (owner !== undefined && !shut) return { sources, filters };
    return { sources: sources.includes(path) ? sources : [...sources, path], filters };
  }
  if (sources.includes(path)) return { sources: sources.filter((source) => source !== path), filters };
  if (owner !== undefined) return { sources, filters: [excludePathRule(path), ...filters] };
  return { sources, filters };
}

function excludedPaths(rules: readonly FilterRule[]): string[] {
  const paths: string[] = [];
  for (const rule of rules) {
    const path = excludedPath(rule);
    if (path !== undefined) paths.push(path);
  }
  return paths;
}
