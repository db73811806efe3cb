/**
 * Server log (#/log): the server's own log rows (GET /logdata/log, newest first, 50 at a time with "Load older"),
 * filtered by level on the server (`?level=`), with the backup each row concerns and its error details; "Live"
 * asks GET /logdata/poll every few seconds for rows newer than the newest shown.
 * @module
 */
import { useEffect, useRef, useState } from "preact/hooks";
import type { BackupEnvelope } from "../../../../lib/server/api_types.ts";
import type { LiveLogEntryDto, ServerLogRowDto } from "../../../../lib/server/routes/log_data.ts";
import { api, errorMessage } from "../../api/client.ts";
import { ErrorBox, Field, PageHeader, Spinner, useLoad } from "../../components/ui.tsx";
import { href, useRoute } from "../../router.ts";
import { useDataVersion } from "../../state/server_state.ts";

/** Rows per page; `#/log?pagesize=N` (10–450) asks for another. */
const PAGE_SIZE = 50;
/** The server's largest page. */
const MAX_PAGE = 500;
const LIVE_INTERVAL_MS = 4000;

type Level = "" | "Information" | "Warning" | "Error";

const LEVELS: readonly { value: Level; label: string }[] = [
  { value: "", label: "All levels" },
  { value: "Information", label: "Information, warnings and errors" },
  { value: "Warning", label: "Warnings and errors" },
  { value: "Error", label: "Errors only" },
];

