/**
 * Exporting a backup's configuration: as a Duplicati configuration file (with or without its passwords,
 * optionally encrypted with a passphrase), downloaded through a single-use export token
 * (POST /auth/issuetoken/export, then GET /backup/{id}/export?token=…), and as a command line for the CLI
 * (GET /backup/{id}/export-cmdline, passwords left out) with a copy button.
 * @module
 */
import type { BackupDto } from "../../../../lib/server/api_types.ts";
import { useRef, useState } from "preact/hooks";
import { api, errorMessage } from "../../api/client.ts";
import { Dialog, ErrorBox, Field, Spinner, useLoad } from "../../components/ui.tsx";

export function ExportDialog(props: { backup: BackupDto; onClose: () => void }) {
  const id = encodeURIComponent(props.backup.ID);
  const [withPasswords, setWithPasswords] = useState(false);
  const [encrypt, setEncrypt] = useState(false);
  const [passphrase, setPassphrase] = useState("");
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | undefined>(undefined);
  const command = useLoad(() => api.get<{ Command: string }>(`/backup/${id}/export-cmdline`), [id]);

  const download = async (event: Event) => {
    event.preventDefault();
    setDone(undefined);
    if (encrypt && passphrase === "") {
      setProblem("Enter a passphrase to encrypt the file with, or untick “Encrypt the file”.");
      return;
    }
    setProblem(undefined);
    setBusy(true);
    try {
      const { Token } = await api.post<{ Token: string }>("/auth/issuetoken/export");
      const query = new URLSearchParams({ token: Token, "export-passwords": String(withPasswords) });
      if (encrypt) query.set("passphrase", passphrase);
      const link = document.createElement("a");
      link.href = `/api/v1/backup/${id}/export?${query}`;
      link.download = "";
      document.body.append(link);
      link.click();
      link.remove();
      setDone(
        `The configuration file is being downloaded${encrypt ? ", encrypted with your passphrase" : ""}. ` +
          (withPasswords && !encrypt ? "It holds the passwords in plain text: keep it somewhere safe." : ""),
      );
    } catch (e) {
      setProblem(`Could not export: ${errorMessage(e)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title={`Export “${props.backup.Name}”`} onClose={props.onClose} wide>
      <form onSubmit={download}>
        <h3 class="export-heading">Configuration file</h3>
        <p class="muted">
          A file you can import on this or another Duplicati to set up the same backup again (Settings › Import).
        </p>
        <div class="check-stack">
          <label class="check">
            <input
              type="checkbox"
              checked={withPasswords}
              onChange={(e) => setWithPasswords(e.currentTarget.checked)}
            />
            Include the passphrase and other passwords
          </label>
          <label class="check">
            <input type="checkbox" checked={encrypt} onChange={(e) => setEncrypt(e.currentTarget.checked)} />
            Encrypt the file with a passphrase
          </label>
        </div>
        {encrypt
          ? (
            <Field label="Passphrase for the file" hint="Needed again when the file is imported.">
              {(fieldId, describedBy) => (
                <input
                  id={fieldId}
                  type="password"
                  autoComplete="new-password"
                  value={passphrase}
                  aria-describedby={describedBy}
                  onInput={(e) => setPassphrase(e.currentTarget.value)}
                />
              )}
            </Field>
          )
          : null}
        {withPasswords && !encrypt
          ? (
            <div class="box box-warning">
              The file will hold the passwords in plain text. Encrypt it unless you keep it somewhere safe.
            </div>
          )
          : null}
        {problem ? <div class="box box-error" role="alert">{problem}</div> : null}
        {done ? <div class="box box-success" role="status">{done}</div> : null}
        <div class="button-row">
          <button type="submit" class="primary" disabled={busy}>{busy ? "Preparing…" : "Download the file"}</button>
          <button type="button" onClick={props.onClose}>Done</button>
        </div>
      </form>
      <h3 class="export-heading">Command line</h3>
      <p class="muted">
        The same backup as a command for <code>duplicati-cli</code>. Passwords are left out: add{" "}
        <code>--passphrase=…</code> when you run it.
      </p>
      <ErrorBox error={command.error} title="Could not load the command line" />
      {command.data ? <CommandLine text={command.data.Command} /> : command.error ? null : <Spinner />}
    </Dialog>
  );
}

function CommandLine(props: { text: string }) {
  const ref = useRef<HTMLPreElement>(null);
  const [status, setStatus] = useState("");
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.text);
      setStatus("Copied to the clipboard.");
    } catch {
      // No clipboard access (a plain-http address): select the text so the user can copy it.
      const range = document.createRange();
      if (ref.current) range.selectNodeContents(ref.current);
      const selection = getSelection();
      selection?.removeAllRanges();
      selection?.addRange(range);
      setStatus("The browser did not allow copying; the command is selected, press Ctrl+C (⌘C) to copy it.");
    }
  };
  return (
    <div class="export-command">
      <pre ref={ref} aria-label="Command line">{props.text}</pre>
      <div class="button-row">
        <button type="button" onClick={() => void copy()}>Copy the command</button>
        <span role="status" class="muted small">{status}</span>
      </div>
    </div>
  );
}
