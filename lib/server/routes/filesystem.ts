/**
 * POST /filesystem and POST /filesystem/validate: browsing the server's folders for the source and restore-target
 * pickers, as Duplicati's TreeNode lists. "/" lists the special folders (%HOME%, %MY_DOCUMENTS%, ...) and the root
 * (the drives on Windows); a path may start with a special-folder token, and the answer then keeps the token.
 * @module
 */
import { Hono } from "hono";
import { posix, win32 } from "node:path";
import type { TreeNodeDto } from "../api_types.ts";
import type { ServerDeps } from "../deps.ts";
import { badField, HttpError } from "../http_error.ts";
import { objectField, queryBoolean, readJson, stringField } from "../request_body.ts";
import { expandSpecialFolder, matchSpecialFolder, type SpecialFolder, specialFolders } from "../special_folders.ts";

/** Re-exported for system_info.ts until it imports special_folders.ts itself. */

const WINDOWS = Deno.build.os === "windows";
const paths = WINDOWS ? win32 : posix;
const SEP = paths.sep;
const CHUNK = 64;

/** Routes for file-system browsing; paths relative to /api/v1. */
export function filesystemRoutes(_deps: ServerDeps): Hono {
  const app = new Hono();
  app.post("/filesystem", async (c) => {
    const onlyFolders = queryBoolean(c, "onlyFolders", false);
    const showHidden = queryBoolean(c, "showHidden", false);
    const path = stringField(objectField(await readJson(c), "body"), "path", {});
    return c.json(await browse(path, { onlyFolders, showHidden }));
  });
  app.post("/filesystem/validate", async (c) => {
    const path = stringField(objectField(await readJson(c), "body"), "path", {});
    if (!(await pathExists(path))) {
      throw new HttpError(404, `The path "${path}" does not exist`, { reason: "not-found", field: "path" });
    }
    return c.json({ Status: "OK" });
  });
  return app;
}

/** The listing of `path` ("/" = special folders and roots); throws HttpError 400/404 with a clear message. */
export async function browse(path: string, env: { onlyFolders: boolean; showHidden: boolean }): Promise<TreeNodeDto[]> {
  if (path.trim() === "") throw badField("path", "must not be empty");
  const special = specialFolderOf(path);
  const expanded = special === undefined ? path : expandSpecialFolder(path, [special]);
  const isRoot = special === undefined && (expanded === "/" || (WINDOWS && expanded === ""));
  if (WINDOWS && isRoot) return [...specialNodes(), ...drives()];
  if (!WINDOWS && !expanded.startsWith("/")) throw badField("path", `must start with "/", not "${path}"`);
  if (WINDOWS && !paths.isAbsolute(expanded)) throw badField("path", `must be an absolute path, not "${path}"`);
  const folder = withSeparator(paths.resolve(expanded));
  const nodes = await listFolder(folder, env, path);
  if (special !== undefined) {
    const base = special.path.replace(/[\\/]+$/, "");
    return nodes.map((n) => ({ ...n, id: special.id + n.id.slice(base.length), resolvedpath: n.id }));
  }
  return isRoot ? [...specialNodes(), ...nodes] : nodes;
}

async function listFolder(
  folder: string,
  env: { onlyFolders: boolean; showHidden: boolean },
  shown: string,
): Promise<TreeNodeDto[]> {
  const names: string[] = [];
  try {
    for await (const entry of Deno.readDir(folder)) names.push(entry.name);
  } catch (error) {
    throw listingError(error, shown);
  }
  const nodes: TreeNodeDto[] = [];
  for (let at = 0; at < names.length; at += CHUNK) {
    const batch = await Promise.all(names.slice(at, at + CHUNK).map((name) => entryNode(folder, name, env)));
    for (const node of batch) if (node !== undefined) nodes.push(node);
  }
  return nodes.sort((a, b) => a.cls === b.cls ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.cls === "folder" ? -1 : 1);
}

