/**
 * "What these sources and filters match": a moment after the sources, rules or exclusions change, asks
 * POST /filesystem/preview (the engine's own walk and filter on the server) and shows the counts, the first files
 * that would be backed up and the first paths left out with the rule or reason that left them out.
 * @module
 */
import { useEffect, useState } from "preact/hooks";
import type { FilesystemPreviewDto, PreviewExcludedDto } from "../../../../lib/server/routes/filesystem_preview.ts";
import { api } from "../../api/client.ts";
import { ErrorBox, Notice, Spinner } from "../../components/ui.tsx";
import { formatSize } from "../../format.ts";
import { ruleProblem } from "./filter_rules.ts";
import type { EditorModel } from "./model.ts";
import { isAbsoluteSource, isBelow, parentOf } from "./sources_paths.ts";
import { sizeProblem } from "./sources_size.ts";

const DEBOUNCE_MS = 400;
const LIMIT = 100;

type PreviewModel = Pick<EditorModel, "sources" | "filters" | "excludeAttributes" | "skipFilesLargerThan">;

/** The request for the model, or a sentence saying why there is none yet. */
export function previewRequest(model: PreviewModel): { body: unknown } | { why: string } {
  const sources = model.sources.filter(isAbsoluteSource);
  if (sources.length === 0) return { why: "Choose a folder or file to see what a backup would take." };
  const rules = model.filters.map((rule, i) => ({ rule, i })).filter(({ rule }) => rule.expression.trim() !== "");
  if (rules.some(({ rule, i }) => ruleProblem(rule, i) !== undefined)) {
    return { why: "Fix the filter rules marked above to update the preview." };
  }
  if (sizeProblem(model.skipFilesLargerThan) !== undefined) {
    return { why: "Fix the size limit above to update the preview." };
  }
  return {
    body: {
      Sources: sources,
      Filters: rules.map(({ rule, i }) => ({ Order: i, Include: rule.include, Expression: rule.expression })),
      ExcludeAttributes: model.excludeAttributes,
      ...(model.skipFilesLargerThan.trim() === "" ? {} : { SkipFilesLargerThan: model.skipFilesLargerThan }),
      Limit: LIMIT,
    },
  };
}

/** Why a path is left out, in words. */
export function exclusionText(entry: PreviewExcludedDto): string {
  if (entry.Reason === "filter") {
    const exact = entry.Rule === entry.Path || entry.Rule === `@${entry.Path}`;
    const rule = exact ? "this exact path" : entry.Rule.length <= 32 ? entry.Rule : `…${entry.Rule.slice(-30)}`;
    return entry.Order === undefined ? `rule ${rule}` : `rule ${entry.Order + 1}: ${rule}`;
  }
  return entry.Rule;
}

/** `path` as shown: from the name of the source that holds it on ("docs/a.txt" for source "/home/me/docs/"). */
export function shownPath(path: string, sources: readonly string[]): string {
  const source = sources.find((s) => path === s || isBelow(path, s));
  return source === undefined ? path : path.slice(parentOf(source)?.length ?? 0);
}

/** The preview box; `onMissing` hears which sources the server did not find. */
export function FilterPreview(props: { model: PreviewModel; onMissing: (missing: readonly string[]) => void }) {
  const request = previewRequest(props.model);
  const key = JSON.stringify(request);
  const [result, setResult] = useState<FilesystemPreviewDto | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [nonce, setNonce] = useState(0);
  // The request the shown answer belongs to: busy until the answer for the current one came (no stale "done").
  const token = `${nonce}:${key}`;
  const [answered, setAnswered] = useState("");
  const busy = "body" in request && answered !== token;

  useEffect(() => {
    if (!("body" in request)) return;
    let live = true;
    const timer = setTimeout(() => {
      api.post<FilesystemPreviewDto>("/filesystem/preview", request.body).then(
        (answer) => {
          if (!live) return;
          setResult(answer);
          setError(undefined);
          setAnswered(token);
          props.onMissing(answer.Missing);
        },
        (failure) => {
          if (!live) return;
          setError(failure);
          setAnswered(token);
        },
      );
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [token]);

  if ("why" in request) return <p class="muted preview-why">{request.why}</p>;
  return (
    <div class="preview" aria-busy={busy}>
      <div class="preview-head">
        <p class="preview-summary" role="status">
          {result === undefined ? (busy ? <Spinner label="Walking the sources…" /> : null) : (
            <>
              <strong>{countText(result.IncludedCount, "file")}</strong>{" "}
              ({formatSize(result.IncludedSize)}) would be backed up;{" "}
              <strong>{countText(result.ExcludedCount, "path")}</strong> left out
              {result.Complete ? "." : " so far."}
            </>
          )}
        </p>
        {result !== undefined && busy ? <span class="muted small">Updating…</span> : null}
        <button type="button" class="link-button" onClick={() => setNonce((n) => n + 1)} disabled={busy}>
          Refresh preview
        </button>
      </div>
      <ErrorBox error={error} title="The preview failed" />
      {result !== undefined && !result.Complete
        ? (
          <Notice kind="warning">
            The preview stopped after a few seconds: the counts are those found so far, and the backup will take more.
          </Notice>
        )
        : null}
      {result !== undefined && result.Missing.length > 0
        ? <Notice kind="warning">Not found on the server: {result.Missing.join(", ")}</Notice>
        : null}
      {result !== undefined
        ? (
          <div class="preview-lists">
            <PathList
              title="Backed up"
              total={result.IncludedCount}
              items={result.Included.map((f) => ({ path: f.Path, note: formatSize(f.Size) }))}
              sources={props.model.sources}
            />
            <PathList
              title="Left out"
              total={result.ExcludedCount}
              items={result.Excluded.map((e) => ({ path: e.Path, note: exclusionText(e) }))}
              sources={props.model.sources}
            />
          </div>
        )
        : null}
    </div>
  );
}

function PathList(props: {
  title: string;
  total: number;
  items: readonly { path: string; note: string }[];
  sources: readonly string[];
}) {
  const headingId = `preview-${props.title.replace(/\W+/g, "-").toLowerCase()}`;
  return (
    <section class="preview-list" aria-labelledby={headingId}>
      <h4 id={headingId}>
        {props.title} <span class="muted small">({props.total})</span>
      </h4>
      {props.items.length === 0
        ? <p class="muted small">Nothing.</p>
        : (
          <ul class="preview-paths" tabIndex={0} aria-labelledby={headingId}>
            {props.items.map((item) => (
              <li key={item.path}>
                <span class="mono preview-path" title={item.path}>{shownPath(item.path, props.sources)}</span>
                <span class="muted small preview-note">{item.note}</span>
              </li>
            ))}
          </ul>
        )}
      {props.total > props.items.length
        ? <p class="muted small">Showing the first {props.items.length} of {props.total}.</p>
        : null}
    </section>
  );
}

function countText(n: number, noun: string): string {
  return `${n.toLocaleString()} ${noun}${n === 1 ? "" : "s"}`;
}
