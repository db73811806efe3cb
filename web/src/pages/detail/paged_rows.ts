/**
 * Rows of a log endpoint paged by id ("?pagesize=&offset=<oldest id shown>", newest first), as the logs and
 * remote-log tabs show them with "Show older": the first page loads when `enabled` and whenever one of `deps`
 * changes; `older()` appends the next page.
 * @module
 */
import { useEffect, useState } from "preact/hooks";
import { api, errorMessage } from "../../api/client.ts";

export interface PagedRows<T> {
  /** Undefined until the first page arrived. */
  readonly rows: readonly T[] | undefined;
  /** Whether the last page was full (there may be older rows). */
  readonly more: boolean;
  readonly busy: boolean;
  readonly error: string | undefined;
  /** Loads the page before the oldest row shown. */
  readonly older: () => void;
}

/** Pages of `path` (e.g. "/backup/3/log"), `pageSize` rows at a time. */
export function usePagedRows<T extends { readonly ID: number }>(
  path: string,
  options: { pageSize: number; enabled: boolean; deps: readonly unknown[] },
): PagedRows<T> {
  const [rows, setRows] = useState<readonly T[] | undefined>(undefined);
  const [more, setMore] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);

  const load = async (before: number | undefined) => {
    setBusy(true);
    setError(undefined);
    try {
      const page = await api.get<T[]>(
        `${path}?pagesize=${options.pageSize}${before === undefined ? "" : `&offset=${before}`}`,
      );
      setRows((old) => (before === undefined ? page : [...(old ?? []), ...page]));
      setMore(page.length === options.pageSize);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => {
    if (options.enabled) void load(undefined);
  }, [path, options.enabled, ...options.deps]);
  const older = () => {
    const oldest = rows?.[rows.length - 1]?.ID;
    if (oldest !== undefined) void load(oldest);
  };
  return { rows, more, busy, error, older };
}
