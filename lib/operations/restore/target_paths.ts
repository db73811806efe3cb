/**
 * Where each restored entry goes. To the original location by default; with `--restore-path`, the folder that
 * contains every selected entry is mapped onto the restore path (Duplicati's behaviour), and Windows drive
 * letters or UNC roots become plain folders.
 * @module
 */
import { join } from "node:path";

/** The separator a stored path uses: Duplicati guesses `/` when the path starts with it, else `\`. */
export function separatorOf(path: string): string {
  return path.startsWith("/") ? "/" : "\\";
}

/** The longest folder prefix (ending with its separator) shared by all paths. */
export function commonFolder(paths: readonly string[]): string {
  if (paths.length === 0) return "";
  const folderOf = (path: string) => path.endsWith(separatorOf(path)) ? path : parentFolder(path);
  let prefix = folderOf(paths[0]!);
  for (const path of paths) {
    while (prefix && !path.startsWith(prefix)) prefix = parentFolder(prefix.slice(0, -1));
  }
  return prefix;
}

function parentFolder(path: string): string {
  const sep = separatorOf(path);
  const trimmed = path.endsWith(sep) ? path.slice(0, -1) : path;
  const at = trimmed.lastIndexOf(sep);
  return at < 0 ? "" : trimmed.slice(0, at + 1);
}

/** Maps stored paths to local paths. */
export function makeTargetMapper(paths: readonly string[], restorePath: string | undefined): (path: string) => string {
  if (restorePath === undefined) return (path) => stripSlash(toLocal(path));
  const root = commonFolder(paths);
  return (path) => {
    const rest = path.slice(root.length);
    const parts = rest.split(separatorOf(path)).filter((p) => p !== "");
    return parts.length === 0 ? restorePath : join(restorePath, ...parts.map(cleanPart));
  };
}

function toLocal(path: string): string {
  if (path.startsWith("/")) return path;
  // A Windows path restored to its original location on a Unix machine: C:\x\y -> /C/x/y
  const parts = path.split("\\").filter((p) => p !== "").map(cleanPart);
  return "/" + parts.join("/");
}

function cleanPart(part: string): string {
  return part.replace(/:$/, "");
}

function stripSlash(path: string): string {
  return path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
}
