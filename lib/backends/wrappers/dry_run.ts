/**
 * `--dry-run` as a wrapper (restic's dryrun backend): reads pass through, writes are dropped.
 * `put`, `delete` and `createFolder` resolve without touching the destination. After a dropped `createFolder`,
 * `list` on a still-missing folder yields nothing instead of FolderMissingError, so the usual
 * "list, create the folder, list again" sequence works on a new destination.
 * With a logger, each dropped write is logged at level "DryRun" (`Would upload file: <name>, size: <bytes>`,
 * `Would delete remote file: <name>`, `Would create the destination folder`), as Duplicati words them.
 * @module
 */
import { FolderMissingError } from "../../core/errors.ts";
import { type Logger, LogWriter, nullLogger } from "../../core/log.ts";
import type { Backend, RemoteEntry } from "../backend.ts";

/** Options of {@link withDryRun}. */
export interface DryRunOptions {
  /** Receives one "DryRun" entry per dropped write. */
  readonly log?: Logger;
}

/** Wraps `inner` so nothing is written to the destination. */
export function withDryRun(inner: Backend, options: DryRunOptions = {}): Backend {
  const log = new LogWriter(options.log ?? nullLogger);
  let folderCreated = false;
  async function* list(): AsyncIterable<RemoteEntry> {
    try {
      yield* inner.list();
    } catch (error) {
      if (!(folderCreated && error instanceof FolderMissingError)) throw error;
    }
  }
  return {
    properties: inner.properties,
    list,
    put: (name, source) => {
      log.write("DryRun", "DryRun", `Would upload file: ${name}, size: ${source.size} bytes`);
      return Promise.resolve();
    },
    get: (name, consume) => inner.get(name, consume),
    delete: (name) => {
      log.write("DryRun", "DryRun", `Would delete remote file: ${name}`);
      return Promise.resolve();
    },
    createFolder: () => {
      log.write("DryRun", "DryRun", "Would create the destination folder");
      folderCreated = true;
      return Promise.resolve();
    },
    quota: () => inner.quota(),
    close: () => inner.close(),
    ...(inner.localPath ? { localPath: (name: string) => inner.localPath!(name) } : {}),
  };
}
