/**
 * The hash recorded for a remote file: base64 SHA-256 of its bytes as stored, the same as volume_writer computes.
 * @module
 */
import { createHash } from "node:crypto";

/** Base64 SHA-256 of a downloaded remote file. */
export function fileHash(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("base64");
}
