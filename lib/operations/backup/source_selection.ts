/**
 * Which source entries a backup takes, decided as Duplicati's FileEnumerationProcess and FilePreFilterProcess do,
 * and shared by the backup walk, its counting pass, `test-filters` and the server's source preview:
 * 1. a source path itself (a root) is never excluded by attributes or filters;
 * 2. an entry with an attribute named in `--exclude-files-attributes` is left out (a folder is not entered);
 * 3. the first matching `--include`/`--exclude` rule decides; when none matches, the entry is kept unless the rules
 *    are all includes. With only include rules every folder is still entered (Duplicati adds an implicit include
 *    of all folders to the walk's filter) but a folder, like any entry, is stored only when an include matches it,
 *    so `--include=*.txt` stores the text files at any depth and no folders;
 * 4. a file larger than `--skip-files-larger-than` is left out (folders are unaffected).
 * @module
 */
import type { Filter, FilterRule } from "../../filters/filter.ts";
import type { FileAttributeName } from "../../options/backup_options.ts";
import { type AttributePlatform, currentAttributePlatform, fileAttributes } from "./file_attributes.ts";

/** What to take from the sources besides the walk itself; everything when empty. */
export interface SourceSelection {
  /** The `--include`/`--exclude` rules; none means every path. */
  readonly filter?: Filter;
  /** `--exclude-files-attributes`: entries carrying any of these are left out. */
  readonly excludeAttributes?: readonly FileAttributeName[];
  /** `--skip-files-larger-than` in bytes; undefined or 0 means no limit. */
  readonly maxFileSize?: number;
}

/** Why an entry is left out; a folder left out is not entered. */
export type SourceExclusion =
  /** `rule` undefined: no rule matched and the rules are all includes. */
  | { readonly reason: "filter"; readonly path: string; readonly rule: FilterRule | undefined }
  /** `attributes`: those of the entry's attributes that are excluded. */
  | { readonly reason: "attribute"; readonly path: string; readonly attributes: readonly FileAttributeName[] }
  | { readonly reason: "size"; readonly path: string; readonly size: number; readonly limit: number };

/** One path the walk reached. */
export interface SourceCandidate {
  /** Absolute path; folders end with the separator. */
  readonly path: string;
  /** What the walk treats it as ("symlink" only when the link itself is stored). */
  readonly kind: "file" | "folder" | "symlink";
  /** The entry's own info, or its target's when a link is followed. */
  readonly info: Deno.FileInfo;
  /** The path itself is a symbolic link. */
  readonly link: boolean;
  /** The path is one of the backup's sources. */
  readonly root: boolean;
}

/**
 * The decision for one candidate: left out (with why), or taken. A taken folder is entered; `store` false means
 * it is walked but not itself stored (a folder no include matches, when the rules are all includes).
 */
export type SourceDecision =
  | { readonly take: false; readonly exclusion: SourceExclusion }
  | { readonly take: true; readonly store: boolean };

/** Decides candidates for one selection from the candidate alone (no file-system access). */
export type SourceSelector = (candidate: SourceCandidate) => SourceDecision;

/** Compiles a selection; `platform` (default: this process) is what the attributes are judged for. */
export function createSourceSelector(selection: SourceSelection = {}, platform?: AttributePlatform): SourceSelector {
  const filter = selection.filter === undefined || selection.filter.empty ? undefined : selection.filter;
  const excluded = new Set(selection.excludeAttributes ?? []);
  const limit = selection.maxFileSize ?? 0;
  const host = excluded.size > 0 ? platform ?? currentAttributePlatform() : undefined;
  return (candidate) => {
    const { path, kind } = candidate;
    if (!candidate.root) {
      if (host !== undefined) {
        const folder = kind === "folder";
        const present = fileAttributes({ path, info: candidate.info, folder, link: candidate.link }, host);
        const attributes = [...present].filter((name) => excluded.has(name));
        if (attributes.length > 0) return { take: false, exclusion: { reason: "attribute", path, attributes } };
      }
      if (filter !== undefined) {
        const rule = filter.match(path);
        const enter = rule === undefined ? !filter.includesOnly || kind === "folder" : rule.include;
        if (!enter) return { take: false, exclusion: { reason: "filter", path, rule } };
      }
    }
    const store = filter === undefined || !filter.includesOnly || filter.match(path) !== undefined;
    if (!store && kind !== "folder") return { take: false, exclusion: { reason: "filter", path, rule: undefined } };
    if (kind === "file" && limit > 0 && candidate.info.size > limit) {
      return { take: false, exclusion: { reason: "size", path, size: candidate.info.size, limit } };
    }
    return { take: true, store };
  };
}

/** Duplicati's verbose log line for an exclusion: its log tag and message. */
export function exclusionLogLine(exclusion: SourceExclusion): { tag: string; message: string } {
  const { path } = exclusion;
  switch (exclusion.reason) {
    case "attribute":
      return { tag: "FileEnumerationProcess", message: `Excluding path due to attribute filter: ${path}` };
    case "filter": {
      const rule = exclusion.rule === undefined ? "null" : `(${exclusion.rule.expression})`;
      return { tag: "FileEnumerationProcess", message: `Excluding path due to filter: ${path} => ${rule}` };
    }
    case "size":
      return {
        tag: "FilePreFilterProcess",
        message: `Skipped checking file, because the size exceeds limit ${path}`,
      };
  }
}
