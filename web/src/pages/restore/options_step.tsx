/**
 * The wizard's Options step: where to restore (the original place or another folder, with Browse), what to do
 * when a file is already there, whether to restore permissions, and the passphrase when the server does not
 * store it (checked with POST /backup/{id}/check-passphrase before the restore starts, so a wrong one is said
 * plainly). "Restore now" queues POST /backup/{id}/restore.
 *
 * The engine has two behaviours for existing files: overwrite, or keep both (the restored copy gets a time stamp
 * in its name; a file whose content is already right is left alone). It has no "skip existing" mode, so none is
 * offered.
 * @module
 */
import type { BackupDto, FilesetDto, TaskStarted } from "../../../../lib/server/api_types.ts";
import { useState } from "preact/hooks";
import { api, ApiError } from "../../api/client.ts";
import { ErrorBox, Field, Spinner } from "../../components/ui.tsx";
import { refreshLiveState } from "../../state/server_state.ts";
import { asFolder, FolderBrowser } from "../../components/folder_browser.tsx";
import { backupPath } from "./restore_api.ts";
import { restorePattern, type Selection, selectionWords } from "./selection.ts";
import { versionTime } from "./version_text.ts";

export interface RestoreOptions {
  readonly target: "original" | "folder";
  readonly folder: string;
  readonly overwrite: boolean;
  readonly permissions: boolean;
  readonly passphrase: string;
}

export interface OptionsStepProps {
  readonly backupId: string;
  readonly backup: BackupDto;
  readonly fileset: FilesetDto;
  readonly selection: Selection;
  readonly options: RestoreOptions;
  readonly onOptions: (options: RestoreOptions) => void;
  readonly onBack: () => void;
  readonly onStarted: (taskId: number) => void;
}

const SHOWN_PATHS = 8;

function isAbsoluteFolder(path: string): boolean {
  return path.startsWith("/") || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith("\\\\");
}

export function OptionsStep(props: OptionsStepProps) {
  const { options, backup } = props;
  const set = (patch: Partial<RestoreOptions>) => props.onOptions({ ...options, ...patch });
  const needsPassphrase = backup.IsUnencryptedOrPassphraseStored === false;
  const [picking, setPicking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<{ folder?: string; passphrase?: string; other?: unknown }>({});
  const paths = [...props.selection];

  const start = async () => {
    const folder = options.folder.trim();
    if (options.target === "folder" && !isAbsoluteFolder(folder)) {
      setErrors({
        folder: folder === "" ? "Enter the folder to restore into." : "Enter a full path, such as /home/me/restored.",
      });
      return;
    }
    if (needsPassphrase && options.passphrase === "") {
      setErrors({ passphrase: "Enter the backup's passphrase: the server does not store it." });
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      if (needsPassphrase) {
        await api.post(`${backupPath(props.backupId)}/check-passphrase`, { passphrase: options.passphrase });
      }
      const started = await api.post<TaskStarted>(`${backupPath(props.backupId)}/restore`, {
        paths: paths.map(restorePattern),
        time: props.fileset.Time,
        ...(options.target === "folder" ? { restore_path: folder } : {}),
        overwrite: options.overwrite,
        permissions: options.permissions,
        ...(needsPassphrase ? { passphrase: options.passphrase } : {}),
      });
      await refreshLiveState();
      props.onStarted(started.ID);
    } catch (error) {
      const reason = error instanceof ApiError ? error.reason : undefined;
      if (reason === "wrong-passphrase" || reason === "passphrase-required") {
        setErrors({ passphrase: (error as ApiError).message });
      } else setErrors({ other: error });
      setBusy(false);
    }
  };

  return (
    <section class="card" aria-labelledby="restore-options-heading">
      <h2 id="restore-options-heading">Restore options</h2>
      <p>
        Restoring <strong>{selectionWords(props.selection).replace(/ selected$/, "")}</strong> from the version of{" "}
        <strong>{versionTime(props.fileset.Time)}</strong> (version {props.fileset.Version}):
      </p>
      <ul class="chosen-paths mono small">
        {paths.slice(0, SHOWN_PATHS).map((p) => <li key={p}>{p}</li>)}
        {paths.length > SHOWN_PATHS ? <li class="muted">and {paths.length - SHOWN_PATHS} more</li> : null}
      </ul>
      <fieldset class="choice-group">
        <legend>Restore to</legend>
        <label class="check">
          <input
            type="radio"
            name="restore-target"
            checked={options.target === "original"}
            onChange={() => set({ target: "original" })}
          />
          The original location (where the files were backed up from)
        </label>
        <label class="check">
          <input
            type="radio"
            name="restore-target"
            checked={options.target === "folder"}
            onChange={() => set({ target: "folder" })}
          />
          Another folder
        </label>
      </fieldset>
      {options.target === "folder"
        ? (
          <Field label="Folder to restore into" hint="Created when it does not exist." error={errors.folder}>
            {(id, describedBy) => (
              <div class="restore-input-row">
                <input
                  id={id}
                  type="text"
                  value={options.folder}
                  placeholder="/home/me/restored"
                  aria-describedby={describedBy}
                  aria-invalid={errors.folder ? true : undefined}
                  onInput={(e) => set({ folder: e.currentTarget.value })}
                />
                <button type="button" onClick={() => setPicking(true)}>Browse…</button>
              </div>
            )}
          </Field>
        )
        : null}
      <fieldset class="choice-group">
        <legend>When a file is already there</legend>
        <label class="check">
          <input
            type="radio"
            name="restore-overwrite"
            checked={!options.overwrite}
            onChange={() => set({ overwrite: false })}
          />
          Keep both: the restored copy gets the date and time in its name
        </label>
        <label class="check">
          <input
            type="radio"
            name="restore-overwrite"
            checked={options.overwrite}
            onChange={() => set({ overwrite: true })}
          />
          Overwrite it with the restored copy
        </label>
        <p class="hint restore-hint">
          Either way, a file that already has the backed-up content is left as it is. Skipping existing files is not
          available.
        </p>
      </fieldset>
      <label class="check">
        <input
          type="checkbox"
          checked={options.permissions}
          onChange={(e) => set({ permissions: e.currentTarget.checked })}
        />
        Restore permissions and ownership
      </label>
      <p class="hint restore-hint">Off by default: restored permissions can lock you out of the restored files.</p>
      {needsPassphrase
        ? (
          <Field
            label="Passphrase"
            hint="The server does not store this backup's passphrase; it is needed to decrypt the files."
            error={errors.passphrase}
          >
            {(id, describedBy) => (
              <input
                id={id}
                type="password"
                autocomplete="off"
                value={options.passphrase}
                aria-describedby={describedBy}
                aria-invalid={errors.passphrase ? true : undefined}
                onInput={(e) => set({ passphrase: e.currentTarget.value })}
              />
            )}
          </Field>
        )
        : null}
      <ErrorBox error={errors.other} title="Cannot start the restore" />
      <div class="button-row">
        <button type="button" onClick={props.onBack} disabled={busy}>Back</button>
        <button type="button" class="primary" onClick={() => void start()} disabled={busy}>Restore now</button>
        {busy ? <Spinner label="Starting…" /> : null}
      </div>
      {picking
        ? (
          <FolderBrowser
            title="Choose the folder to restore into"
            start=""
            onClose={() => setPicking(false)}
            onChoose={(path) => {
              set({ folder: asFolder(path) });
              setPicking(false);
            }}
          />
        )
        : null}
    </section>
  );
}
