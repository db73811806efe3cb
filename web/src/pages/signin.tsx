/**
 * Sign-in: the server password form, and the sign-in-token link (`/signin.html?token=…`) that the server prints
 * and the tray launcher opens; the token is taken out of the address bar before it is used.
 * @module
 */
import { useState } from "preact/hooks";
import { api, ApiError } from "../api/client.ts";
import { ErrorBox, Field } from "../components/ui.tsx";

/** The sign-in token of a `?token=` link, removed from the address (history keeps no copy of it). */
export function takeSigninToken(): string | undefined {
  const url = new URL(location.href);
  const token = url.searchParams.get("token") ?? undefined;
  if (token !== undefined || url.pathname !== "/") {
    history.replaceState(null, "", `/${url.hash || "#/"}`);
  }
  return token === "" ? undefined : token;
}

export function SigninPage(props: { initialError?: string | undefined }) {
  const [password, setPassword] = useState("");
  const [remember, setRemember] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(props.initialError);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (password === "") {
      setError("Enter the server password.");
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await api.login(password, remember);
    } catch (e) {
      setError(
        e instanceof ApiError && e.reason === "wrong-password"
          ? "Wrong password. Check it (passwords are case-sensitive) and try again."
          : e,
      );
      setBusy(false);
    }
  };

  return (
    <main class="center-page">
      <form class="card signin" onSubmit={submit} aria-labelledby="signin-title">
        <div class="brand brand-large" aria-hidden="true">
          <span class="brand-mark" />
          Duplicati
        </div>
        <h1 id="signin-title">Sign in</h1>
        <p class="muted">Enter the password of this Duplicati server.</p>
        <ErrorBox error={error} />
        <Field label="Password">
          {(id, describedBy) => (
            <input
              id={id}
              type="password"
              autoComplete="current-password"
              autoFocus
              value={password}
              aria-describedby={describedBy}
              onInput={(e) => setPassword(e.currentTarget.value)}
            />
          )}
        </Field>
        <label class="check">
          <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.currentTarget.checked)} />
          Keep me signed in on this browser
        </label>
        <button type="submit" class="primary wide" disabled={busy}>{busy ? "Signing in…" : "Sign in"}</button>
        <p class="muted small">
          No password set? Start the server and use the sign-in link it prints, or run{" "}
          <code>serverutil change-password</code>.
        </p>
      </form>
    </main>
  );
}
