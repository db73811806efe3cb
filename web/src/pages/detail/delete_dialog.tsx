/**
 * Deleting a backup: the user types the backup's name, chooses whether the local database and the files at the
 * destination go too (both off by default), reads in plain words what will be deleted and what kept, and confirms.
 * DELETE /backup/{id}?delete-local-db=…&delete-remote-files=… queues a task; the dialog follows it and goes home
 * when it is done.
 * @module
 */
import type { BackupDto, TaskDto } from "../../../../lib/server/api_types.ts";
import { useState } from "preact/hooks";
import { api, errorMessage } from "../../api/client.ts";
import { Dialog, Field } from "../../components/ui.tsx";
import { formatSizeText } from "../../format.ts";
import { navigate } from "../../router.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function DeleteBackupDialog(
  props: { backup: BackupDto; active: boolean; onClose: () => void; freeze: (on: boolean) => void },
) {
  const { backup } = props;
  const [typed, setTyped] = useState("");
  const [deleteDb, setDeleteDb] = useState(false);
  const [deleteRemote, setDeleteRemote] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const count = backup.Metadata.TargetFilesCount;
  const size = formatSizeText(backup.Metadata.TargetFilesSize);
  const remoteWhat = count ? `The ${count} files${size ? ` (${size})` : ""}` : "The files of this backup";
  const matches = typed.trim() === backup.Name.trim();

  const confirm = async (event: Event) => {
    event.preventDefault();
    if (!matches || props.active || busy) return;
    setBusy(true);
    setError(undefined);
    // Nothing on the page may ask for this backup again once it is gone.
    props.freeze(true);
    try {
      const query = `delete-local-db=${deleteDb}&delete-remote-files=${deleteRemote}`;
      const started = await api.delete<{ ID: number }>(`/backup/${encodeURIComponent(backup.ID)}?${query}`);
      for (;;) {
        const task = await api.get<TaskDto>(`/task/${started.ID}`);
        if (task.Status === "Failed") throw new Error(task.ErrorMessage ?? "the delete task failed");
        if (task.Status === "Completed") break;
        await sleep(500);
      }
      const remote = deleteRemote ? "deleted" : "kept";
      navigate(`/?deleted=${encodeURIComponent(backup.Name)}&remote=${remote}`, { replace: true });
    } catch (e) {
      props.freeze(false);
      setBusy(false);
      setError(`The backup was not deleted: ${errorMessage(e)}`);
    }
  };

  return (
    <Dialog title={`Delete “${backup.Name}”?`} onClose={() => !busy && props.onClose()} wide>
      <form onSubmit={confirm} class="delete-dialog">
        {props.active && !busy
          ? (
            <div class="box box-warning" role="alert">
              A task is running for this backup. Stop it first (on the home page or above), then delete the backup.
            </div>
          )
          : null}
        <label class="check">
          <input
            type="checkbox"
            checked={deleteDb}
            disabled={busy}
            onChange={(e) => setDeleteDb(e.currentTarget.checked)}
          />
          Also delete the local database
        </label>
        <label class="check">
          <input
            type="checkbox"
            checked={deleteRemote}
            disabled={busy}
            onChange={(e) => setDeleteRemote(e.currentTarget.checked)}
          />
          <span>
            Also delete the remote files at <code class="delete-dialog-url">{backup.TargetURL}</code>
          </span>
        </label>
        <div class={`box ${deleteRemote ? "box-error" : "box-info"} delete-summary`} aria-live="polite">
          <p>
            <strong>What happens:</strong> the configuration of “{backup.Name}”, its schedule and its logs are deleted.
          </p>
          <p>
            {deleteDb ? "The local database is deleted." : (
              <>
                The local database is kept at <code>{backup.DBPath}</code>.
              </>
            )}
          </p>
          {deleteRemote
            ? (
              <p>
                <strong>{remoteWhat} at the destination are deleted.</strong>{" "}
                Nothing can be restored from this backup afterwards.
              </p>
            )
            : (
              <p>
                <strong>{remoteWhat} at the destination are kept.</strong>{" "}
                You can still restore from them with “Restore from a destination” and the backup's passphrase.
              </p>
            )}
        </div>
        <Field label={`Type the backup name “${backup.Name}” to confirm`}>
          {(id, describedBy) => (
            <input
              id={id}
              type="text"
              autoComplete="off"
              spellcheck={false}
              value={typed}
              disabled={busy}
              aria-describedby={describedBy}
              onInput={(e) => setTyped(e.currentTarget.value)}
            />
          )}
        </Field>
        {error ? <div class="box box-error" role="alert">{error}</div> : null}
        <div class="button-row">
          <button type="submit" class="danger" disabled={!matches || props.active || busy}>
            {busy
              ? "Deleting…"
              : deleteRemote
              ? "Delete the backup and its remote files"
              : "Delete the backup, keep the remote files"}
          </button>
          <button type="button" disabled={busy} onClick={props.onClose}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}
