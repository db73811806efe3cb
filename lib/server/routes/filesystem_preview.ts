/**
 * POST /filesystem/preview: what a backup of these sources with these filters would take, for the editor's preview.
 * The walk and every decision are the engine's own (enumerateSources with the source selection a backup uses: a
 * Filter built as the CLI builds it, `--exclude-files-attributes` and `--skip-files-larger-than`), so preview and
 * backup cannot disagree: an excluded folder is never entered, the first matching rule decides, a source itself is
 * never excluded, and with only include rules folders are entered but only matching entries kept. The answer lists
 * at most `Limit` included files and `Limit` exclusions; the walk stops after a time budget, and says so.
 * @module
 */
import { Hono } from "hono";
import { formatSize } from "../../core/format_size.ts";
import { Filter, type FilterRule } from "../../filters/filter.ts";
import { currentFilterOs } from "../../filters/filter_groups.ts";
import { compileFilterExpression } from "../../filters/parse_filter.ts";
import { enumerateSources } from "../../operations/backup/enumerate.ts";
import type { SourceExclusion } from "../../operations/backup/source_selection.ts";
import {
  EXCLUDE_FILES_ATTRIBUTES,
  type FileAttributeName,
  SKIP_FILES_LARGER_THAN,
} from "../../options/backup_options.ts";
import type { ServerDeps } from "../deps.ts";
import { badField } from "../http_error.ts";
import { objectField, parsedField, readJson } from "../request_body.ts";
import { expandSpecialFolder } from "../special_folders.ts";
import { isAbsolutePath } from "./backup_input.ts";

/** Body of POST /filesystem/preview. */
export interface FilesystemPreviewRequest {
  /** Absolute paths (special-folder tokens allowed); folders end with the separator. */
  readonly Sources: readonly string[];
  readonly Filters?: readonly { readonly Order?: number; readonly Include: boolean; readonly Expression: string }[];
  /** `--exclude-files-attributes` values ("hidden", "system", "temporary", ...). */
  readonly ExcludeAttributes?: readonly string[];
  /** `--skip-files-larger-than` ("100MB"; a bare number is megabytes). */
  readonly SkipFilesLargerThan?: string;
  /** Most paths listed in Included and in Excluded (1–1000, default 200). */
  readonly Limit?: number;
}

/**
 * Why a path is left out: a filter rule, no include rule matching, an attribute (hidden, system, temporary, or
 * "attribute" for any other `--exclude-files-attributes` value such as readonly), or the size limit.
 */
export type PreviewExclusionReason =
  | "filter"
  | "no-include"
  | "hidden"
  | "system"
  | "temporary"
  | "attribute"
  | "size";

/** One excluded path (a folder ends with the separator; nothing below it was visited). */
export interface PreviewExcludedDto {
  readonly Path: string;
  readonly Reason: PreviewExclusionReason;
  /** Readable: the rule's expression for "filter", else what excluded it ("hidden file", "larger than 1.00 MiB"). */
  readonly Rule: string;
  /** The Order of the rule that excluded it (Reason "filter"). */
  readonly Order?: number;
}

/** Answer of POST /filesystem/preview. */
export interface FilesystemPreviewDto {
  /** The first included files in walk order (parents before children, names sorted). */
  readonly Included: readonly { readonly Path: string; readonly Size: number }[];
  readonly Excluded: readonly PreviewExcludedDto[];
  /** Files included (folders and stored symlinks are not counted, as in test-filters). */
  readonly IncludedCount: number;
  readonly IncludedSize: number;
  /** Paths excluded (an excluded folder counts once). */
  readonly ExcludedCount: number;
  /** Sources that do not exist (a backup skips them with a warning or fails, per --allow-missing-source). */
  readonly Missing: readonly string[];
  /** True when a list was cut at Limit or the walk stopped at its time budget. */
  readonly Truncated: boolean;
  /** True when the walk finished, so the counts are exact. */
  readonly Complete: boolean;
}

