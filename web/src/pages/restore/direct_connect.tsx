/**
 * Direct restore's form: where the backup is (a local folder, or any storage URL) and its passphrase. Connect asks
 * the server to check the destination and build a temporary backup from it (POST /directrestore/connect), waits
 * for the repair task that reads the backup's file lists, then opens the wizard on the temporary backup, where
 * versions and files are browsed exactly as for a configured backup. Wrong passphrase, a missing folder and a
 * folder without a backup are shown at the field they concern.
 * @module
 */
import { useState } from "preact/hooks";
import { api, ApiError, errorMessage } from "../../api/client.ts";
import { ErrorBox, Field, Spinner } from "../../components/ui.tsx";
import { navigate } from "../../router.ts";
import { asFolder, FolderBrowser } from "../../components/folder_browser.tsx";
import { backupPath, type DirectRestoreConnected, waitForTask } from "./restore_api.ts";

type Kind = "folder" | "url";

/** The file:// URL of a local folder (characters the URL parser would take as syntax are encoded). */
export function folderUrl(folder: string): string {
  const path = folder.trim().replace(/%/g, "%25").replace(/\?/g, "%3F").replace(/#/g, "%23");
  return `file://${path.startsWith("/") ? "" : "/"}${path}`;
}

interface Problems {
  readonly where?: string;
  readonly passphrase?: string;
  readonly other?: string;
}

/** Sorts a connect failure to the field it concerns. */
function problemsOf(error: unknown): Problems {
  if (!(error instanceof ApiError)) return { other: errorMessage(error) };
  switch (error.reason) {
    case "wrong-passphrase":
    case "passphrase-required":
      return { passphrase: error.message };
    case "folder-missing":
    case "no-backup-found":
      return { where: error.message };
    default:
      return error.field === "TargetURL" ? { where: error.message } : { other: error.message };
  }
}

export function DirectConnect() {
  const [kind, setKind] = useState<Kind>("folder");
  const [folder, setFolder] = useState("");
  const [url, setUrl] = useState("");
  const [passphrase, setPassphrase] = useState("");
  const [picking, setPicking] = useState(false);
  const [stage, setStage] = useState<"idle" | "checking" | "reading">("idle");
  const [problems, setProblems] = useState<Problems>({});
  const targetUrl = kind === "folder" ? (folder.trim() === "" ? "" : folderUrl(folder)) : url.trim();

  const connect = async () => {
    if (targetUrl === "") {
      setProblems({ where: kind === "folder" ? "Enter the folder that holds the backup." : "Enter the storage URL." });
      return;
    }
    setProblems({});
    setStage("checking");
    let connected: DirectRestoreConnected | undefined;
    try {
      connected = await api.post<DirectRestoreConnected>("/directrestore/connect", {
        TargetURL: targetUrl,
        Passphrase: passphrase,
      });
      setStage("reading");
      const task = await waitForTask(connected.TaskID);
      if (task.Status === "Failed") {
        throw new Error(`Could not read the backup's file lists: ${task.ErrorMessage ?? "the repair task failed"}`);
      }
      navigate(`/restore/${encodeURIComponent(connected.ID)}`);
    } catch (error) {
      setStage("idle");
      setProblems(problemsOf(error));
      if (connected) await api.delete(`${backupPath(connected.ID)}?delete-local-db=true`).catch(() => {});
    }
  };

  const busy = stage !== "idle";
  return (
    <form
      class="direct-form"
      onSubmit={(e) => {
        e.preventDefault();
        void connect();
      }}
    >
      <fieldset class="choice-group">
        <legend>Where is the backup?</legend>
        <label class="check">
          <input type="radio" name="direct-kind" checked={kind === "folder"} onChange={() => setKind("folder")} />
          In a folder on this computer (or a mounted drive)
        </label>
        <label class="check">
          <input type="radio" name="direct-kind" checked={kind === "url"} onChange={() => setKind("url")} />
          At a storage URL (SFTP, S3, WebDAV, …)
        </label>
      </fieldset>
      {kind === "folder"
        ? (
          <Field
            label="Backup folder"
            hint={folder.trim()
              ? (
                <>
                  Storage URL: <code>{targetUrl}</code>
                </>
              )
              : "The folder the backup was written to."}
            error={problems.where}
          >
            {(id, describedBy) => (
              <div class="restore-input-row">
                <input
                  id={id}
                  type="text"
                  value={folder}
                  placeholder="/mnt/backup/documents"
                  aria-describedby={describedBy}
                  aria-invalid={problems.where ? true : undefined}
                  onInput={(e) => setFolder(e.currentTarget.value)}
                />
                <button type="button" onClick={() => setPicking(true)}>Browse…</button>
              </div>
            )}
          </Field>
        )
        : (
          <Field
            label="Storage URL"
            hint="The full URL with any options, as in the backup's destination (for example ssh://host/path?auth-username=me)."
            error={problems.where}
          >
            {(id, describedBy) => (
              <input
                id={id}
                type="text"
                value={url}
                spellcheck={false}
                placeholder="ssh://example.com/backups/documents"
                aria-describedby={describedBy}
                aria-invalid={problems.where ? true : undefined}
                onInput={(e) => setUrl(e.currentTarget.value)}
              />
            )}
          </Field>
        )}
      <Field
        label="Passphrase"
        hint="The backup's encryption passphrase. Leave it empty for a backup made without encryption."
        error={problems.passphrase}
      >
        {(id, describedBy) => (
          <input
            id={id}
            type="password"
            autocomplete="off"
            value={passphrase}
            aria-describedby={describedBy}
            aria-invalid={problems.passphrase ? true : undefined}
            onInput={(e) => setPassphrase(e.currentTarget.value)}
          />
        )}
      </Field>
      <ErrorBox error={problems.other} title="Cannot connect" />
      <div class="button-row">
        <button type="submit" class="primary" disabled={busy}>Connect</button>
        {stage === "checking" ? <Spinner label="Checking the destination and the passphrase…" /> : null}
        {stage === "reading" ? <Spinner label="Reading the backup's versions and file lists…" /> : null}
      </div>
      {picking
        ? (
          <FolderBrowser
            title="Choose the backup folder"
            start=""
            onClose={() => setPicking(false)}
            onChoose={(path) => {
              setFolder(asFolder(path));
              setPicking(false);
            }}
          />
        )
        : null}
    </form>
  );
}
