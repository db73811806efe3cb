/**
 * The versions of a backup (GET /backup/{id}/filesets): time in local time, full or partial, file count and size;
 * versions can be selected and deleted after a confirmation (POST /backup/{id}/delete-versions, followed by the
 * page's task watch).
 * @module
 */
import type { BackupDto, FilesetDto, TaskStarted } from "../../../../lib/server/api_types.ts";
import { useState } from "preact/hooks";
import { api } from "../../api/client.ts";
import { Dialog, ErrorBox, Notice, Spinner, useLoad } from "../../components/ui.tsx";
import { formatRelative, formatSize, formatTime } from "../../format.ts";
import { isBusy, type useTaskWatch } from "./task_watch.ts";

export function VersionsTab(
  props: { backup: BackupDto; version: number; active: boolean; watch: ReturnType<typeof useTaskWatch> },
) {
  const { backup } = props;
  const id = encodeURIComponent(backup.ID);
  const ready = backup.DBPathExists !== false && !props.active;
  const loaded = useLoad(
    () => ready ? api.get<FilesetDto[]>(`/backup/${id}/filesets`) : Promise.resolve(undefined),
    [id, props.version, ready],
  );
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const [confirming, setConfirming] = useState(false);

  if (backup.DBPathExists === false) {
    return <Notice>No versions yet: the backup has not run. Use Run now to make the first version.</Notice>;
  }
  if (props.active) {
    return <Notice>A task is running for this backup; its versions are listed again when it ends.</Notice>;
  }
  if (loaded.error) return <ErrorBox error={loaded.error} title="Could not list the versions" />;
  const versions = loaded.data;
  if (!versions) return <Spinner label="Loading versions…" />;
  if (versions.length === 0) return <Notice>The backup has no versions.</Notice>;

  const chosen = versions.filter((v) => selected.has(v.Version));
  const remaining = versions.length - chosen.length;
  const all = chosen.length === versions.length;
  const toggle = (version: number, on: boolean) =>
    setSelected((old) => {
      const next = new Set(old);
      if (on) next.add(version);
      else next.delete(version);
      return next;
    });
  const deleting = isBusy(props.watch.tasks, "Delete versions");
  const remove = () => {
    const numbers = chosen.map((v) => v.Version);
    setConfirming(false);
    setSelected(new Set());
    void props.watch.start(
      "Delete versions",
      () => api.post<TaskStarted>(`/backup/${id}/delete-versions`, { Versions: numbers }),
    );
  };

  return (
    <div class="versions">
      <div class="versions-toolbar">
        <span class="muted">
          {versions.length} version{versions.length === 1 ? "" : "s"}, newest first.
          {chosen.length > 0 ? ` ${chosen.length} selected.` : ""}
        </span>
        <button
          type="button"
          class="danger"
          disabled={chosen.length === 0 || all || deleting}
          title={all ? "At least one version must stay" : undefined}
          onClick={() => setConfirming(true)}
        >
          Delete {chosen.length > 0 ? chosen.length : ""} selected version{chosen.length === 1 ? "" : "s"}…
        </button>
      </div>
      {all ? <p class="hint">Every version is selected: keep at least one, or delete the whole backup.</p> : null}
      <div class="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col" class="col-check">
                <input
                  type="checkbox"
                  aria-label="Select every version"
                  checked={all}
                  onChange={(e) =>
                    setSelected(e.currentTarget.checked ? new Set(versions.map((v) => v.Version)) : new Set())}
                />
              </th>
              <th scope="col">Version</th>
              <th scope="col">Time</th>
              <th scope="col">Kind</th>
              <th scope="col" class="num">Files</th>
              <th scope="col" class="num">Size</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.Version} class={selected.has(v.Version) ? "row-selected" : undefined}>
                <td class="col-check">
                  <input
                    type="checkbox"
                    aria-label={`Select version ${v.Version} of ${formatTime(v.Time)}`}
                    checked={selected.has(v.Version)}
                    onChange={(e) => toggle(v.Version, e.currentTarget.checked)}
                  />
                </td>
                <td>{v.Version}</td>
                <td>
                  {formatTime(v.Time)} <span class="muted small">{formatRelative(v.Time)}</span>
                </td>
                <td>{v.IsFullBackup ? "Full" : <span class="badge badge-warn">Partial</span>}</td>
                <td class="num">{v.FileCount.toLocaleString()}</td>
                <td class="num">{formatSize(v.FileSizes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {versions.some((v) => !v.IsFullBackup)
        ? (
          <p class="hint">
            A partial version comes from a backup that was stopped before it finished; it holds the files done so far.
          </p>
        )
        : null}
      {confirming
        ? (
          <Dialog title="Delete versions?" onClose={() => setConfirming(false)}>
            <p>{chosen.length === 1 ? "This version will be deleted:" : "These versions will be deleted:"}</p>
            <ul>
              {chosen.map((v) => <li key={v.Version}>Version {v.Version}, {formatTime(v.Time)}</li>)}
            </ul>
            <p>
              Files that exist only in {chosen.length === 1 ? "this version" : "these versions"}{" "}
              can no longer be restored.{" "}
              {remaining === 1 ? "The other version stays." : `The other ${remaining} versions stay.`}{" "}
              Data no version needs any more is removed from the destination now or by a later compact.
            </p>
            <div class="button-row">
              <button type="button" class="danger" onClick={remove}>
                Delete {chosen.length} version{chosen.length === 1 ? "" : "s"}
              </button>
              <button type="button" onClick={() => setConfirming(false)}>Cancel</button>
            </div>
          </Dialog>
        )
        : null}
    </div>
  );
}