export function ServerLogPage(_props: Record<string, never>) {
  const pageSize = pageSizeOf(useRoute().query.get("pagesize"));
  const [level, setLevel] = useState<Level>("");
  const [rows, setRows] = useState<ServerLogRowDto[]>([]);
  const [loading, setLoading] = useState(true);
  const [more, setMore] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [live, setLive] = useState(false);
  const version = useDataVersion();
  const backups = useLoad(() => api.get<BackupEnvelope[]>("/backups"), [version]);
  /** Answers for an older filter or reload are dropped. */
  const generation = useRef(0);
  const newest = useRef(0);
  newest.current = rows[0]?.ID ?? 0;

  const loadFirst = async (wanted: Level) => {
    const mine = ++generation.current;
    setLoading(true);
    setError(undefined);
    try {
      const page = await api.get<ServerLogRowDto[]>(`/logdata/log?${query(wanted, pageSize)}`);
      if (mine !== generation.current) return;
      setRows(page);
      setMore(page.length === pageSize);
    } catch (e) {
      if (mine === generation.current) setError(e);
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  };

  const loadOlder = async () => {
    const last = rows[rows.length - 1];
    if (!last) return;
    const mine = generation.current;
    setLoading(true);
    setError(undefined);
    try {
      // The server pages by whole seconds (rows older than `offset`). Asking up to the end of the last row's
      // second, with room for the rows of that second already shown, and dropping those, skips no row that
      // shares the second.
      const shownInSecond = rows.filter((r) => r.Timestamp === last.Timestamp).length;
      const size = Math.min(MAX_PAGE, pageSize + shownInSecond);
      const page = await api.get<ServerLogRowDto[]>(`/logdata/log?${query(level, size, last.Timestamp + 1)}`);
      const older = page.filter((r) => r.ID < last.ID);
      if (mine !== generation.current) return;
      setRows((shown) => [...shown, ...older]);
      setMore(page.length === size && older.length > 0);
    } catch (e) {
      if (mine === generation.current) setError(e);
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  };

  useEffect(() => {
    void loadFirst(level);
  }, [level, pageSize]);

  useEffect(() => {
    if (!live) return;
    const mine = generation.current;
    let stopped = false;
    const timer = setInterval(async () => {
      try {
        const entries = await api.get<LiveLogEntryDto[]>(
          `/logdata/poll?id=${newest.current}&level=${level || "ExplicitOnly"}&pagesize=100`,
        );
        if (stopped || mine !== generation.current) return;
        const fresh = entries.map(fromLiveEntry).filter((r) => r.ID > newest.current).reverse();
        if (fresh.length > 0) setRows((shown) => [...fresh, ...shown]);
      } catch (e) {
        if (!stopped) setError(e);
      }
    }, LIVE_INTERVAL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [live, level]);

  const names = new Map((backups.data ?? []).map((b) => [b.Backup.ID, b.Backup.Name]));
  return (
    <>
      <PageHeader title="Server log">
        <button type="button" onClick={() => void loadFirst(level)} disabled={loading}>Refresh</button>
      </PageHeader>
      <p class="muted">
        What the server itself reported: warnings, errors and notable events. The results of each backup run are in that
        backup's own log.
      </p>
      <div class="card">
        <div class="row log-controls">
          <Field label="Show">
            {(id) => (
              <select id={id} value={level} onChange={(e) => setLevel(e.currentTarget.value as Level)}>
                {LEVELS.map((l) => <option key={l.value} value={l.value}>{l.label}</option>)}
              </select>
            )}
          </Field>
          <label class="check log-live">
            <input type="checkbox" checked={live} onChange={(e) => setLive(e.currentTarget.checked)} />
            Live: add new entries as they arrive
          </label>
        </div>
        <ErrorBox error={error && `Cannot read the server log: ${errorMessage(error)}`} />
        {rows.length === 0
          ? (loading ? <Spinner /> : (
            <p class="muted" role="status">
              {level === "" ? "The server log is empty." : "No entries at this level."}
            </p>
          ))
          : (
            <table class="log-table">
              <caption class="visually-hidden">Server log, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Level</th>
                  <th scope="col">Message</th>
                  <th scope="col">Backup</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.ID}>
                    <td class="nowrap">{formatLogTime(row.Timestamp)}</td>
                    <td>
                      <span class={`badge ${levelBadge(row.Type)}`}>{row.Type}</span>
                    </td>
                    <td class="log-message">
                      {row.Message}
                      {row.Exception
                        ? (
                          <details>
                            <summary>Error details</summary>
                            <pre>{row.Exception}</pre>
                          </details>
                        )
                        : null}
                    </td>
                    <td class="nowrap">
                      <BackupCell id={row.BackupID} names={names} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        {rows.length > 0 && (more || loading)
          ? (
            <div class="button-row">
              <button type="button" onClick={() => void loadOlder()} disabled={loading || !more}>
                {loading ? "Loading…" : "Load older entries"}
              </button>
            </div>
          )
          : null}
      </div>
    </>
  );
}

function BackupCell(props: { id: number | null; names: ReadonlyMap<string, string> }) {
  if (props.id === null) return <span class="muted">server</span>;
  const name = props.names.get(String(props.id));
  if (name === undefined) return <span class="muted">#{props.id} (deleted)</span>;
  return <a href={href(`/backup/${props.id}`)}>{name}</a>;
}

function query(level: Level, pageSize: number, offset?: number): string {
  const params = new URLSearchParams({ pagesize: String(pageSize) });
  if (level !== "") params.set("level", level);
  if (offset !== undefined) params.set("offset", String(offset));
  return params.toString();
}

function pageSizeOf(text: string | null): number {
  const n = Number(text ?? "");
  return Number.isInteger(n) && n >= 10 && n <= 450 ? n : PAGE_SIZE;
}

function fromLiveEntry(entry: LiveLogEntryDto): ServerLogRowDto {
  return {
    ID: entry.ID,
    BackupID: entry.BackupID === null ? null : Number(entry.BackupID),
    Message: entry.Message,
    Exception: entry.Exception,
    Timestamp: Math.floor(Date.parse(entry.When) / 1000),
    Type: entry.Type,
  };
}

function levelBadge(type: string): string {
  if (type === "Error") return "badge-error";
  if (type === "Warning") return "badge-warn";
  if (type === "Information") return "badge-active";
  return "";
}

/** Epoch seconds in local time, with seconds (log rows often come close together). */
function formatLogTime(seconds: number): string {
  return new Date(seconds * 1000).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" });
}
