/**
 * The wizard's Files step: the version to restore from (local times; full or partial, file count and size;
 * newest first), then the files, either browsed as a tree or found by name across every version, and the
 * selection count with Continue.
 * @module
 */
import type { FilesetDto } from "../../../../lib/server/api_types.ts";
import { useState } from "preact/hooks";
import { Field, Notice } from "../../components/ui.tsx";
import { FileTree } from "./file_tree.tsx";
import type { FolderCache } from "./folder_cache.ts";
import { SearchPanel } from "./search_panel.tsx";
import { checkState, type Selection, selectionWords } from "./selection.ts";
import { versionText } from "./version_text.ts";

export interface FilesStepProps {
  readonly backupId: string;
  readonly filesets: readonly FilesetDto[];
  readonly version: number;
  readonly onVersion: (version: number) => void;
  readonly cache: FolderCache;
  readonly selection: Selection;
  readonly notice: string | undefined;
  readonly onToggle: (path: string) => void;
  readonly onPick: (path: string, version: number) => void;
  readonly onClear: () => void;
  readonly onNext: () => void;
}

export function FilesStep(props: FilesStepProps) {
  const [mode, setMode] = useState<"browse" | "search">("browse");
  const { selection } = props;
  return (
    <section class="card" aria-labelledby="restore-files-heading">
      <h2 id="restore-files-heading">Choose what to restore</h2>
      <Field
        label="Version"
        hint={`${props.filesets.length} ${
          props.filesets.length === 1 ? "version" : "versions"
        }, newest first; times are in this computer's time zone. A partial version is one whose backup did not finish.`}
      >
        {(id, describedBy) => (
          <select
            id={id}
            aria-describedby={describedBy}
            value={props.version}
            onChange={(e) => props.onVersion(Number(e.currentTarget.value))}
          >
            {props.filesets.map((f) => <option key={f.Version} value={f.Version}>{versionText(f)}</option>)}
          </select>
        )}
      </Field>
      <div class="mode-switch" role="group" aria-label="How to find files">
        <button type="button" aria-pressed={mode === "browse"} onClick={() => setMode("browse")}>
          Browse folders
        </button>
        <button type="button" aria-pressed={mode === "search"} onClick={() => setMode("search")}>
          Search all versions
        </button>
      </div>
      {props.notice ? <Notice kind="warning">{props.notice}</Notice> : null}
      {mode === "browse"
        ? <FileTree cache={props.cache} selection={selection} onToggle={props.onToggle} />
        : (
          <SearchPanel
            backupId={props.backupId}
            version={props.version}
            isSelected={(path) => checkState(path, selection, props.cache.childrenOf) === "checked"}
            onPick={props.onPick}
          />
        )}
      <div class="selection-bar">
        <span class="selection-count" role="status" aria-live="polite">{selectionWords(selection)}</span>
        {selection.size > 0
          ? <button type="button" class="link-button" onClick={props.onClear}>Clear selection</button>
          : null}
        <span class="selection-actions">
          {selection.size === 0 ? <span class="muted small">Select at least one file or folder</span> : null}
          <button type="button" class="primary" disabled={selection.size === 0} onClick={props.onNext}>
            Continue
          </button>
        </span>
      </div>
    </section>
  );
}
