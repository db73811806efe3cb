/**
 * Search across versions: files and folders whose name contains the text (any letter case), looked up in every
 * version at once (GET /backup/{id}/files?all-versions=true). Each match lists the versions it is in with its
 * size there, and "Select" takes it from the version chosen beside it (switching the wizard to that version).
 * @module
 */
import type { FilesetDto, FilesResultDto } from "../../../../lib/server/api_types.ts";
import { useState } from "preact/hooks";
import { api } from "../../api/client.ts";
import { ErrorBox, Field, Spinner, useAction } from "../../components/ui.tsx";
import { formatSize } from "../../format.ts";
import { backupPath } from "./restore_api.ts";
import { baseName, isFolder, nameSearchFilter, parentOf } from "./selection.ts";
import { versionTime } from "./version_text.ts";

/** How many matches are shown. */
const SHOWN = 100;

export interface SearchPanelProps {
  readonly backupId: string;
  /** The version the wizard restores from now. */
  readonly version: number;
  /** Whether a path is selected now (in the current version). */
  readonly isSelected: (path: string) => boolean;
  /** Selects `path` from version `version`. */
  readonly onPick: (path: string, version: number) => void;
}

interface Found {
  readonly text: string;
  readonly result: FilesResultDto;
}

export function SearchPanel(props: SearchPanelProps) {
  const [text, setText] = useState("");
  const [found, setFound] = useState<Found | undefined>(undefined);
  const [search, searching, error] = useAction(async (query: string) => {
    const filter = encodeURIComponent(nameSearchFilter(query));
    const result = await api.get<FilesResultDto>(
      `${backupPath(props.backupId)}/files?all-versions=true&filter=${filter}`,
    );
    setFound({ text: query, result });
  });
  const files = found?.result.Files ?? [];
  return (
    <div class="search-panel">
      <form
        class="search-form"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          if (text.trim() !== "") void search(text.trim());
        }}
      >
        <Field
          label="Find files and folders by name"
          hint="Part of the name, in any letter case; every version is searched."
        >
          {(id, describedBy) => (
            <div class="restore-input-row">
              <input
                id={id}
                type="search"
                value={text}
                aria-describedby={describedBy}
                onInput={(e) => setText(e.currentTarget.value)}
              />
              <button type="submit" class="primary" disabled={searching || text.trim() === ""}>Search</button>
            </div>
          )}
        </Field>
      </form>
      {searching ? <Spinner label="Searching every version…" /> : null}
      <ErrorBox error={error} title="The search failed" />
      {found && !searching
        ? (
          <p class="muted" role="status">
            {files.length === 0
              ? `Nothing named like “${found.text}” is in any version.`
              : `${files.length} ${files.length === 1 ? "match" : "matches"} for “${found.text}”` +
                (files.length > SHOWN
                  ? `; the first ${SHOWN} are shown, search for more of the name to narrow it.`
                  : ".")}
          </p>
        )
        : null}
      {found && files.length > 0
        ? (
          <table class="search-results">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">In versions</th>
                <th scope="col">Restore</th>
              </tr>
            </thead>
            <tbody>
              {files.slice(0, SHOWN).map((file) => (
                <MatchRow
                  key={file.Path}
                  path={file.Path}
                  sizes={file.Sizes}
                  filesets={found.result.Filesets}
                  {...props}
                />
              ))}
            </tbody>
          </table>
        )
        : null}
    </div>
  );
}

function MatchRow(
  props: SearchPanelProps & { path: string; sizes: readonly number[]; filesets: readonly FilesetDto[] },
) {
  const folder = isFolder(props.path);
  const name = baseName(props.path);
  // A folder's size is -1 in every version, so where it exists is not known: it is offered in the current version.
  const present = folder
    ? props.filesets.filter((f) => f.Version === props.version)
    : props.filesets.filter((_, i) => (props.sizes[i] ?? -1) >= 0);
  const sizeIn = (fileset: FilesetDto) => props.sizes[props.filesets.indexOf(fileset)] ?? -1;
  const initial = present.find((f) => f.Version === props.version) ?? present[0];
  const [chosen, setChosen] = useState<number | undefined>(initial?.Version);
  const selected = chosen === props.version && props.isSelected(props.path);
  return (
    <tr>
      <td>
        <span class="search-name">
          <span aria-hidden="true" class={`rt-icon ${folder ? "rt-icon-folder" : "rt-icon-file"}`} />
          {name}
        </span>
        <div class="muted small mono">{parentOf(props.path)}</div>
      </td>
      <td>
        {folder ? <span class="muted small">Folder</span> : (
          <ul class="version-list">
            {present.map((f) => (
              <li key={f.Version}>
                Version {f.Version} <span class="muted">· {versionTime(f.Time)} ·</span> {formatSize(sizeIn(f))}
              </li>
            ))}
          </ul>
        )}
      </td>
      <td class="search-pick">
        {present.length > 1
          ? (
            <select
              aria-label={`Version of ${name} to restore`}
              value={chosen}
              onChange={(e) => setChosen(Number(e.currentTarget.value))}
            >
              {present.map((f) => (
                <option key={f.Version} value={f.Version}>
                  Version {f.Version} ({versionTime(f.Time)})
                </option>
              ))}
            </select>
          )
          : <span class="small">Version {chosen}</span>}
        {selected ? <span class="badge badge-ok">Selected</span> : (
          <button
            type="button"
            aria-label={`Select ${name}`}
            disabled={chosen === undefined}
            onClick={() => chosen !== undefined && props.onPick(props.path, chosen)}
          >
            Select
          </button>
        )}
      </td>
    </tr>
  );
}
