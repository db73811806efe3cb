/**
 * Small building blocks every page uses: labelled fields, buttons, error and notice boxes, a busy indicator, a
 * confirmation dialog and a hook that loads data and reloads it when the server's data changed.
 * @module
 */
import type { ComponentChildren, JSX } from "preact";
import { useCallback, useEffect, useId, useRef, useState } from "preact/hooks";
import { errorMessage } from "../api/client.ts";

/** A labelled input row: the label is tied to the control; `hint` and `error` are read out with it. */
export function Field(props: {
  label: string;
  hint?: ComponentChildren;
  error?: string | undefined;
  children: (id: string, describedBy: string | undefined) => JSX.Element;
}) {
  const id = useId();
  const hintId = props.hint ? `${id}-hint` : "";
  const errorId = props.error ? `${id}-error` : "";
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div class={`field${props.error ? " field-invalid" : ""}`}>
      <label for={id}>{props.label}</label>
      {props.children(id, describedBy)}
      {props.hint ? <div class="hint" id={hintId}>{props.hint}</div> : null}
      {props.error ? <div class="field-error" id={errorId} role="alert">{props.error}</div> : null}
    </div>
  );
}

/** A red box with an error message (role=alert, so screen readers announce it). */
export function ErrorBox(props: { error: unknown; title?: string }) {
  if (props.error === undefined || props.error === null || props.error === "") return null;
  return (
    <div class="box box-error" role="alert">
      {props.title ? <strong>{`${props.title}: `}</strong> : null}
      {typeof props.error === "string" ? props.error : errorMessage(props.error)}
    </div>
  );
}

/** A neutral, success or warning message box. */
export function Notice(props: { kind?: "info" | "success" | "warning"; children: ComponentChildren }) {
  return <div class={`box box-${props.kind ?? "info"}`} role="status">{props.children}</div>;
}

export function Spinner(props: { label?: string }) {
  return (
    <div class="spinner" role="status" aria-live="polite">
      <span class="spinner-dot" aria-hidden="true" />
      {props.label ?? "Loading…"}
    </div>
  );
}

/** A page heading with optional actions on the right. */
export function PageHeader(props: { title: string; children?: ComponentChildren }) {
  useEffect(() => {
    document.title = `${props.title} · Duplicati`;
  }, [props.title]);
  return (
    <div class="page-header">
      <h1>{props.title}</h1>
      {props.children ? <div class="page-actions">{props.children}</div> : null}
    </div>
  );
}

/**
 * A modal dialog (native <dialog>, so focus is trapped and Escape closes it). `onClose` runs on Escape and
 * on the close button.
 */
export function Dialog(props: { title: string; onClose: () => void; children: ComponentChildren; wide?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      class={props.wide ? "dialog dialog-wide" : "dialog"}
      aria-label={props.title}
      onCancel={(e) => {
        e.preventDefault();
        props.onClose();
      }}
    >
      <div class="dialog-header">
        <h2>{props.title}</h2>
        <button type="button" class="icon-button" aria-label="Close" onClick={props.onClose}>×</button>
      </div>
      <div class="dialog-body">{props.children}</div>
    </dialog>
  );
}

/** The state of something loaded from the server. */
export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: unknown;
  readonly loading: boolean;
  /** Loads again (keeps showing the old data meanwhile). */
  readonly reload: () => void;
}

/**
 * Runs `load` now and whenever one of `deps` changes (pass the data version from useDataVersion() to follow
 * changes made elsewhere); the newest answer wins.
 */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({
    data: undefined,
    error: undefined,
    loading: true,
  });
  const counter = useRef(0);
  const [nonce, setNonce] = useState(0);
  useEffect(() => {
    const mine = ++counter.current;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => mine === counter.current && setState({ data, error: undefined, loading: false }),
      (error) => mine === counter.current && setState((s) => ({ data: s.data, error, loading: false })),
    );
  }, [...deps, nonce]);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { ...state, reload };
}

/** Runs an action, tracking busy state and its error; returns [run, busy, error, clearError]. */
export function useAction<A extends unknown[]>(
  action: (...args: A) => Promise<unknown>,
): [(...args: A) => Promise<boolean>, boolean, unknown, () => void] {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const run = async (...args: A) => {
    setBusy(true);
    setError(undefined);
    try {
      await action(...args);
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return [run, busy, error, () => setError(undefined)];
}
