/**
 * POST /filesystem/preview: what a backup of these sources with these filters would take, for the editor's preview.
 * The walk is the engine's own (enumerateSources with a Filter built as the CLI builds it), so an excluded folder is
 * never entered and the first matching rule decides; on top of it the attribute and size exclusions of
 * `--exclude-files-attributes` (hidden = a name starting with ".", as the folder browser marks it; the root of a
 * source is never excluded by attributes, as in Duplicati) and `--skip-files-larger-than`. The answer lists at most
 * `Limit` included files and `Limit` exclusions; the walk stops after a time budget, and says so.
 * @module
 */
import { Hono } from "hono";
import { formatSize } from "../../core/format_size.ts";
import { Filter, type FilterRule } from "../../filters/filter.ts";
import { currentFilterOs } from "../../filters/filter_groups.ts";
import { compileFilterExpression } from "../../filters/parse_filter.ts";
import { enumerateSources } from "../../operations/backup/enumerate.ts";
import { EXCLUDE_FILES_ATTRIBUTES, SKIP_FILES_LARGER_THAN } from "../../options/backup_options.ts";
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

/** Why a path is left out: a filter rule, no include rule matching, an attribute, or the size limit. */
export type PreviewExclusionReason = "filter" | "no-include" | "hidden" | "system" | "temporary" | "size";

/** One excluded path (a folder ends with the separator; nothing below it was visited). */
export interface PreviewExcludedDto {
  readonly Path: string;
  readonly Reason: PreviewExclusionReason;
  /** Readable: the rule's expression for "filter", else what excluded it ("hidden", "larger than 1.00 MiB"). */
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
  readonly attributes: readonly string[];
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
  const hidden = input.attributes.includes("Hidden");
  const sep = Deno.build.os === "windows" ? "\\" : "/";
  const roots = new Set(input.sources.map((s) => s.length > 1 && s.endsWith(sep) ? s : s + sep));
  const included: { Path: string; Size: number }[] = [];
  const excluded: PreviewExcludedDto[] = [];
  let includedCount = 0, includedSize = 0, excludedCount = 0;
  const exclude = (entry: PreviewExcludedDto) => {
    excludedCount++;
    if (excluded.length < input.limit) excluded.push(entry);
  };
  const started = Date.now();
  let examined = 0, complete = true;
  const include = (path: string): boolean => {
    if (++examined > budget.entries || (examined % SLICE === 0 && Date.now() - started > budget.timeMs)) {
      throw new BudgetSpent();
    }
    const root = roots.has(path) || roots.has(path + sep);
    if (hidden && !root && baseName(path, sep).startsWith(".")) {
      exclude({ Path: path, Reason: "hidden", Rule: path.endsWith(sep) ? "hidden folder" : "hidden file" });
      return false;
    }
    if (filter.matches(path)) return true;
    const rule = filter.match(path);
    if (rule === undefined) {
      exclude({ Path: path, Reason: "no-include", Rule: "no include rule matches" });
    } else {
      const order = orderOf.get(ruleKey(rule));
      exclude({
        Path: path,
        Reason: "filter",
        Rule: rule.expression,
        ...(order === undefined ? {} : { Order: order }),
      });
    }
    return false;
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
  let yielded = 0;
  try {
    for (const entry of enumerateSources(found, { include, warn: () => {}, separator: sep })) {
      if (++yielded % SLICE === 0) await new Promise((resolve) => setTimeout(resolve, 0));
      if (entry.kind !== "file") continue;
      if (input.maxFileSize !== undefined && entry.info.size > input.maxFileSize) {
        exclude({ Path: entry.path, Reason: "size", Rule: `larger than ${formatSize(input.maxFileSize)}` });
      } else {
        includedCount++;
        includedSize += entry.info.size;
        if (included.length < input.limit) included.push({ Path: entry.path, Size: entry.info.size });
      }
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

/** Thrown from the filter callback to end the walk when its budget is spent. */
class BudgetSpent extends Error {}

function ruleKey(rule: FilterRule): string {
  return `${rule.include ? "+" : "-"}${rule.expression}`;
}

function baseName(path: string, sep: string): string {
  const trimmed = path.endsWith(sep) ? path.slice(0, -1) : path;
  return trimmed.slice(trimmed.lastIndexOf(sep) + 1);
}