/** How long and how many paths (files and folders examined by the filter) one preview may walk. */
export interface PreviewBudget {
  readonly timeMs: number;
  readonly entries: number;
}

const DEFAULT_BUDGET: PreviewBudget = { timeMs: 2_000, entries: 200_000 };
const DEFAULT_LIMIT = 200;
const MAX_LIMIT = 1_000;
/** Entries walked between yields to the event loop (the walk uses synchronous file-system calls). */
const SLICE = 200;

/** Routes for the source preview; paths relative to /api/v1. */
export function filesystemPreviewRoutes(_deps: ServerDeps): Hono {
  const app = new Hono();
  app.post("/filesystem/preview", async (c) => {
    const input = parsePreviewRequest(await readJson(c));
    return c.json(await previewSources(input));
  });
  return app;
}

/** A checked preview request. */
export interface PreviewInput {
  readonly sources: readonly string[];
  readonly rules: readonly (FilterRule & { readonly order: number })[];
  readonly attributes: readonly FileAttributeName[];
  readonly maxFileSize: number | undefined;
  readonly limit: number;
}

/** Checks the body; 400 naming the field (`Sources[1]`, `Filters[0].Expression`, ...) for anything wrong. */
export function parsePreviewRequest(body: unknown): PreviewInput {
  const obj = objectField(body, "body");
  const rawSources = obj.Sources;
  if (!Array.isArray(rawSources)) throw badField("Sources", "must be an array of paths");
  const sources: string[] = [];
  rawSources.forEach((source, i) => {
    if (typeof source !== "string") throw badField(`Sources[${i}]`, "must be a string");
    if (source.trim() === "") return;
    const expanded = parsedField(`Sources[${i}]`, () => expandSpecialFolder(source));
    if (!isAbsolutePath(expanded)) throw badField(`Sources[${i}]`, `must be an absolute path, not "${source}"`);
    if (!sources.includes(expanded)) sources.push(expanded);
  });
  if (sources.length === 0) throw badField("Sources", "must name at least one folder or file");
  return {
    sources,
    rules: parseRules(obj.Filters),
    attributes: parsedField("ExcludeAttributes", () => EXCLUDE_FILES_ATTRIBUTES.parse(attributeText(obj))),
    maxFileSize: parsedField("SkipFilesLargerThan", () => SKIP_FILES_LARGER_THAN.parse(sizeText(obj))),
    limit: parseLimit(obj.Limit),
  };
}

function parseRules(value: unknown): (FilterRule & { order: number })[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw badField("Filters", "must be an array");
  const syntax = { caseSensitive: true, os: currentFilterOs() };
  const rules = value.map((item, i) => {
    const path = `Filters[${i}]`;
    const rule = objectField(item, path);
    const { Expression: expression, Include: include, Order: order = i } = rule;
    if (typeof expression !== "string") throw badField(`${path}.Expression`, "must be a string");
    if (expression.trim() === "") throw badField(`${path}.Expression`, "must not be empty");
    parsedField(`${path}.Expression`, () => compileFilterExpression(expression, syntax));
    if (typeof include !== "boolean") throw badField(`${path}.Include`, "must be true or false");
    if (typeof order !== "number" || !Number.isInteger(order)) {
      throw badField(`${path}.Order`, "must be a whole number");
    }
    return { include, expression, order };
  });
  return rules.sort((a, b) => a.order - b.order);
}

function attributeText(obj: Record<string, unknown>): string | undefined {
  const value = obj.ExcludeAttributes;
  if (value === undefined || value === null || typeof value === "string") return value ?? undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
    throw badField("ExcludeAttributes", "must be an array of attribute names");
  }
  return value.join(",");
}

function sizeText(obj: Record<string, unknown>): string | undefined {
  const value = obj.SkipFilesLargerThan;
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw badField("SkipFilesLargerThan", 'must be a size such as "100MB"');
  return value;
}

function parseLimit(value: unknown): number {
  if (value === undefined || value === null) return DEFAULT_LIMIT;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > MAX_LIMIT) {
    throw badField("Limit", `must be a whole number from 1 to ${MAX_LIMIT}`);
  }
  return value;
}

