/**
 * Path scrambling for bug reports: every name becomes a keyed hash, so the same name maps to the same token
 * throughout one report (the tree's shape stays visible) while the names themselves cannot be guessed back
 * without the key, which the report never contains. Separators and the last name's extension are kept.
 * @module
 */
import { createHmac } from "node:crypto";

const EXTENSION = /\.[A-Za-z0-9]{1,8}$/;

/** The scrambled form of `path` under `key` (random per report). Injective in practice: 16 hex digits a name. */
export function obfuscatePath(path: string, key: Uint8Array): string {
  const parts = path.split(/([/\\])/);
  let last = parts.length - 1;
  while (last >= 0 && (parts[last] === "" || parts[last] === "/" || parts[last] === "\\")) last--;
  return parts.map((part, i) => {
    if (part === "" || part === "/" || part === "\\") return part;
    const suffix = i === last ? EXTENSION.exec(part)?.[0] ?? "" : "";
    // A name that is all "extension" (".bashrc") is hashed whole.
    const extension = suffix.length < part.length ? suffix : "";
    return createHmac("sha256", key).update(part).digest("hex").slice(0, 16) + extension;
  }).join("");
}
