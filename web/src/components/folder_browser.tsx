/**
 * A dialog that picks a folder on the server (POST /filesystem?onlyFolders=true): open folders one level at a
 * time, go up, and choose the open folder or, when `newFolderHint` is given, a new folder inside it. Used by the
 * wizard's destination step and the restore wizard (target folder, direct-restore backup folder). The directory
 * separator is the one the server's paths use ("/" for paths that start with it, else "\\").
 * @module
 */
import { useEffect, useRef, useState } from "preact/hooks";
import type { TreeNodeDto } from "../../../lib/server/api_types.ts";
import { api } from "../api/client.ts";
import { Dialog, ErrorBox, Field, Spinner } from "./ui.tsx";

/** The separator a server path uses, as Duplicati guesses it. */
function separatorOf(path: string): string {
  return path.startsWith("/") ? "/" : "\\";
}

/** `path` with the trailing separator that marks a folder in Duplicati's paths ("/x/y" → "/x/y/"). */
export function asFolder(path: string): string {
  const separator = separatorOf(path);
  return path.endsWith(separator) ? path : path + separator;
}

/** The folder above `path` ("/" above a top folder); undefined at the root. */
function parentOf(path: string): string | undefined {
  const separator = separatorOf(path);
  if (path === "/" || path === "") return undefined;
  const trimmed = path.replace(/[\\/]+$/, "");
  const at = trimmed.lastIndexOf(separator);
  if (at < 0) return "/";
  const parent = trimmed.slice(0, at + 1);
  return parent === "" ? "/" : parent;
}

/** The path as a destination folder: without the trailing separator (except the root). */
function folderPath(path: string): string {
  return path.length > 1 ? path.replace(/[\\/]+$/, "") : path;
}

/** A node's real path: special folders (%HOME% …) by the folder they stand for. */
function realPath(node: TreeNodeDto): string {
  if (!node.id.startsWith("%") || !node.resolvedpath) return node.id;
  const separator = separatorOf(node.resolvedpath);
  return node.resolvedpath.endsWith(separator) ? node.resolvedpath : node.resolvedpath + separator;
}

/**
 * The folder picker dialog; `start` is where it opens ("" = the top level). `onChoose` gets the folder's path
 * without a trailing separator (the root stays "/").
 */
export function FolderBrowser(props: {
  title: string;
  start: string;
  /** Offers "a new folder inside it", with this hint saying when it gets created; omitted: existing folders only. */
  newFolderHint?: string;
  onChoose: (path: string) => void;
  onClose: () => void;
}) {
  const [path, setPath] = useState("/");
  const [entries, setEntries] = useState<readonly TreeNodeDto[] | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [newName, setNewName] = useState("");
  // Only the newest request may change the dialog: an older answer arriving late is dropped.
  const latest = useRef(0);

  const open = async (target: string, fallback?: string) => {
    const request = ++latest.current;
    setEntries(undefined);
    setError(undefined);
    try {
      const list = await api.post<TreeNodeDto[]>("/filesystem?onlyFolders=true", { path: target });
      if (request !== latest.current) return;
      setPath(target === "/" || /[\\/]$/.test(target) ? target : target + separatorOf(target));
      setEntries(list.filter((n) => n.cls === "folder"));
    } catch (e) {
      if (request !== latest.current) return;
      if (fallback !== undefined) return void open(fallback);
      setError(e);
      setEntries([]);
    }
  };
  useEffect(() => {
    const start = props.start.trim();
    void (start.startsWith("/") || /^[A-Za-z]:\\/.test(start) ? open(start, "/") : open("/"));
  }, []);

  const up = parentOf(path);
  const separator = separatorOf(path);
  const atTop = path === "/";
  // While a folder opens, the shown path is still the one before it: choosing it then would pick the wrong folder.
  const loading = entries === undefined;
  const newProblem = /[\\/]/.test(newName) ? "A folder name cannot contain / or \\." : undefined;
  return (
    <Dialog title={props.title} onClose={props.onClose} wide>
      <p class="browser-path">
        <span class="muted">Open folder:</span> <code>{atTop ? "Top level" : path}</code>
      </p>
      <ErrorBox error={error} />
      <div class="button-row browser-actions">
        <button type="button" disabled={up === undefined} onClick={() => up !== undefined && void open(up)}>
          ↑ Up one level
        </button>
        <button
          type="button"
          class="primary"
          disabled={atTop || loading}
          onClick={() => props.onChoose(folderPath(path))}
        >
          Use this folder
        </button>
      </div>
      {entries === undefined ? <Spinner label="Loading folders…" /> : (
        <ul class="browser-list" aria-label="Folders">
          {entries.length === 0 ? <li class="muted">No folders here.</li> : null}
          {entries.map((node) => (
            <li key={node.id}>
              <button type="button" class="browser-entry" onClick={() => void open(realPath(node))}>
                <span class="folder-icon" aria-hidden="true" />
                {node.text}
              </button>
            </li>
          ))}
        </ul>
      )}
      {atTop || props.newFolderHint === undefined ? null : (
        <form
          class="browser-new"
          onSubmit={(e) => {
            e.preventDefault();
            if (newName.trim() === "" || newProblem || loading) return;
            props.onChoose((path.endsWith(separator) ? path : path + separator) + newName.trim());
          }}
        >
          <Field label="Or a new folder inside it" error={newProblem} hint={props.newFolderHint}>
            {(id, describedBy) => (
              <div class="input-with-button">
                <input
                  id={id}
                  type="text"
                  value={newName}
                  aria-describedby={describedBy}
                  onInput={(e) => setNewName(e.currentTarget.value)}
                />
                <button type="submit" disabled={newName.trim() === "" || newProblem !== undefined || loading}>
                  Use new folder
                </button>
              </div>
            )}
          </Field>
        </form>
      )}
    </Dialog>
  );
}