/** Walks the sources as a backup would and reports what it takes and leaves out. */
export async function previewSources(input: PreviewInput, budget = DEFAULT_BUDGET): Promise<FilesystemPreviewDto> {
  const filter = Filter.from(input.rules, { env: Deno.env.toObject() });
  const orderOf = new Map<string, number>();
  for (const rule of input.rules) {
    const key = ruleKey(rule);
    if (!orderOf.has(key)) orderOf.set(key, rule.order);
  }
  const sep = Deno.build.os === "windows" ? "\\" : "/";
  const included: { Path: string; Size: number }[] = [];
  const excluded: PreviewExcludedDto[] = [];
  let includedCount = 0, includedSize = 0, excludedCount = 0;
  const started = Date.now();
  let examined = 0, complete = true;
  const examine = () => {
    if (++examined > budget.entries || (examined % SLICE === 0 && Date.now() - started > budget.timeMs)) {
      throw new BudgetSpent();
    }
  };
  const exclude = (exclusion: SourceExclusion) => {
    excludedCount++;
    if (excluded.length < input.limit) excluded.push(excludedDto(exclusion, { orderOf, sep }));
  };
  const missing: string[] = [];
  const found: string[] = [];
  for (const source of input.sources) {
    try {
      Deno.lstatSync(source);
      found.push(source);
    } catch {
      missing.push(source);
    }
  }
  const selection = {
    filter,
    excludeAttributes: input.attributes,
    ...(input.maxFileSize === undefined ? {} : { maxFileSize: input.maxFileSize }),
  };
  let yielded = 0;
  try {
    const walk = enumerateSources(found, { selection, excluded: exclude, examine, warn: () => {}, separator: sep });
    for (const entry of walk) {
      if (++yielded % SLICE === 0) await new Promise((resolve) => setTimeout(resolve, 0));
      if (entry.kind !== "file") continue;
      includedCount++;
      includedSize += entry.info.size;
      if (included.length < input.limit) included.push({ Path: entry.path, Size: entry.info.size });
    }
  } catch (error) {
    if (!(error instanceof BudgetSpent)) throw error;
    complete = false;
  }
  return {
    Included: included,
    Excluded: excluded,
    IncludedCount: includedCount,
    IncludedSize: includedSize,
    ExcludedCount: excludedCount,
    Missing: missing,
    Truncated: !complete || includedCount > included.length || excludedCount > excluded.length,
    Complete: complete,
  };
}

const NAMED_ATTRIBUTES: Partial<Record<FileAttributeName, PreviewExclusionReason>> = {
  Hidden: "hidden",
  System: "system",
  Temporary: "temporary",
};

function excludedDto(
  exclusion: SourceExclusion,
  env: { orderOf: ReadonlyMap<string, number>; sep: string },
): PreviewExcludedDto {
  const Path = exclusion.path;
  switch (exclusion.reason) {
    case "filter": {
      const rule = exclusion.rule;
      if (rule === undefined) return { Path, Reason: "no-include", Rule: "no include rule matches" };
      const order = env.orderOf.get(ruleKey(rule));
      return { Path, Reason: "filter", Rule: rule.expression, ...(order === undefined ? {} : { Order: order }) };
    }
    case "attribute": {
      const named = exclusion.attributes.map((name) => NAMED_ATTRIBUTES[name]).find((r) => r !== undefined);
      const what = Path.endsWith(env.sep) ? "folder" : "file";
      const names = exclusion.attributes.map((name) => name.toLowerCase()).join(", ");
      return { Path, Reason: named ?? "attribute", Rule: `${names} ${what}` };
    }
    case "size":
      return { Path, Reason: "size", Rule: `larger than ${formatSize(exclusion.limit)}` };
  }
}

/** Thrown from the examine hook to end the walk when its budget is spent. */
class BudgetSpent extends Error {}

function ruleKey(rule: FilterRule): string {
  return `${rule.include ? "+" : "-"}${rule.expression}`;
}
