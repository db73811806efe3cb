/**
 * Import (#/import): a backup configuration file exported by Duplicati or by this program, plain JSON or AES
 * Crypt encrypted (the passphrase field appears when the file starts with "AES"), sent to POST /backups/import.
 * "Save it now" creates the backup and opens its page; "Open it in the editor" keeps the server's parsed
 * configuration in sessionStorage ({@link IMPORT_DRAFT_KEY}) and opens the add-backup editor at #/add?import=1.
 * @module
 */
import { useState } from "preact/hooks";
import type { ImportedConfiguration } from "../../../../lib/server/routes/config_export.ts";
import { api, ApiError, errorMessage } from "../../api/client.ts";
import { ErrorBox, Field, PageHeader } from "../../components/ui.tsx";
import { href, navigate } from "../../router.ts";

/** Where an import meant for the editor waits: JSON of POST /backups/import's `data`. */
export const IMPORT_DRAFT_KEY = "duplicati-deno:import-draft";

/** Configuration files are a few KB; anything this large is not one. */
const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** A file the user picked, read as base64. */
interface PickedFile {
  readonly name: string;
  readonly base64: string;
  readonly encrypted: boolean;
  /** The backup name inside a plain file. */
  readonly backupName: string | undefined;
}

export function ImportPage(_props: Record<string, never>) {
  const [file, setFile] = useState<PickedFile | undefined>(undefined);
  const [fileError, setFileError] = useState<string | undefined>(undefined);
  const [passphrase, setPassphrase] = useState("");
  const [passphraseError, setPassphraseError] = useState<string | undefined>(undefined);
  const [metadata, setMetadata] = useState(false);
  const [direct, setDirect] = useState(true);
  /** Set when the server found no backup passphrase in the file (exported without passwords). */
  const [needBackupPassphrase, setNeedBackupPassphrase] = useState(false);
  const [backupPassphrase, setBackupPassphrase] = useState("");
  const [backupPassphraseError, setBackupPassphraseError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  const choose = async (input: HTMLInputElement) => {
    setFile(undefined);
    setFileError(undefined);
    setError(undefined);
    setPassphraseError(undefined);
    setNeedBackupPassphrase(false);
    setBackupPassphraseError(undefined);
    const picked = input.files?.[0];
    if (!picked) return;
    try {
      const read = await readFile(picked);
      setFile(read);
    } catch (e) {
      setFileError(e instanceof Error ? e.message : String(e));
    }
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    setPassphraseError(undefined);
    setBackupPassphraseError(undefined);
    if (!file) {
      setFileError(fileError ?? "Choose the configuration file to import.");
      return;
    }
    if (file.encrypted && passphrase === "") {
      setPassphraseError("The file is encrypted: enter the passphrase it was exported with.");
      return;
    }
    const askBackupPassphrase = direct && needBackupPassphrase;
    if (askBackupPassphrase && backupPassphrase === "") {
      setBackupPassphraseError("Enter the backup's passphrase: the file does not contain it.");
      return;
    }
    setBusy(true);
    try {
      const answer = await api.post<{ Id: string | null; data: ImportedConfiguration | null }>("/backups/import", {
        config: file.base64,
        ...(file.encrypted ? { passphrase } : {}),
        import_metadata: metadata,
        direct,
        ...(askBackupPassphrase ? { replace_settings: { "settings.passphrase": backupPassphrase } } : {}),
      });
      if (direct && answer.Id) {
        navigate(`/backup/${answer.Id}`);
      } else if (answer.data) {
        sessionStorage.setItem(IMPORT_DRAFT_KEY, JSON.stringify(answer.data));
        navigate("/add?import=1");
      } else {
        setError("The server accepted the file but sent nothing back to open. Try again.");
      }
    } catch (e) {
      if (e instanceof ApiError && e.field === "passphrase") {
        setPassphraseError(
          /wrong passphrase/i.test(e.message)
            ? "Wrong passphrase: the file cannot be decrypted with it. Enter the passphrase given when the " +
              "configuration was exported (it is not the backup's own passphrase unless the same was used)."
            : "The file is encrypted: enter the passphrase it was exported with.",
        );
      } else if (e instanceof ApiError && e.field === "Backup.Settings" && /passphrase/.test(e.message)) {
        setNeedBackupPassphrase(true);
        setBackupPassphraseError(
          "The file holds no passphrase for the backup's encrypted files (it was exported without passwords). " +
            "Enter the backup's passphrase here, or open the file in the editor.",
        );
      } else if (e instanceof ApiError && e.field === "config") {
        setError(`“${file.name}”: ${e.message.replace(/^Invalid field "config":\s*/, "")}.`);
      } else if (e instanceof ApiError && e.reason === "duplicate-name") {
        setError(
          `${e.message}. Rename or delete that backup, or choose "Open it in the editor" and give the import ` +
            "another name.",
        );
      } else {
        setError(e);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader title="Import a backup configuration">
        <a class="button" href={href("/settings")}>Back to settings</a>
      </PageHeader>
      <form class="card import-form" onSubmit={submit} noValidate>
        <p class="muted">
          Choose a configuration file exported by Duplicati (“Export → To file”) or by this program. Encrypted files
          (<code>.aes</code>) need the passphrase they were exported with.
        </p>
        <ErrorBox error={error && `Not imported. ${errorMessage(error)}`} />
        <Field
          label="Configuration file"
          hint={file
            ? `${file.name}: ${file.encrypted ? "encrypted" : `backup “${file.backupName ?? "(no name)"}”`}`
            : "A .json or .json.aes file."}
          error={fileError}
        >
          {(id, describedBy) => (
            <input
              id={id}
              type="file"
              accept=".json,.aes,application/json,application/octet-stream"
              aria-describedby={describedBy}
              onChange={(e) => void choose(e.currentTarget)}
            />
          )}
        </Field>
        {file?.encrypted
          ? (
            <Field label="Passphrase of the file" error={passphraseError}>
              {(id, describedBy) => (
                <input
                  id={id}
                  type="password"
                  autoComplete="off"
                  aria-describedby={describedBy}
                  value={passphrase}
                  onInput={(e) => setPassphrase(e.currentTarget.value)}
                />
              )}
            </Field>
          )
          : null}
        {direct && needBackupPassphrase
          ? (
            <Field
              label="Passphrase of the backup"
              hint="The passphrase the backup's files at the destination are encrypted with."
              error={backupPassphraseError}
            >
              {(id, describedBy) => (
                <input
                  id={id}
                  type="password"
                  autoComplete="off"
                  autoFocus
                  aria-describedby={describedBy}
                  value={backupPassphrase}
                  onInput={(e) => setBackupPassphrase(e.currentTarget.value)}
                />
              )}
            </Field>
          )
          : null}
        <label class="check">
          <input type="checkbox" checked={metadata} onChange={(e) => setMetadata(e.currentTarget.checked)} />
          Import metadata (last run, sizes and counts shown on the home page)
        </label>
        <fieldset class="import-mode">
          <legend>After reading the file</legend>
          <label class="check">
            <input type="radio" name="import-mode" checked={direct} onChange={() => setDirect(true)} />
            Save it now as a new backup
          </label>
          <label class="check">
            <input type="radio" name="import-mode" checked={!direct} onChange={() => setDirect(false)} />
            Open it in the editor to review it first (nothing is saved until you save there)
          </label>
          <p class="hint">
            A backup with the same name gets “(1)”, “(2)”… appended when saved now. Passwords that were not exported
            must be entered again: the backup's passphrase here when asked, others in the editor.
          </p>
        </fieldset>
        <div class="button-row">
          <button type="submit" class="primary" disabled={busy}>
            {busy ? "Importing…" : direct ? "Import and save" : "Import and open the editor"}
          </button>
          <a class="button" href={href("/settings")}>Cancel</a>
        </div>
      </form>
    </>
  );
}

/** Reads a picked file as base64, tells encrypted files apart and refuses what is no configuration at all. */
async function readFile(file: File): Promise<PickedFile> {
  if (file.size === 0) throw new Error(`“${file.name}” is empty. Choose the exported configuration file.`);
  if (file.size > MAX_FILE_BYTES) {
    throw new Error(`“${file.name}” is too large for a configuration file. Choose the exported .json or .aes file.`);
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const base64 = toBase64(bytes);
  // AES Crypt files start with the bytes "AES".
  if (bytes[0] === 0x41 && bytes[1] === 0x45 && bytes[2] === 0x53) {
    return { name: file.name, base64, encrypted: true, backupName: undefined };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new Error(
      `“${file.name}” is not a Duplicati configuration file: it is neither JSON nor encrypted. Choose the file ` +
        "that Export → To file saved.",
    );
  }
  const backup = typeof parsed === "object" && parsed !== null ? (parsed as { Backup?: unknown }).Backup : undefined;
  if (typeof backup !== "object" || backup === null) {
    throw new Error(
      `“${file.name}” is JSON but holds no backup configuration. Choose a file that Export → To file saved.`,
    );
  }
  const name = (backup as { Name?: unknown }).Name;
  return { name: file.name, base64, encrypted: false, backupName: typeof name === "string" ? name : undefined };
}

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
