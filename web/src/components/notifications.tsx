/**
 * The server's notifications (GET /notifications: backup errors and warnings, information), shown under the top
 * bar on every page and loaded again whenever the server says they changed. Each one can be dismissed
 * (DELETE /notification/{id}); one about a backup links to that backup's logs.
 * @module
 */
import type { NotificationDto } from "../../../lib/server/api_types.ts";
import { useState } from "preact/hooks";
import { api, ApiError, errorMessage } from "../api/client.ts";
import { formatTime } from "../format.ts";
import { href } from "../router.ts";
import { useNotificationVersion } from "../state/server_state.ts";
import { useLoad } from "./ui.tsx";

const KIND: Readonly<Record<NotificationDto["Type"], { css: string; word: string }>> = {
  Error: { css: "notification-error", word: "Error" },
  Warning: { css: "notification-warning", word: "Warning" },
  Information: { css: "notification-info", word: "Information" },
};

export function Notifications() {
  const version = useNotificationVersion();
  const loaded = useLoad(() => api.get<NotificationDto[]>("/notifications"), [version]);
  const [dismissed, setDismissed] = useState<ReadonlySet<number>>(new Set());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);

  const dismiss = async (ids: readonly number[]) => {
    setBusy(true);
    setError(undefined);
    try {
      for (const id of ids) {
        try {
          await api.delete(`/notification/${id}`);
        } catch (e) {
          // Dismissed meanwhile elsewhere (another tab, a clean backup run): gone either way.
          if (!(e instanceof ApiError && e.status === 404)) throw e;
        }
        setDismissed((old) => new Set([...old, id]));
      }
    } catch (e) {
      setError(`Could not dismiss the notification: ${errorMessage(e)}`);
    } finally {
      setBusy(false);
      loaded.reload();
    }
  };

  const items = (loaded.data ?? []).filter((n) => !dismissed.has(n.ID));
  if (items.length === 0 && error === undefined) return null;
  return (
    <section class="notifications" aria-label="Notifications">
      <ul>
        {items.map((n) => <NotificationItem key={n.ID} n={n} busy={busy} onDismiss={() => void dismiss([n.ID])} />)}
      </ul>
      {error ? <div class="box box-error" role="alert">{error}</div> : null}
      {items.length > 1
        ? (
          <div class="notifications-all">
            <button
              type="button"
              class="link-button"
              disabled={busy}
              onClick={() => void dismiss(items.map((n) => n.ID))}
            >
              Dismiss all {items.length} notifications
            </button>
          </div>
        )
        : null}
    </section>
  );
}

function NotificationItem(props: { n: NotificationDto; busy: boolean; onDismiss: () => void }) {
  const { n } = props;
  const kind = KIND[n.Type] ?? KIND.Information;
  const title = n.Title || kind.word;
  return (
    <li class={`notification ${kind.css}`}>
      <span class="notification-kind">{kind.word}</span>
      <div class="notification-text">
        <strong>{title}</strong>
        {n.Message && n.Message !== title ? <span class="notification-message">{n.Message}</span> : null}
        <span class="notification-time">{formatTime(n.Timestamp)}</span>
      </div>
      <div class="notification-actions">
        {n.BackupID
          ? <a href={href(`/backup/${encodeURIComponent(n.BackupID)}?tab=logs`)}>Show the backup's log</a>
          : null}
        <button type="button" disabled={props.busy} aria-label={`Dismiss: ${title}`} onClick={props.onDismiss}>
          Dismiss
        </button>
      </div>
    </li>
  );
}
