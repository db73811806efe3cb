/**
 * The commands of the backup detail page: Run now, Verify, Compact, Repair (after a confirmation), Vacuum,
 * Export configuration and Delete the backup, and what became of each command started here.
 * @module
 */
import type { BackupDto, TaskStarted } from "../../../../lib/server/api_types.ts";
import { useState } from "preact/hooks";
import { api } from "../../api/client.ts";
import {
  durationWords,
  operationName,
  resultBadge,
  resultDurationMs,
  resultLabel,
} from "../../components/run_result.ts";
import { Dialog } from "../../components/ui.tsx";
import { DeleteBackupDialog } from "./delete_dialog.tsx";
import { ExportDialog } from "./export_dialog.tsx";
import { isBusy, isDone, type WatchedTask } from "./task_watch.ts";
import type { useTaskWatch } from "./task_watch.ts";

type Watch = ReturnType<typeof useTaskWatch>;

const COMMANDS: readonly { label: string; path: string; hint: string }[] = [
  { label: "Verify", path: "verify", hint: "Downloads a sample of the remote files and checks them." },
  { label: "Compact", path: "compact", hint: "Repacks partly used remote files to free space." },
  { label: "Vacuum", path: "vacuum", hint: "Shrinks the local database." },
];

export function Commands(
  props: { backup: BackupDto; watch: Watch; active: boolean; freeze: (on: boolean) => void },
) {
  const { backup, watch } = props;
  const id = encodeURIComponent(backup.ID);
  const [dialog, setDialog] = useState<"repair" | "export" | "delete" | undefined>(undefined);
  const post = (path: string) => () => api.post<TaskStarted>(`/backup/${id}/${path}`);
  const run = (label: string, path: string) => void watch.start(label, post(path));

  return (
    <section class="card detail-commands" aria-labelledby="detail-commands-title">
      <h2 id="detail-commands-title">Commands</h2>
      <div class="command-buttons">
        <button
          type="button"
          class="primary"
          disabled={isBusy(watch.tasks, "Backup")}
          onClick={() => run("Backup", "run")}
        >
          Run now
        </button>
        {COMMANDS.map((c) => (
          <button
            key={c.path}
            type="button"
            title={c.hint}
            disabled={isBusy(watch.tasks, c.label)}
            onClick={() => run(c.label, c.path)}
          >
            {c.label}
          </button>
        ))}
        <button type="button" disabled={isBusy(watch.tasks, "Repair")} onClick={() => setDialog("repair")}>
          Repair…
        </button>
        <button type="button" onClick={() => setDialog("export")}>Export…</button>
        <span class="command-spacer" />
        <button type="button" class="danger" onClick={() => setDialog("delete")}>Delete backup…</button>
      </div>
      <p class="hint">
        Verify checks a sample of the remote files, Compact frees space at the destination, Vacuum shrinks the local
        database. Commands wait in line while another task runs.
      </p>
      {watch.tasks.length > 0
        ? (
          <ul class="task-results" aria-label="Commands started here">
            {watch.tasks.map((task) => (
              <TaskResultItem
                key={task.key}
                task={task}
                onDismiss={() => watch.dismiss(task.key)}
              />
            ))}
          </ul>
        )
        : null}
      {dialog === "repair"
        ? (
          <Dialog title="Repair the backup?" onClose={() => setDialog(undefined)}>
            <p>
              Repair compares the local database with the files at the destination and fixes what differs: missing index
              files are uploaded again, and a missing or damaged local database is rebuilt from the remote files (this
              downloads them, which can take long).
            </p>
            <p class="muted">Run it when a backup or verify reported missing, extra or damaged files.</p>
            <div class="button-row">
              <button
                type="button"
                class="primary"
                onClick={() => {
                  setDialog(undefined);
                  run("Repair", "repair");
                }}
              >
                Run repair
              </button>
              <button type="button" onClick={() => setDialog(undefined)}>Cancel</button>
            </div>
          </Dialog>
        )
        : null}
      {dialog === "export" ? <ExportDialog backup={backup} onClose={() => setDialog(undefined)} /> : null}
      {dialog === "delete"
        ? (
          <DeleteBackupDialog
            backup={backup}
            active={props.active}
            onClose={() => setDialog(undefined)}
            freeze={props.freeze}
          />
        )
        : null}
    </section>
  );
}

function TaskResultItem(props: { task: WatchedTask; onDismiss: () => void }) {
  const { task } = props;
  const result = task.result;
  const name = result ? operationName(result.MainOperation) : task.label;
  let text: string;
  let css = "task-result";
  if (!isDone(task)) {
    text = task.status === "Waiting"
      ? `${task.label}: waiting for the task before it to finish…`
      : task.status === "Starting"
      ? `${task.label}: starting…`
      : `${task.label}: running…`;
    css += " task-result-busy";
  } else if (task.status === "Failed") {
    text = `${name} failed: ${task.error ?? result?.Errors[0] ?? "the server gave no reason"}`;
    css += " task-result-error";
  } else if (result?.ParsedResult === "Warning") {
    const count = result.Warnings.length;
    text = count === 0
      ? `${name} finished with warnings.`
      : `${name} finished with ${count} warning${count === 1 ? "" : "s"}: ${result.Warnings[0]}`;
    css += " task-result-warning";
  } else if (result?.ParsedResult === "Error" || result?.ParsedResult === "Fatal") {
    text = `${name} ended with errors: ${result.Errors[0] ?? ""}`;
    css += " task-result-error";
  } else {
    const took = result ? durationWords(resultDurationMs(result)) : "";
    const only = result?.Messages.length === 1 ? `: ${result.Messages[0]}` : ".";
    text = `${name} finished successfully${took ? ` in ${took}` : ""}${only}`;
    css += " task-result-ok";
  }
  let details = result ? [...result.Errors, ...result.Warnings, ...result.Messages] : [];
  if (details.length === 1 && text.endsWith(details[0]!)) details = [];
  return (
    <li class={css} role={isDone(task) ? "status" : undefined}>
      <div class="task-result-line">
        {result ? <span class={resultBadge(result.ParsedResult)}>{resultLabel(result.ParsedResult)}</span> : null}
        <span class="task-result-text">{text}</span>
        {isDone(task)
          ? (
            <button type="button" class="link-button" aria-label={`Dismiss: ${text}`} onClick={props.onDismiss}>
              Dismiss
            </button>
          )
          : null}
      </div>
      {details.length > 0
        ? (
          <details>
            <summary>Show the output ({details.length} line{details.length === 1 ? "" : "s"})</summary>
            <pre>{details.join("\n")}</pre>
          </details>
        )
        : null}
    </li>
  );
}
