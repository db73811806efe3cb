/**
 * The application: signs in (password form, or the sign-in-token link the server and tray launcher print), then
 * shows the page the hash route names inside the common layout.
 * @module
 */
import { useEffect, useState } from "preact/hooks";
import { api } from "./api/client.ts";
import { Layout } from "./components/layout.tsx";
import { Spinner } from "./components/ui.tsx";
import { BackupDetailPage } from "./pages/detail/backup_detail.tsx";
import { BackupEditorPage } from "./pages/editor/editor.tsx";
import { HomePage } from "./pages/home/home.tsx";
import { NotFoundPage } from "./pages/not_found.tsx";
import { RestorePage } from "./pages/restore/restore.tsx";
import { AboutPage } from "./pages/settings/about.tsx";
import { ImportPage } from "./pages/settings/import.tsx";
import { ServerLogPage } from "./pages/settings/server_log.tsx";
import { SettingsPage } from "./pages/settings/settings.tsx";
import { SigninPage, takeSigninToken } from "./pages/signin.tsx";
import { type Route, useRoute } from "./router.ts";
import { startLiveState, stopLiveState } from "./state/server_state.ts";

type Phase = "starting" | "signed-out" | "signed-in";

export function App() {
  const [phase, setPhase] = useState<Phase>("starting");
  const [signinError, setSigninError] = useState<string | undefined>(undefined);

  useEffect(() => {
    const unsubscribe = api.onChange(() => setPhase(api.signedIn ? "signed-in" : "signed-out"));
    void (async () => {
      const token = takeSigninToken();
      if (token !== undefined) {
        try {
          await api.signinWithToken(token);
        } catch (error) {
          setSigninError(
            `The sign-in link did not work (${error instanceof Error ? error.message : String(error)}). ` +
              "Links work once and for a few minutes; sign in with the password or ask for a new link.",
          );
        }
      } else if (api.hasStoredSession()) {
        await api.resume();
      }
      setPhase(api.signedIn ? "signed-in" : "signed-out");
    })();
    return unsubscribe;
  }, []);

  useEffect(() => {
    if (phase === "signed-in") startLiveState();
    else stopLiveState();
  }, [phase]);

  if (phase === "starting") {
    return (
      <main class="center-page">
        <Spinner label="Connecting…" />
      </main>
    );
  }
  if (phase === "signed-out") return <SigninPage initialError={signinError} />;
  return <SignedIn />;
}

function SignedIn() {
  const route = useRoute();
  return <Layout route={route}>{pageFor(route)}</Layout>;
}

/** The page a route names. */
function pageFor(route: Route) {
  const [first = "", second, third] = route.parts;
  switch (first) {
    case "":
      return <HomePage />;
    case "add":
      return <BackupEditorPage key="new" />;
    case "backup":
      if (second === undefined) break;
      if (third === "edit") return <BackupEditorPage key={`edit-${second}`} backupId={second} />;
      if (third === undefined) return <BackupDetailPage key={second} backupId={second} />;
      break;
    case "restore":
      return <RestorePage key={second ?? ""} backupId={second} />;
    case "settings":
      return <SettingsPage />;
    case "import":
      return <ImportPage />;
    case "log":
      return <ServerLogPage />;
    case "about":
      return <AboutPage />;
  }
  return <NotFoundPage />;
}
