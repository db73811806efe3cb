/**
 * A dialog that picks a destination folder on the server (POST /filesystem?onlyFolders=true): open folders one
 * level at a time, go up, and choose the open folder or a new folder inside it (created by "Create folder" after
 * the connection test, or by the first backup).
 * @module
 */
import { useEffect, useState } from "preact/hooks";
import type { TreeNodeDto } from "../../../../lib/server/api_types.ts";
import { api } from "../../api/client.ts";
import { Dialog, ErrorBox, Field, Spinner } from "../../components/ui.tsx";

/** The folder above `path` ("/" above a top folder); undefined at the root. */
function parentOf(path: string, separator: string): string | undefined {
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

/** A node's real path: special folders (%HOME% …) by the folder they stand for, as a destination needs. */
function realPath(node: TreeNodeDto, separator: string): string {
  if (!node.id.startsWith("%") || !node.resolvedpath) return node.id;
  return node.resolvedpath.endsWith(separator) ? node.resolvedpath : node.resolvedpath + separator;
}

/** The folder picker dialog; `start` is where it opens ("" = the top level). */
export function DestinationBrowser(props: {
  start: string;
  separator: string;
  onChoose: (path: string) => void;
  onClose: () => void;
}) {
  const [path, setPath] = useState("/");
  const [entries, setEntries] = useState<readonly TreeNodeDto[] | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [newName, setNewName] = useState("");

  const open = async (target: string, fallback?: string) => {
    setEntries(undefined);
    setError(undefined);
    try {
      const list = await api.post<TreeNodeDto[]>("/filesystem?onlyFolders=true", { path: target });
      setPath(target === "/" || /[\\/]$/.test(target) ? target : target + props.separator);
      setEntries(list.filter((n) => n.cls === "folder"));
    } catch (e) {
      if (fallback !== undefined) return void open(fallback);
      setError(e);
      setEntries([]);
    }
  };
  useEffect(() => {
    const start = props.start.trim();
    void (start.startsWith("/") || /^[A-Za-z]:\\/.test(start) ? open(start, "/") : open("/"));
  }, []);

  const up = parentOf(path, props.separator);
  const atTop = path === "/";
  const newProblem = /[\\/]/.test(newName) ? "A folder name cannot contain / or \\." : undefined;
  return (
    <Dialog title="Choose a destination folder" onClose={props.onClose} wide>
      <p class="browser-path">
        <span class="muted">Open folder:</span> <code>{atTop ? "Top level" : path}</code>
      </p>
      <ErrorBox error={error} />
      <div class="button-row browser-actions">
        <button type="button" disabled={up === undefined} onClick={() => up !== undefined && void open(up)}>
          ↑ Up one level
        </button>
        <button type="button" class="primary" disabled={atTop} onClick={() => props.onChoose(folderPath(path))}>
          Use this folder
        </button>
      </div>
      {entries === undefined ? <Spinner label="Loading folders…" /> : (
        <ul class="browser-list" aria-label="Folders">
          {entries.length === 0 ? <li class="muted">No folders here.</li> : null}
          {entries.map((node) => (
            <li key={node.id}>
              <button type="button" class="browser-entry" onClick={() => void open(realPath(node, props.separator))}>
                <span class="folder-icon" aria-hidden="true" />
                {node.text}
              </button>
            </li>
          ))}
        </ul>
      )}
      {atTop ? null : (
        <form
          class="browser-new"
          onSubmit={(e) => {
            e.preventDefault();
            if (newName.trim() === "" || newProblem) return;
            props.onChoose((path.endsWith(props.separator) ? path : path + props.separator) + newName.trim());
          }}
        >
          <Field label="Or a new folder inside it" error={newProblem} hint="Created when you test the connection.">
            {(id, describedBy) => (
              <div class="input-with-button">
                <input
                  id={id}
                  type="text"
                  value={newName}
                  aria-describedby={describedBy}
                  onInput={(e) => setNewName(e.currentTarget.value)}
                />
                <button type="submit" disabled={newName.trim() === "" || newProblem !== undefined}>
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
