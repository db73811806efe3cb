/**
 * What the restore wizard has selected: a set of backed-up paths (folders end with a separator and stand for
 * everything below them), kept free of paths already covered by a selected folder. The tree's tri-state check
 * boxes read {@link checkState}; {@link toggle} checks or unchecks one path, splitting a selected folder into its
 * loaded children when one thing inside it is unchecked. Also the restore paths sent to the server.
 * @module
 */

/** The selected paths. */
export type Selection = ReadonlySet<string>;

/** The loaded children of a folder (full paths), or undefined when it was not expanded yet. */
export type ChildrenOf = (folder: string) => readonly string[] | undefined;

export type CheckState = "checked" | "partial" | "unchecked";

/** True for a folder path (it ends with "/" or "\"). */
export function isFolder(path: string): boolean {
  return path.endsWith("/") || path.endsWith("\\");
}

/** The last part of a path, without the trailing separator of a folder. */
export function baseName(path: string): string {
  const trimmed = isFolder(path) ? path.slice(0, -1) : path;
  const cut = Math.max(trimmed.lastIndexOf("/"), trimmed.lastIndexOf("\\"));
  return cut < 0 ? trimmed : trimmed.slice(cut + 1) || trimmed;
}

/** The folder a path is in (with its separator), or "" for a root. */
export function parentOf(path: string): string {
  const trimmed = isFolder(path) ? path.slice(0, -1) : path;
  const cut = Math.max(trimmed.lastIndexOf("/"), trimmed.lastIndexOf("\\"));
  return cut < 0 ? "" : trimmed.slice(0, cut + 1);
}

/** True when `path` is `folder` or below it. */
function within(path: string, folder: string): boolean {
  return isFolder(folder) ? path.startsWith(folder) : path === folder;
}

/** The selected path that covers `path` (itself or a folder above it), if any. */
function coveringPath(path: string, selection: Selection): string | undefined {
  for (const selected of selection) if (within(path, selected)) return selected;
  return undefined;
}

/** The check box state of `path`: covered by the selection, partly selected below, or not at all. */
export function checkState(path: string, selection: Selection, childrenOf: ChildrenOf): CheckState {
  if (coveringPath(path, selection) !== undefined) return "checked";
  if (!isFolder(path)) return "unchecked";
  let below = false;
  for (const selected of selection) {
    if (selected !== path && selected.startsWith(path)) {
      below = true;
      break;
    }
  }
  if (!below) return "unchecked";
  const children = childrenOf(path);
  if (children && children.length > 0 && children.every((c) => checkState(c, selection, childrenOf) === "checked")) {
    return "checked";
  }
  return "partial";
}

/**
 * Checks an unchecked or partly checked path (dropping what it now covers) or unchecks a checked one. Unchecking
 * something inside a selected folder replaces that folder with its loaded children, level by level down to the
 * path; when a level was never loaded the selection stays as it was.
 */
export function toggle(path: string, selection: Selection, childrenOf: ChildrenOf): Set<string> {
  const next = new Set(selection);
  const state = checkState(path, selection, childrenOf);
  const dropBelow = () => {
    for (const selected of [...next]) if (within(selected, path)) next.delete(selected);
  };
  if (state !== "checked") {
    dropBelow();
    next.add(path);
    return next;
  }
  const cover = coveringPath(path, selection);
  if (cover === undefined || cover === path) {
    dropBelow();
    return next;
  }
  // Split the covering folder down to the path.
  next.delete(cover);
  let folder = cover;
  while (folder !== path) {
    const children = childrenOf(folder);
    const step = children?.find((child) => within(path, child));
    if (children === undefined || step === undefined) return new Set(selection);
    for (const child of children) if (child !== step) next.add(child);
    folder = step;
  }
  return next;
}

/** "2 files and 1 folder selected" style counts. */
export function selectionCounts(selection: Selection): { files: number; folders: number } {
  let folders = 0;
  for (const path of selection) if (isFolder(path)) folders++;
  return { files: selection.size - folders, folders };
}

/** The selection in words: "Nothing selected", "1 file selected", "2 files and 1 folder selected". */
export function selectionWords(selection: Selection): string {
  const { files, folders } = selectionCounts(selection);
  if (files === 0 && folders === 0) return "Nothing selected";
  const parts = [
    files > 0 ? `${files} ${files === 1 ? "file" : "files"}` : "",
    folders > 0 ? `${folders} ${folders === 1 ? "folder" : "folders"}` : "",
  ].filter(Boolean);
  return `${parts.join(" and ")} selected`;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * A selected path as a restore pattern: the path itself (a folder stands for its contents), or, when it holds
 * wildcard or filter characters, a literal form (`@path` for a file, a regular expression for a folder).
 */
export function restorePattern(path: string): string {
  if (!/[*?[\]{}@]/.test(path)) return path;
  return isFolder(path) ? `[${escapeRegex(path)}.*]` : `@${path}`;
}

/**
 * The filter of a name search: paths whose last part (file or folder name) contains `text`, in any letter case,
 * as a regular-expression filter.
 */
export function nameSearchFilter(text: string): string {
  const letters = [...text.trim()].map((ch) => {
    const lower = ch.toLowerCase(), upper = ch.toUpperCase();
    if (lower !== upper) return `[${escapeRegex(lower)}${escapeRegex(upper)}]`;
    return escapeRegex(ch);
  }).join("");
  return `[.*[/\\\\][^/\\\\]*${letters}[^/\\\\]*[/\\\\]?]`;
}
