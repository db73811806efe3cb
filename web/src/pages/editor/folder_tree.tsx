/**
 * The server's folders and files as a tree with checkboxes, loaded one folder at a time from POST /filesystem
 * (the root lists the special folders such as Home, then "/" or the drives). Ticking an entry makes it a source;
 * entries inside a chosen folder show ticked ("included"), and unticking one of those adds an exclude rule for it
 * (sources_paths.ts). Keyboard: Tab reaches every control; Up/Down move between entries, Right opens a folder or
 * goes into it, Left closes it or goes to its parent, Space ticks.
 * @module
 */
import type { JSX } from "preact";
import { useEffect, useId, useState } from "preact/hooks";
import type { TreeNodeDto } from "../../../../lib/server/api_types.ts";
import { api, errorMessage } from "../../api/client.ts";
import { formatSize } from "../../format.ts";
import { asFolder, checkState, isTicked, type SelectionPatch, toggleSource } from "./sources_paths.ts";

/** A folder's listing: loading, loaded, or failed with a message. */
interface Listing {
  readonly nodes?: readonly TreeNodeDto[];
  readonly error?: string;
}

const ROOT = "/";

/** Lists one folder of the server (hidden entries included, and marked). */
export function listFolder(path: string): Promise<TreeNodeDto[]> {
  return api.post<TreeNodeDto[]>("/filesystem?showHidden=true", { path });
}

/** The real path of a tree entry: entries below a special folder carry it in resolvedpath. */
export function realPath(node: TreeNodeDto): string {
  if (!node.id.startsWith("%")) return node.id;
  const resolved = node.resolvedpath ?? node.id;
  return node.cls === "folder" ? asFolder(resolved) : resolved;
}

