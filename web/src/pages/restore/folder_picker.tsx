/**
 * A dialog that browses the server's folders (POST /filesystem?onlyFolders=true) and returns the one chosen:
 * the restore wizard's "Browse…" for the target folder and for a local backup folder in direct restore. It starts
 * at the top (special folders such as Home, and the root), lists one folder at a time and goes up and down.
 * @module
 */
import type { TreeNodeDto } from "../../../../lib/server/api_types.ts";
import { useState } from "preact/hooks";
import { api } from "../../api/client.ts";
import { Dialog, ErrorBox, Spinner, useLoad } from "../../components/ui.tsx";

/** A folder as the dialog tracks it: the path the server lists, and the real path behind a special-folder token. */
interface Place {
  readonly id: string;
  readonly real: string;
  readonly label: string;
}

const TOP: Place = { id: "/", real: "/", label: "Top" };

/** The folder picker; `onChoose` gets the real path of the chosen folder. */
export function FolderPicker(props: { title: string; onChoose: (path: string) => void; onClose: () => void }) {
  const [trail, setTrail] = useState<readonly Place[]>([TOP]);
  const current = trail[trail.length - 1]!;
  const listing = useLoad(
    () => api.post<TreeNodeDto[]>("/filesystem?onlyFolders=true", { path: current.id }),
    [current.id],
  );
  const folders = (listing.data ?? []).filter((n) => !n.leaf || n.cls === "folder");
  const open = (node: TreeNodeDto) =>
    setTrail([...trail, { id: node.id, real: node.resolvedpath ?? node.id, label: node.text }]);
  return (
    <Dialog title={props.title} onClose={props.onClose} wide>
      <nav aria-label="Folder path" class="fpick-trail">
        {trail.map((place, i) => (
          <span key={place.id}>
            {i > 0 ? <span aria-hidden="true" class="muted">/</span> : null}
            <button
              type="button"
              class="link-button"
              aria-current={i === trail.length - 1 ? "location" : undefined}
              onClick={() => setTrail(trail.slice(0, i + 1))}
            >
              {place.label}
            </button>
          </span>
        ))}
      </nav>
      <p class="fpick-current">
        <span class="muted">Folder:</span> <code>{current.id === "/" ? "(choose a place below)" : current.real}</code>
      </p>
      <ErrorBox error={listing.error} title="Cannot list this folder" />
      <div class="fpick-list" role="group" aria-label="Folders">
        {listing.loading && listing.data === undefined ? <Spinner label="Listing folders…" /> : null}
        {!listing.loading && folders.length === 0 && !listing.error ? <p class="muted">No folders in here.</p> : null}
        {folders.map((node) => (
          <button key={node.id} type="button" class="fpick-item" onClick={() => open(node)}>
            <span aria-hidden="true" class="rt-icon rt-icon-folder" />
            {node.text}
          </button>
        ))}
      </div>
      <div class="button-row">
        <button
          type="button"
          class="primary"
          disabled={current.id === "/"}
          onClick={() => props.onChoose(current.real)}
        >
          Choose this folder
        </button>
        <button type="button" disabled={trail.length < 2} onClick={() => setTrail(trail.slice(0, -1))}>
          Up one level
        </button>
        <button type="button" onClick={props.onClose}>Cancel</button>
      </div>
    </Dialog>
  );
}
