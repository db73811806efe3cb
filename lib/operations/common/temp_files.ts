/**
 * Temp-file names for volumes waiting to be uploaded, under `--tempdir`.
 * @module
 */
import { randomBytes } from "node:crypto";
import { join } from "node:path";

/** A fresh path like `<dir>/dup-<kind>-<random>.tmp`; the file is not created. */
export function tempFilePath(dir: string, kind: string): string {
  return join(dir, `dup-${kind}-${randomBytes(8).toString("hex")}.tmp`);
}