async function entryNode(
  folder: string,
  name: string,
  env: { onlyFolders: boolean; showHidden: boolean },
): Promise<TreeNodeDto | undefined> {
  const full = folder + name;
  const hidden = name.startsWith(".");
  if (hidden && !env.showHidden) return undefined;
  let link: Deno.FileInfo;
  try {
    link = await Deno.lstat(full);
  } catch {
    return undefined;
  }
  const symlink = link.isSymlink;
  const info = symlink ? await Deno.stat(full).catch(() => undefined) : link;
  const isFolder = info?.isDirectory === true;
  if (env.onlyFolders && !isFolder) return undefined;
  const resolvedpath = symlink ? await Deno.readLink(full).catch(() => null) : null;
  const common = { text: name, check: false, resolvedpath, hidden, systemFile: false, temporary: false, symlink };
  if (!isFolder) {
    const fileSize = info?.isFile === true ? info.size : -1;
    return { ...common, id: full, cls: "file", iconCls: "x-tree-icon-leaf", leaf: true, fileSize };
  }
  const children = await hasChildren(full, env.onlyFolders);
  const iconCls = children === undefined
    ? "x-tree-icon-locked"
    : symlink
    ? "x-tree-icon-symlink"
    : "x-tree-icon-parent";
  return { ...common, id: full + SEP, cls: "folder", iconCls, leaf: children !== true, fileSize: -1 };
}

/** True/false whether a folder has (sub-folder) entries; undefined when it cannot be read. */
async function hasChildren(path: string, onlyFolders: boolean): Promise<boolean | undefined> {
  try {
    for await (const entry of Deno.readDir(path)) {
      if (!onlyFolders || entry.isDirectory || entry.isSymlink) return true;
    }
    return false;
  } catch {
    return undefined;
  }
}

function listingError(error: unknown, shown: string): HttpError {
  if (error instanceof Deno.errors.NotFound) {
    return new HttpError(404, `The folder "${shown}" does not exist`, { reason: "not-found", field: "path" });
  }
  if (error instanceof Deno.errors.PermissionDenied || error instanceof Deno.errors.NotCapable) {
    return new HttpError(400, `Cannot list the folder "${shown}": permission denied`, {
      reason: "permission-denied",
      field: "path",
    });
  }
  if (error instanceof Deno.errors.NotADirectory) {
    return new HttpError(400, `Cannot list "${shown}": it is a file, not a folder`, {
      reason: "not-a-folder",
      field: "path",
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new HttpError(400, `Cannot list the folder "${shown}": ${message}`, { reason: "unreadable", field: "path" });
}

/** The special folder whose token starts `path` (undefined without a token); 404 when it names none here. */
function specialFolderOf(path: string): SpecialFolder | undefined {
  const match = matchSpecialFolder(path);
  if (match === undefined || match.folder !== undefined) return match?.folder;
  throw new HttpError(404, `The special folder "${match.token}" does not exist on this server`, {
    reason: "not-found",
    field: "path",
  });
}

function specialNodes(): TreeNodeDto[] {
  return specialFolders().map((f) => ({
    text: f.text,
    id: f.id,
    cls: "folder",
    iconCls: "x-tree-icon-special",
    check: false,
    leaf: false,
    resolvedpath: f.path,
    hidden: false,
    systemFile: false,
    temporary: false,
    symlink: false,
    fileSize: -1,
  }));
}

function drives(): TreeNodeDto[] {
  const nodes: TreeNodeDto[] = [];
  for (let code = 65; code <= 90; code++) {
    const root = `${String.fromCharCode(code)}:\\`;
    if (!isDirectorySync(root)) continue;
    nodes.push({
      text: root.slice(0, 2),
      id: root,
      cls: "folder",
      iconCls: "x-tree-icon-drive",
      check: false,
      leaf: false,
      resolvedpath: root,
      hidden: false,
      systemFile: false,
      temporary: false,
      symlink: false,
      fileSize: -1,
    });
  }
  return nodes;
}

async function pathExists(path: string): Promise<boolean> {
  try {
    const expanded = expandSpecialFolder(path);
    if (!paths.isAbsolute(expanded) || (!WINDOWS && !expanded.startsWith("/"))) return false;
    await Deno.stat(expanded);
    return true;
  } catch {
    return false;
  }
}

function withSeparator(path: string): string {
  return path.endsWith(SEP) ? path : path + SEP;
}

function isDirectorySync(path: string): boolean {
  try {
    return Deno.statSync(path).isDirectory;
  } catch {
    return false;
  }
}