/** The tree; `selection` is the step's sources and rules, `onChange` gets what a tick changes. */
export function FolderTree(props: {
  selection: SelectionPatch;
  /** True when hidden files are left out (--exclude-files-attributes=hidden): they are marked so. */
  hiddenExcluded: boolean;
  onChange: (patch: SelectionPatch) => void;
}) {
  const [listings, setListings] = useState<Readonly<Record<string, Listing>>>({});
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const baseId = useId();

  const load = (path: string) => {
    setListings((all) => ({ ...all, [path]: {} }));
    listFolder(path).then(
      (nodes) => setListings((all) => ({ ...all, [path]: { nodes } })),
      (error) => setListings((all) => ({ ...all, [path]: { error: errorMessage(error) } })),
    );
  };
  useEffect(() => load(ROOT), []);

  const setFolderOpen = (node: TreeNodeDto, wanted: boolean) => {
    if (wanted && listings[node.id]?.nodes === undefined) load(node.id);
    setOpen((now) => {
      const next = new Set(now);
      if (wanted) next.add(node.id);
      else next.delete(node.id);
      return next;
    });
  };

  const onKeyDown = (event: JSX.TargetedKeyboardEvent<HTMLElement>) => {
    const target = event.target as HTMLElement;
    const row = target.closest<HTMLElement>(".tree-row");
    const tree = event.currentTarget;
    if (!row) return;
    const rows = [...tree.querySelectorAll<HTMLElement>(".tree-row")];
    const at = rows.indexOf(row);
    const focusRow = (r: HTMLElement | undefined) => r?.querySelector<HTMLInputElement>("input")?.focus();
    const twisty = row.querySelector<HTMLButtonElement>(".tree-twisty");
    const expanded = twisty?.getAttribute("aria-expanded") === "true";
    if (event.key === "ArrowDown") focusRow(rows[at + 1]);
    else if (event.key === "ArrowUp") focusRow(rows[at - 1]);
    else if (event.key === "Home") focusRow(rows[0]);
    else if (event.key === "End") focusRow(rows[rows.length - 1]);
    else if (event.key === "ArrowRight" && twisty && !expanded) twisty.click();
    else if (event.key === "ArrowRight" && expanded) focusRow(rows[at + 1]);
    else if (event.key === "ArrowLeft" && expanded) twisty?.click();
    else if (event.key === "ArrowLeft") {
      focusRow(row.parentElement?.parentElement?.closest("li")?.querySelector<HTMLElement>(".tree-row") ?? undefined);
    } else return;
    event.preventDefault();
  };

  const renderLevel = (path: string, level: number): JSX.Element => {
    const listing = listings[path];
    const id = `${baseId}-${level}-${path}`;
    if (listing === undefined || (listing.nodes === undefined && listing.error === undefined)) {
      return <p class="tree-status muted" role="status" id={id}>Loading…</p>;
    }
    if (listing.error !== undefined) return <p class="tree-status field-error" role="alert" id={id}>{listing.error}</p>;
    if (listing.nodes!.length === 0) return <p class="tree-status muted" id={id}>This folder is empty.</p>;
    return (
      <ul class="tree-level" id={id}>
        {listing.nodes!.map((node) => renderNode(node, level))}
      </ul>
    );
  };

  const renderNode = (node: TreeNodeDto, level: number) => {
    const folder = node.cls === "folder";
    const path = realPath(node);
    const state = checkState(path, props.selection);
    const isOpen = open.has(node.id);
    const childId = `${baseId}-${level + 1}-${node.id}`;
    return (
      <li key={node.id}>
        <div class={`tree-row tree-${state}${node.hidden || node.systemFile ? " tree-hidden" : ""}`} title={path}>
          {folder && !node.leaf
            ? (
              <button
                type="button"
                class="tree-twisty"
                aria-expanded={isOpen}
                aria-controls={isOpen ? childId : undefined}
                aria-label={`Contents of ${node.text}`}
                onClick={() => setFolderOpen(node, !isOpen)}
              >
                <span aria-hidden="true">{isOpen ? "▾" : "▸"}</span>
              </button>
            )
            : <span class="tree-twisty-space" />}
          <label class="tree-label">
            <input
              type="checkbox"
              checked={isTicked(state)}
              indeterminate={state === "mixed"}
              onChange={() => props.onChange(toggleSource(path, !isTicked(state), props.selection))}
            />
            <span class={`tree-icon tree-icon-${treeIcon(node)}`} aria-hidden="true" />
            <span class="tree-name">{node.text}</span>
          </label>
          <Marks node={node} state={state} hiddenExcluded={props.hiddenExcluded} />
        </div>
        {isOpen ? renderLevel(node.id, level + 1) : null}
      </li>
    );
  };

  return (
    <div class="tree" role="group" aria-label="Folders and files on the server" onKeyDown={onKeyDown}>
      {renderLevel(ROOT, 0)}
    </div>
  );
}

/** The small notes after an entry: included/excluded, hidden, system, link, size. */
function Marks(props: { node: TreeNodeDto; state: ReturnType<typeof checkState>; hiddenExcluded: boolean }) {
  const { node, state } = props;
  const leftOut = node.hidden && props.hiddenExcluded && isTicked(state);
  return (
    <span class="tree-marks">
      {leftOut ? <span class="badge badge-warn">left out: hidden</span> : null}
      {state === "covered" && !leftOut ? <span class="badge badge-ok">included</span> : null}
      {state === "excluded" ? <span class="badge badge-warn">excluded</span> : null}
      {state === "mixed" ? <span class="badge badge-active">partly</span> : null}
      {node.hidden && !leftOut ? <span class="badge">hidden</span> : null}
      {node.systemFile ? <span class="badge">system</span> : null}
      {node.temporary ? <span class="badge">temporary</span> : null}
      {node.symlink ? <span class="badge">link</span> : null}
      {node.iconCls === "x-tree-icon-locked" ? <span class="badge badge-warn">no access</span> : null}
      {node.cls === "file" && node.fileSize >= 0 ? <span class="muted small">{formatSize(node.fileSize)}</span> : null}
    </span>
  );
}

function treeIcon(node: TreeNodeDto): string {
  if (node.iconCls === "x-tree-icon-special" || node.iconCls === "x-tree-icon-drive") return "special";
  return node.cls === "folder" ? "folder" : "file";
}
