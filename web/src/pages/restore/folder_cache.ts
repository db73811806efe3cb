/**
 * The folder listings of one backup version, loaded when a folder is first expanded and kept while the version
 * stays the same: the tree shows them and the selection uses them to split a selected folder. The roots (the
 * backed-up sources) are kept under the key "".
 * @module
 */
import { useMemo, useRef, useState } from "preact/hooks";
import type { ChildrenOf } from "./selection.ts";
import { type ListedEntry, listFolder } from "./restore_api.ts";

/** What the tree and the wizard read from the cache. */
export interface FolderCache {
  /** The loaded entries of `folder` ("" for the roots), or undefined when not loaded yet. */
  entries(folder: string): readonly ListedEntry[] | undefined;
  /** The loaded children's paths (for the selection). */
  readonly childrenOf: ChildrenOf;
  /** Loads `folder` unless it is loaded or loading; errors are kept per folder. */
  load(folder: string): void;
  loading(folder: string): boolean;
  error(folder: string): unknown;
}

/** The cache for the version at `time` of backup `backupId`; it starts empty when either changes. */
export function useFolderCache(backupId: string, time: string | undefined): FolderCache {
  const [, rerender] = useState(0);
  const store = useRef({
    key: "",
    entries: new Map<string, ListedEntry[]>(),
    loading: new Set<string>(),
    errors: new Map<string, unknown>(),
  });
  const key = `${backupId}@${time ?? ""}`;
  if (store.current.key !== key) {
    store.current = { key, entries: new Map(), loading: new Set(), errors: new Map() };
  }
  const current = store.current;
  return useMemo<FolderCache>(() => ({
    entries: (folder) => current.entries.get(folder),
    childrenOf: (folder) => current.entries.get(folder)?.map((e) => e.path),
    loading: (folder) => current.loading.has(folder),
    error: (folder) => current.errors.get(folder),
    load(folder) {
      if (time === undefined || current.entries.has(folder) || current.loading.has(folder)) return;
      current.loading.add(folder);
      current.errors.delete(folder);
      rerender((n) => n + 1);
      listFolder(backupId, time, folder === "" ? undefined : folder).then(
        (entries) => current.entries.set(folder, entries),
        (error) => current.errors.set(folder, error),
      ).finally(() => {
        current.loading.delete(folder);
        if (store.current === current) rerender((n) => n + 1);
      });
    },
  }), [current, backupId, time]);
}
