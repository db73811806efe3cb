/**
 * The chosen sources, each with a Remove button, and the "Add path" field: a typed path is checked with
 * POST /filesystem/validate; a folder typed without the trailing separator is recognised from its parent's
 * listing; a path that does not exist can still be added after a clear warning, as in Duplicati.
 * @module
 */
import { useId, useState } from "preact/hooks";
import { api, ApiError, errorMessage } from "../../api/client.ts";
import { listFolder, realPath } from "./folder_tree.tsx";
import { isAbsoluteSource, isFolderPath, parentOf, separatorOf } from "./sources_paths.ts";

/** The list and the add field; `missing` are sources the last preview did not find. */
export function SourcesList(props: {
  sources: readonly string[];
  missing: readonly string[];
  error?: string | undefined;
  onChange: (sources: string[]) => void;
}) {
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [unknown, setUnknown] = useState<string | undefined>(undefined);
  const id = useId();

  const add = (path: string) => {
    if (!props.sources.includes(path)) props.onChange([...props.sources, path]);
    setText("");
    setUnknown(undefined);
    setProblem(undefined);
  };

  const submit = async () => {
    const typed = text.trim();
    setUnknown(undefined);
    setProblem(undefined);
    if (typed === "") return setProblem("Type the full path of a folder or file first, such as /home/me/Documents/.");
    if (!isAbsoluteSource(typed)) {
      return setProblem(
        `"${typed}" is not a full path: start it with / (on Windows with a drive such as C:\\), ` +
          "or with a special folder such as %HOME%.",
      );
    }
    if (props.sources.includes(typed)) return setProblem(`"${typed}" is already in the list.`);
    setBusy(true);
    try {
      await api.post("/filesystem/validate", { path: typed });
      add(await folderOrFile(typed));
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) setUnknown(typed);
      else setProblem(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="source-list-box">
      <h4 id={`${id}-chosen`}>Chosen sources</h4>
      {props.sources.length === 0
        ? <p class="muted">Nothing chosen yet: tick folders in the tree, or type a path below.</p>
        : (
          <ul class="source-list" aria-labelledby={`${id}-chosen`}>
            {props.sources.map((source) => (
              <li key={source}>
                <span class="source-path mono">{source}</span>
                <span class="badge">{isFolderPath(source) ? "folder" : "file"}</span>
                {props.missing.includes(source) ? <span class="badge badge-warn">not found</span> : null}
                <button
                  type="button"
                  class="link-button"
                  aria-label={`Remove ${source}`}
                  onClick={() => props.onChange(props.sources.filter((s) => s !== source))}
                >
                  Remove
                </button>
              </li>
            ))}
          </ul>
        )}
      {props.error ? <div class="field-error" role="alert">{props.error}</div> : null}
      <form
        class="add-path"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div class={`field${problem ? " field-invalid" : ""}`}>
          <label for={`${id}-path`}>Add path</label>
          <div class="add-path-row">
            <input
              id={`${id}-path`}
              type="text"
              class="mono"
              value={text}
              placeholder="/home/me/Documents/"
              spellcheck={false}
              autocomplete="off"
              aria-describedby={`${id}-hint${problem ? ` ${id}-problem` : ""}`}
              onInput={(e) => setText(e.currentTarget.value)}
            />
            <button type="submit" disabled={busy}>{busy ? "Checking…" : "Add"}</button>
          </div>
          <div class="hint" id={`${id}-hint`}>
            A folder path ends with {separatorOf(text || "/")}; special folders such as %HOME% work too.
          </div>
          {problem ? <div class="field-error" id={`${id}-problem`} role="alert">{problem}</div> : null}
        </div>
      </form>
      {unknown !== undefined
        ? (
          <div class="box box-warning" role="alert">
            <p class="missing-text">
              "{unknown}" does not exist on the server. A backup stops with an error when a source is missing (unless
              the advanced option allow-missing-source is on), so check the spelling; add it anyway only if it will
              exist when the backup runs.
            </p>
            <div class="button-row">
              <button type="button" onClick={() => add(unknown)}>Add anyway</button>
              <button type="button" class="link-button" onClick={() => setUnknown(undefined)}>Don't add it</button>
            </div>
          </div>
        )
        : null}
    </div>
  );
}

/** The path with the separator at the end when it names a folder (found in its parent's listing). */
async function folderOrFile(path: string): Promise<string> {
  if (isFolderPath(path)) return path;
  const parent = parentOf(path);
  if (parent === undefined) return path + separatorOf(path);
  try {
    const nodes = await listFolder(parent);
    const node = nodes.find((n) => n.id === path || n.id === path + separatorOf(path));
    return node === undefined ? path : realPath(node);
  } catch {
    return path; // the parent cannot be listed: keep the path as typed
  }
}
