/**
 * Walks the backup sources with synchronous file-system calls (async Deno fs ops cost ~50 µs each) and decides each
 * entry with the source selection (source_selection.ts: attributes, filter rules, size; folders before their
 * contents, so an excluded folder hides its subtree), stores symlinks as symlinks, skips special files and
 * unreadable entries with a warning.
 * @module
 */
import { UserInputError } from "../../core/errors.ts";
import {
  createSourceSelector,
  type SourceCandidate,
  type SourceExclusion,
  type SourceSelection,
  type SourceSelector,
} from "./source_selection.ts";

export type EntryKind = "file" | "folder" | "symlink";

export interface SourceEntry {
  /** Absolute path; folders end with the separator. */
  readonly path: string;
  readonly kind: EntryKind;
  readonly info: Deno.FileInfo;
  readonly symlinkTarget?: string;
}

export interface EnumerateOptions {
  /** What to take: filter rules, attribute and size exclusions; default everything. */
  readonly selection?: SourceSelection;
  readonly warn: (message: string, error?: unknown) => void;
  /** Hears each entry left out, in walk order (a folder once; nothing below it is visited). */
  readonly excluded?: (exclusion: SourceExclusion) => void;
  /** Called with each path before it is decided (folders end with the separator); may throw to end the walk. */
  readonly examine?: (path: string) => void;
  /** Missing sources are warnings instead of errors. */
  readonly allowMissingSource?: boolean;
  /** Symlink policy: Store (default) keeps links; Follow backs up their targets; Ignore skips them. */
  readonly symlinkPolicy?: "Store" | "Follow" | "Ignore";
  readonly separator?: string;
}

/** Checks the sources exist before anything else happens. */
export function checkSources(
  sources: readonly string[],
  options: Pick<EnumerateOptions, "allowMissingSource" | "warn">,
): string[] {
  const found: string[] = [];
  for (const source of sources) {
    try {
      Deno.lstatSync(source);
      found.push(source);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
      if (!options.allowMissingSource) {
        throw new UserInputError(`Cannot back up "${source}": the source path does not exist`);
      }
      options.warn(`The source path "${source}" does not exist and is skipped`);
    }
  }
  return found;
}

/**
 * Yields every entry to back up, parents before children, siblings in name order. A folder the selection walks
 * but does not store (only include rules, none matching it) is entered without being yielded.
 */
export function* enumerateSources(sources: readonly string[], options: EnumerateOptions): Generator<SourceEntry> {
  const walk: Walk = {
    options,
    sep: options.separator ?? "/",
    seen: new Set<string>(),
    select: createSourceSelector(options.selection),
  };
  for (const source of sources) {
    let info: Deno.FileInfo;
    try {
      info = Deno.lstatSync(source);
    } catch (error) {
      options.warn(`Cannot read source "${source}"`, error);
      continue;
    }
    yield* visit(stripTrailing(source, walk.sep), { info, root: true }, walk);
  }
}

interface Walk {
  readonly options: EnumerateOptions;
  readonly sep: string;
  readonly seen: Set<string>;
  readonly select: SourceSelector;
}

/** Decides one path, reporting an exclusion; undefined when it is left out or was taken before. */
function take(walk: Walk, candidate: SourceCandidate): { store: boolean } | undefined {
  const { options, seen } = walk;
  options.examine?.(candidate.path);
  if (seen.has(candidate.path)) return undefined;
  const decision = walk.select(candidate);
  if (!decision.take) {
    options.excluded?.(decision.exclusion);
    return undefined;
  }
  seen.add(candidate.path);
  return { store: decision.store };
}

function* visit(path: string, at: { info: Deno.FileInfo; root: boolean }, walk: Walk): Generator<SourceEntry> {
  const { options, sep } = walk;
  let info = at.info;
  const link = info.isSymlink;
  if (link) {
    const policy = options.symlinkPolicy ?? "Store";
    if (policy === "Ignore") return;
    if (policy === "Follow") {
      try {
        info = Deno.statSync(path);
      } catch (error) {
        options.warn(`Cannot follow symlink "${path}"`, error);
        return;
      }
    } else {
      const taken = take(walk, { path, kind: "symlink", info, link, root: at.root });
      if (!taken?.store) return;
      let target: string;
      try {
        target = Deno.readLinkSync(path);
      } catch (error) {
        options.warn(`Cannot read symlink "${path}"`, error);
        return;
      }
      yield { path, kind: "symlink", info, symlinkTarget: target };
      return;
    }
  }
  if (info.isFile) {
    const taken = take(walk, { path, kind: "file", info, link, root: at.root });
    if (taken?.store) yield { path, kind: "file", info };
    return;
  }
  if (!info.isDirectory) {
    options.warn(`Skipping special file "${path}" (device, socket or pipe)`);
    return;
  }
  const folder = path.endsWith(sep) ? path : path + sep;
  const taken = take(walk, { path: folder, kind: "folder", info, link, root: at.root });
  if (!taken) return;
  if (taken.store) yield { path: folder, kind: "folder", info };
  let names: string[];
  try {
    names = [];
    for (const entry of Deno.readDirSync(path)) names.push(entry.name);
  } catch (error) {
    options.warn(`Cannot list folder "${folder}"`, error);
    return;
  }
  names.sort();
  for (const name of names) {
    const child = folder + name;
    let childInfo: Deno.FileInfo;
    try {
      childInfo = Deno.lstatSync(child);
    } catch (error) {
      options.warn(`Cannot read "${child}"`, error);
      continue;
    }
    yield* visit(child, { info: childInfo, root: false }, walk);
  }
}

function stripTrailing(path: string, sep: string): string {
  return path.length > 1 && path.endsWith(sep) ? path.slice(0, -1) : path;
}
