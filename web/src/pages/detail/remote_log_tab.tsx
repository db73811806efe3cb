/**
 * What the backup did at its destination (GET /backup/{id}/remotelog, newest first, paged with "Show older"):
 * each upload and download with its time, remote file name and size.
 * @module
 */
import { usePagedRows } from "./paged_rows.ts";
import { ErrorBox, Notice, Spinner } from "../../components/ui.tsx";
import { formatSize } from "../../format.ts";

/** A row of GET /backup/{id}/remotelog (Duplicati's RemoteOperation shape). */
interface RemoteLogRow {
  readonly ID: number;
  readonly OperationID: number;
  readonly Timestamp: number;
  readonly Operation: string;
  readonly Path: string;
  readonly Data: string | null;
}

const PAGE = 50;

const OPERATIONS: Readonly<Record<string, string>> = {
  put: "Upload",
  get: "Download",
  list: "List",
  delete: "Delete",
};

export function RemoteLogTab(props: { backupId: string; version: number; active: boolean; hasDatabase: boolean }) {
  const id = encodeURIComponent(props.backupId);
  const ready = props.hasDatabase && !props.active;
  const { rows, more, busy, error, older } = usePagedRows<RemoteLogRow>(`/backup/${id}/remotelog`, {
    pageSize: PAGE,
    enabled: ready,
    deps: [props.version],
  });

  if (!props.hasDatabase) return <Notice>Nothing was sent to the destination yet: the backup has not run.</Notice>;
  if (props.active) {
    return <Notice>A task is running for this backup; the remote log is shown again when it ends.</Notice>;
  }
  if (rows === undefined) {
    return error ? <ErrorBox error={error} title="Could not load the remote log" /> : <Spinner label="Loading…" />;
  }
  if (rows.length === 0) return <Notice>No files were sent to the destination yet.</Notice>;
  return (
    <div class="remote-log">
      <div class="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Operation</th>
              <th scope="col">Remote file</th>
              <th scope="col" class="num">Size</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const { size, state } = dataOf(row.Data);
              return (
                <tr key={row.ID}>
                  <td class="nowrap">{timeWithSeconds(row.Timestamp)}</td>
                  <td>{OPERATIONS[row.Operation] ?? row.Operation}</td>
                  <td class="mono remote-log-path">
                    {row.Path}
                    {state === "Deleted" || state === "Deleting"
                      ? <span class="badge remote-log-state">deleted since</span>
                      : null}
                  </td>
                  <td class="num">{size === undefined ? "" : formatSize(size)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <ErrorBox error={error} title="Could not load more of the remote log" />
      {more
        ? (
          <div class="button-row">
            <button type="button" disabled={busy} onClick={older}>
              {busy ? "Loading…" : "Show older entries"}
            </button>
          </div>
        )
        : <p class="hint">That is the whole remote log.</p>}
    </div>
  );
}

/** Size and state from a row's Data JSON (`{"Size","Hash","State"}`). */
function dataOf(data: string | null): { size: number | undefined; state: string | undefined } {
  if (!data) return { size: undefined, state: undefined };
  try {
    const parsed = JSON.parse(data) as { Size?: unknown; State?: unknown };
    return {
      size: typeof parsed.Size === "number" && parsed.Size >= 0 ? parsed.Size : undefined,
      state: typeof parsed.State === "string" ? parsed.State : undefined,
    };
  } catch {
    return { size: undefined, state: undefined };
  }
}

/** Epoch seconds in local time with seconds: remote operations of one run are seconds apart. */
function timeWithSeconds(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" });
}
