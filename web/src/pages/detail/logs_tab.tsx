/**
 * The log of every run of a backup (GET /backup/{id}/log, newest first, paged with "Show older"): each run's
 * operation, result, time, duration, counts and sizes from its output, and its warnings, errors and full output
 * when expanded. Rows that are not run results (notes the server added) are shown as text.
 * @module
 */
import type { LogRowDto, TaskResultJson } from "../../../../lib/server/api_types.ts";
import { usePagedRows } from "./paged_rows.ts";
import {
  durationWords,
  operationName,
  resultBadge,
  resultDurationMs,
  resultLabel,
  resultOf,
  resultStatistics,
  timeSpanMs,
} from "../../components/run_result.ts";
import { ErrorBox, Notice, Spinner } from "../../components/ui.tsx";
import { formatTime } from "../../format.ts";

const PAGE = 20;

export function LogsTab(props: { backupId: string; version: number }) {
  const id = encodeURIComponent(props.backupId);
  const { rows, more, busy, error, older } = usePagedRows<LogRowDto>(`/backup/${id}/log`, {
    pageSize: PAGE,
    enabled: true,
    deps: [props.version],
  });

  if (rows === undefined) {
    return error ? <ErrorBox error={error} title="Could not load the log" /> : <Spinner label="Loading the log…" />;
  }
  if (rows.length === 0) return <Notice>Nothing has run for this backup yet.</Notice>;
  return (
    <div class="run-log">
      <ul class="run-log-list">
        {rows.map((row) => <LogEntry key={row.ID} row={row} />)}
      </ul>
      <ErrorBox error={error} title="Could not load the log" />
      {more
        ? (
          <div class="button-row">
            <button type="button" disabled={busy} onClick={older}>
              {busy ? "Loading…" : "Show older entries"}
            </button>
          </div>
        )
        : <p class="hint">That is the whole log.</p>}
    </div>
  );
}

function LogEntry(props: { row: LogRowDto }) {
  const { row } = props;
  const result = resultOf(row);
  if (!result) {
    return (
      <li class="run-log-entry">
        <div class="run-log-summary run-log-note">
          <span class="badge">{row.Type}</span>
          <span class="run-log-time">{formatTime(row.Timestamp * 1000)}</span>
          <span class="run-log-text">{row.Message}</span>
        </div>
        {row.Exception ? <pre>{row.Exception}</pre> : null}
      </li>
    );
  }
  return (
    <li class="run-log-entry">
      <details>
        <summary class="run-log-summary">
          <span class={resultBadge(result.ParsedResult)}>{resultLabel(result.ParsedResult)}</span>
          <strong class="run-log-operation">{operationName(result.MainOperation)}</strong>
          <span class="run-log-time">{formatTime(result.EndTime || row.Timestamp * 1000)}</span>
          <span class="muted">{durationWords(resultDurationMs(result))}</span>
          <Counts result={result} />
        </summary>
        <RunDetails result={result} />
      </details>
    </li>
  );
}

function Counts(props: { result: TaskResultJson }) {
  const { result } = props;
  const examined = resultStatistics(result).find((s) => s.name === "Files examined");
  return (
    <span class="run-log-counts">
      {examined ? <span>{examined.value} examined</span> : null}
      {result.Warnings.length > 0
        ? <span class="run-log-warn">{result.Warnings.length} warning{result.Warnings.length === 1 ? "" : "s"}</span>
        : null}
      {result.Errors.length > 0
        ? <span class="run-log-error">{result.Errors.length} error{result.Errors.length === 1 ? "" : "s"}</span>
        : null}
    </span>
  );
}

function RunDetails(props: { result: TaskResultJson }) {
  const { result } = props;
  const stats = resultStatistics(result);
  return (
    <div class="run-log-details">
      <dl class="run-log-stats">
        <div>
          <dt>Started</dt>
          <dd>{formatTime(result.BeginTime)}</dd>
        </div>
        <div>
          <dt>Finished</dt>
          <dd>{formatTime(result.EndTime)}</dd>
        </div>
        {stats.map((s) => (
          <div key={s.name}>
            <dt>{s.name}</dt>
            <dd>{durationWords(timeSpanMs(s.value)) || s.value}</dd>
          </div>
        ))}
        <div>
          <dt>Exit code</dt>
          <dd>{result.ExitCode}</dd>
        </div>
      </dl>
      {result.Errors.length > 0
        ? (
          <>
            <h3 class="run-log-heading">Errors</h3>
            <ul class="run-log-lines run-log-error">{result.Errors.map((line, i) => <li key={i}>{line}</li>)}</ul>
          </>
        )
        : null}
      {result.Warnings.length > 0
        ? (
          <>
            <h3 class="run-log-heading">Warnings</h3>
            <ul class="run-log-lines run-log-warn">{result.Warnings.map((line, i) => <li key={i}>{line}</li>)}</ul>
          </>
        )
        : null}
      {result.Messages.length > 0
        ? (
          <>
            <h3 class="run-log-heading">Output</h3>
            <pre class="run-log-output">{result.Messages.join("\n")}</pre>
          </>
        )
        : null}
    </div>
  );
}
