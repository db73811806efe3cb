/**
 * Lists the destination once per operation: the volumes with our prefix, by name. A missing destination folder
 * is created (a first backup to a new folder).
 * @module
 */
import type { RemoteEntry } from "../../backends/backend.ts";
import { FolderMissingError } from "../../core/errors.ts";
import { parseRemoteName } from "../../volumes/remote_name.ts";
import type { OperationContext } from "../context.ts";

export async function listRemote(
  context: Pick<OperationContext, "backend" | "progress">,
  prefix: string,
  options?: { createFolder?: boolean },
): Promise<Map<string, RemoteEntry>> {
  const out = new Map<string, RemoteEntry>();
  context.progress({ type: "transfer", action: "list", remoteName: "", size: 0, done: false });
  try {
    for await (const entry of context.backend.list()) {
      const parsed = parseRemoteName(entry.name);
      if (parsed && parsed.prefix === prefix) out.set(entry.name, entry);
    }
  } catch (error) {
    if (!(error instanceof FolderMissingError) || options?.createFolder === false) throw error;
    await context.backend.createFolder();
  }
  context.progress({ type: "transfer", action: "list", remoteName: "", size: 0, done: true });
  return out;
}
