/**
 * The files of one backup version as a tree: the backed-up sources at the top, folders expanded on demand (their
 * contents are fetched when first opened), a check box on every entry, tri-state on folders (checked, partly
 * checked below, unchecked), and sizes of files. Nested lists of real buttons and check boxes, so it works with
 * the keyboard and screen readers without custom key handling.
 * @module
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { ErrorBox, Spinner } from "../../components/ui.tsx";
import { formatSize } from "../../format.ts";
import type { FolderCache } from "./folder_cache.ts";
import type { ListedEntry } from "./restore_api.ts";
import { baseName, type CheckState, checkState, isFolder, type Selection } from "./selection.ts";

export interface FileTreeProps {
  readonly cache: FolderCache;
  readonly selection: Selection;
  readonly onToggle: (path: string) => void;
}

export function FileTree(props: FileTreeProps) {
  const { cache } = props;
  useEffect(() => cache.load(""), [cache]);
  const roots = cache.entries("");
  return (
    <div class="rt-box">
      <ErrorBox error={cache.error("")} title="Cannot list the files of this version" />
      {roots === undefined && cache.loading("") ? <Spinner label="Listing files…" /> : null}
      {roots?.length === 0 ? <p class="muted">This version holds no files.</p> : null}
      {roots && roots.length > 0
        ? (
          <ul class="rt-tree" aria-label="Files in this version">
            {roots.map((entry) => <TreeNode key={entry.path} entry={entry} root {...props} />)}
          </ul>
        )
        : null}
    </div>
  );
}

function TreeNode(props: FileTreeProps & { entry: ListedEntry; root?: boolean }) {
  const { entry, cache, selection } = props;
  const folder = isFolder(entry.path);
  const [expanded, setExpanded] = useState(false);
  useEffect(() => {
    if (expanded) cache.load(entry.path);
  }, [expanded, cache, entry.path]);
  const name = props.root ? entry.path : baseName(entry.path);
  const state = checkState(entry.path, selection, cache.childrenOf);
  const children = expanded ? cache.entries(entry.path) : undefined;
  return (
    <li>
      <div class={`rt-row${state === "checked" ? " rt-row-selected" : ""}`}>
        {folder
          ? (
            <button
              type="button"
              class="rt-toggle"
              aria-expanded={expanded}
              aria-label={`${expanded ? "Collapse" : "Expand"} ${name}`}
              onClick={() => setExpanded(!expanded)}
            >
              <span aria-hidden="true">{expanded ? "▾" : "▸"}</span>
            </button>
          )
          : <span class="rt-toggle-space" aria-hidden="true" />}
        <label class="check rt-label">
          <TriStateBox state={state} onChange={() => props.onToggle(entry.path)} />
          <span aria-hidden="true" class={`rt-icon ${folder ? "rt-icon-folder" : "rt-icon-file"}`} />
          <span class={props.root ? "rt-name mono" : "rt-name"}>{name}</span>
        </label>
        {!folder && entry.size >= 0 ? <span class="rt-size muted small">{formatSize(entry.size)}</span> : null}
      </div>
      {expanded
        ? (
          <div class="rt-children">
            {children === undefined && cache.loading(entry.path) ? <Spinner label="Listing…" /> : null}
            <ErrorBox error={cache.error(entry.path)} title={`Cannot list ${name}`} />
            {children?.length === 0 ? <p class="muted small rt-empty">Empty folder</p> : null}
            {children && children.length > 0
              ? (
                <ul>
                  {children.map((child) => <TreeNode key={child.path} {...props} entry={child} root={false} />)}
                </ul>
              )
              : null}
          </div>
        )
        : null}
    </li>
  );
}

/** A check box that also shows the partly-checked state (announced as "mixed"). */
function TriStateBox(props: { state: CheckState; onChange: () => void }) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = props.state === "partial";
  }, [props.state]);
  return <input ref={ref} type="checkbox" checked={props.state === "checked"} onChange={props.onChange} />;
}
