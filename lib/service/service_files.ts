/**
 * Writing and removing the files `service install` manages. Files are replaced through a temporary file and a
 * rename, so a definition is never half-written and a file that holds secrets is never readable by others, not even
 * when an older copy had a wider mode.
 * @module
 */
import { dirname } from "node:path";
import { errorMessage, UserInputError } from "../core/errors.ts";

/** Writes `text` to `path` with exactly `mode` (0600 for files with secrets), creating the folder if needed. */
export function writeServiceFile(path: string, file: { text: string; mode: number }): void {
  const temp = `${path}.${crypto.randomUUID().slice(0, 8)}.tmp`;
  try {
    Deno.mkdirSync(dirname(path), { recursive: true });
    Deno.writeTextFileSync(temp, file.text, { mode: file.mode, createNew: true });
    if (Deno.build.os !== "windows") Deno.chmodSync(temp, file.mode);
    Deno.renameSync(temp, path);
  } catch (error) {
    try {
      Deno.removeSync(temp);
    } catch {
      // nothing to clean up
    }
    throw new UserInputError(`Cannot write "${path}": ${errorMessage(error)}`, { cause: error });
  }
}

/** True when `path` exists. */
export function fileExists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Removes `path`; UserInputError when that fails. */
export function removeServiceFile(path: string): void {
  try {
    Deno.removeSync(path);
  } catch (error) {
    throw new UserInputError(`Cannot remove "${path}": ${errorMessage(error)}`, { cause: error });
  }
}
