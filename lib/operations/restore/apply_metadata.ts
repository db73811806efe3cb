/**
 * Applies restored metadata: permission bits, modification time, and ownership when asked
 * (`--restore-permissions`). Failures are warnings; content is never at stake.
 * @module
 */
import { lchownSync, lutimesSync } from "node:fs";
import { decodeMetadata, interpretMetadata } from "../../volumes/file_metadata.ts";

export interface ApplyOptions {
  readonly restoreOwnership: boolean;
  readonly warn: (message: string, error?: unknown) => void;
}

export function applyMetadata(
  path: string,
  blob: Uint8Array | undefined,
  kind: "file" | "folder" | "symlink",
  options: ApplyOptions,
): void {
  if (!blob) return;
  const meta = interpretMetadata(decodeMetadata(blob));
  if (Deno.build.os === "windows") {
    if (meta.mtimeMs !== undefined && kind !== "symlink") {
      tryDo(() => Deno.utimeSync(path, new Date(), new Date(meta.mtimeMs!)), path, options);
    }
    return;
  }
  if (options.restoreOwnership && meta.uid !== undefined && meta.gid !== undefined) {
    tryDo(
      () => kind === "symlink" ? lchownSync(path, meta.uid!, meta.gid!) : Deno.chownSync(path, meta.uid!, meta.gid!),
      path,
      options,
    );
  }
  if (meta.mode !== undefined && kind !== "symlink") {
    tryDo(() => Deno.chmodSync(path, meta.mode! & 0o7777), path, options);
  }
  if (meta.mtimeMs !== undefined) {
    const when = new Date(meta.mtimeMs);
    tryDo(() => kind === "symlink" ? lutimesSync(path, when, when) : Deno.utimeSync(path, when, when), path, options);
  }
}

function tryDo(action: () => void, path: string, options: ApplyOptions): void {
  try {
    action();
  } catch (error) {
    options.warn(`Cannot apply metadata to "${path}"`, error);
  }
}
