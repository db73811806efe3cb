/**
 * Duplicati's wildcards: `*` matches any run of characters **including the path separator**, `?` exactly one
 * character (also a separator), everything else literally; the pattern must match the whole path. Folders are
 * written with a trailing separator (`/home/john/`), so `/home/john/` names the folder and `/home/john/*` also
 * its contents.
 * @module
 */

const SPECIAL = /[\\^$.|+()[\]{}\/-]/g;

/** The regular expression source of a glob, anchored at both ends. */
export function globToRegExpSource(glob: string): string {
  let source = "";
  for (const char of glob) {
    if (char === "*") source += ".*";
    else if (char === "?") source += ".";
    else source += char.replace(SPECIAL, "\\$&");
  }
  return `^${source}$`;
}

/** A RegExp that tests whole paths against a glob; `caseSensitive` false adds the `i` flag. */
export function globToRegExp(glob: string, caseSensitive: boolean): RegExp {
  return new RegExp(globToRegExpSource(glob), caseSensitive ? "s" : "si");
}

/** The regular expression source that matches `text` literally (for `@literal` filters). */
export function literalToRegExpSource(text: string): string {
  return `^${text.replace(/[\\^$.|?*+()[\]{}\/-]/g, "\\$&")}$`;
}
