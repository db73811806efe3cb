/**
 * "Test connection" for the destination: POST /remoteoperation/test lists the destination folder. A missing folder
 * offers "Create folder" (POST /remoteoperation/create, then the test again); any other failure shows the
 * server's reason. The result is cleared when the URL changes.
 * @module
 */
import { useEffect, useState } from "preact/hooks";
import { api, ApiError, errorMessage } from "../../api/client.ts";

type Result =
  | { readonly kind: "idle" }
  | { readonly kind: "busy"; readonly what: string }
  | { readonly kind: "ok"; readonly created: boolean }
  | { readonly kind: "missing" }
  | { readonly kind: "failed"; readonly message: string };

/** The server's message without the `Invalid field "path": ` prefix. */
function reasonOf(error: unknown): string {
  const text = errorMessage(error).replace(/^Invalid field "[^"]*": /, "");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The Test connection button and its result. */
export function ConnectionTest(props: { url: string; backupId: string | undefined; disabledReason?: string }) {
  const [result, setResult] = useState<Result>({ kind: "idle" });
  useEffect(() => setResult({ kind: "idle" }), [props.url]);
  const body = { path: props.url, ...(props.backupId === undefined ? {} : { backupId: props.backupId }) };

  const test = async (created: boolean) => {
    setResult({ kind: "busy", what: "Testing the connection…" });
    try {
      await api.post("/remoteoperation/test", body);
      setResult({ kind: "ok", created });
    } catch (error) {
      if (error instanceof ApiError && error.reason === "folder-missing") setResult({ kind: "missing" });
      else setResult({ kind: "failed", message: reasonOf(error) });
    }
  };
  const create = async () => {
    setResult({ kind: "busy", what: "Creating the folder…" });
    try {
      await api.post("/remoteoperation/create", body);
    } catch (error) {
      setResult({ kind: "failed", message: `Could not create the folder. ${reasonOf(error)}` });
      return;
    }
    await test(true);
  };

  const disabled = props.url.trim() === "" || result.kind === "busy";
  return (
    <div class="connection-test">
      <div class="button-row">
        <button type="button" disabled={disabled} onClick={() => void test(false)}>Test connection</button>
        {props.url.trim() === ""
          ? <span class="muted small">{props.disabledReason ?? "Enter a destination first."}</span>
          : null}
        {result.kind === "busy" ? <span class="muted" role="status">{result.what}</span> : null}
      </div>
      {result.kind === "ok"
        ? (
          <div class="box box-success" role="status">
            {result.created
              ? "Created the folder and connected: the destination is ready."
              : "Connected: the destination exists and can be read."}
          </div>
        )
        : null}
      {result.kind === "missing"
        ? (
          <div class="box box-warning" role="alert">
            <p>
              <strong>The destination folder does not exist yet.</strong>{" "}
              Create it now, or check the path for typing mistakes.
            </p>
            <button type="button" onClick={() => void create()}>Create folder</button>
          </div>
        )
        : null}
      {result.kind === "failed"
        ? (
          <div class="box box-error" role="alert">
            <strong>Connection failed.</strong> {result.message}
          </div>
        )
        : null}
    </div>
  );
}
