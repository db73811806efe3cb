/**
 * Hash routing: `#/backup/3/edit` → ["backup", "3", "edit"]. Hash routes keep the server's static part to one
 * page and survive reloads; `navigate` changes the hash, `useRoute` re-renders on every change.
 * @module
 */
import { useEffect, useState } from "preact/hooks";

/** The route of the current hash, as path segments and query parameters. */
export interface Route {
  readonly parts: readonly string[];
  readonly query: URLSearchParams;
}

export function currentRoute(): Route {
  const hash = location.hash.replace(/^#\/?/, "");
  const [path = "", query = ""] = hash.split("?", 2);
  return { parts: path.split("/").filter((p) => p !== "").map(decodeURIComponent), query: new URLSearchParams(query) };
}

/** Goes to `path` ("/backup/3"); `replace` keeps the browser history from growing. */
export function navigate(path: string, options: { replace?: boolean } = {}): void {
  const target = `#${path.startsWith("/") ? path : `/${path}`}`;
  if (options.replace) history.replaceState(null, "", target);
  else location.hash = target;
  if (options.replace) globalThis.dispatchEvent(new HashChangeEvent("hashchange"));
}

/** The href of an in-app link. */
export function href(path: string): string {
  return `#${path.startsWith("/") ? path : `/${path}`}`;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const update = () => setRoute(currentRoute());
    globalThis.addEventListener("hashchange", update);
    return () => globalThis.removeEventListener("hashchange", update);
  }, []);
  return route;
}
