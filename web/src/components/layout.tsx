/**
 * The frame around every signed-in page: the top bar with navigation, the server's state (with pause and
 * resume), sign-out, and the notifications; a skip link leads keyboard users straight to the content.
 * @module
 */
import type { ComponentChildren } from "preact";
import { api } from "../api/client.ts";
import { href, type Route } from "../router.ts";
import { useLiveState } from "../state/server_state.ts";
import { Notifications } from "./notifications.tsx";
import { ServerControls } from "./server_controls.tsx";

const NAV: readonly { path: string; label: string; match: (r: Route) => boolean }[] = [
  {
    path: "/",
    label: "Home",
    match: (r) => r.parts.length === 0 || (r.parts[0] === "backup" && r.parts[2] !== "edit"),
  },
  { path: "/add", label: "Add backup", match: (r) => r.parts[0] === "add" || r.parts[2] === "edit" },
  { path: "/restore", label: "Restore", match: (r) => r.parts[0] === "restore" },
  { path: "/settings", label: "Settings", match: (r) => r.parts[0] === "settings" || r.parts[0] === "import" },
  { path: "/log", label: "Log", match: (r) => r.parts[0] === "log" },
  { path: "/about", label: "About", match: (r) => r.parts[0] === "about" },
];

export function Layout(props: { route: Route; children: ComponentChildren }) {
  const live = useLiveState();
  return (
    <>
      <a
        class="skip-link"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById("main")?.focus();
        }}
      >
        Skip to content
      </a>
      <header class="topbar">
        <a class="brand" href={href("/")} aria-label="Duplicati home">
          <span class="brand-mark" aria-hidden="true" />
          Duplicati
        </a>
        <nav aria-label="Main">
          <ul>
            {NAV.map((item) => (
              <li key={item.path}>
                <a href={href(item.path)} aria-current={item.match(props.route) ? "page" : undefined}>{item.label}</a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="topbar-end">
          <ServerControls />
          <button type="button" class="link-button" onClick={() => void api.logout()}>Sign out</button>
        </div>
      </header>
      {live.connectionError
        ? <div class="banner banner-error" role="alert">Lost contact with the server: {live.connectionError}</div>
        : null}
      <Notifications />
      <main id="main" tabIndex={-1}>{props.children}</main>
    </>
  );
}
