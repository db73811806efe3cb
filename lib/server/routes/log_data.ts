/**
 * GET /logdata/log (the stored server log, newest first, paged by timestamp as Duplicati's UI pages it; our
 * addition `?level=` keeps only rows at or above a level) and GET /logdata/poll (live tail: entries after an id at
 * or above a level).
 * @module
 */
import { Hono } from "hono";
import { levelRank, LOG_LEVELS, parseLogLevel } from "../../core/log.ts";
import type { ServerLogRow } from "../config_store/model.ts";
import type { ServerDeps } from "../deps.ts";
import { badField } from "../http_error.ts";
import { queryInteger } from "../request_body.ts";

/** A row of GET /logdata/log: Duplicati's ErrorLog columns plus the level. */
export interface ServerLogRowDto {
  readonly ID: number;
  readonly BackupID: number | null;
  readonly Message: string;
  readonly Exception: string | null;
  /** Unix epoch seconds, as Duplicati's ErrorLog stores it. */
  readonly Timestamp: number;
  readonly Type: string;
}

/** An entry of GET /logdata/poll, in Duplicati's LiveLogEntry shape. */
export interface LiveLogEntryDto {
  readonly When: string;
  readonly ID: number;
  readonly Message: string;
  readonly Tag: string;
  readonly MessageID: string;
  readonly ExceptionID: string | null;
  readonly Type: string;
  readonly Exception: string | null;
  readonly BackupID: string | null;
  readonly TaskID: string;
}

const SCAN_PAGE = 500;
/** How many stored rows one poll looks at at most. */
const MAX_SCAN = 20_000;

/** Routes for the server log; paths relative to /api/v1. */
export function logDataRoutes(deps: ServerDeps): Hono {
  const app = new Hono();
  app.get("/logdata/log", (c) => {
    const pageSize = queryInteger(c, "pagesize", { fallback: 100, min: 10, max: 500 });
    const offset = queryInteger(c, "offset", { fallback: -1, min: 0, max: Number.MAX_SAFE_INTEGER });
    const page = offset < 0 ? {} : { beforeTimestamp: offset * 1000 };
    const minimum = minimumLevel(c.req.query("level"));
    const rows = minimum === undefined
      ? deps.store.listServerLog({ ...page, pageSize })
      : scan(deps, { ...page, take: pageSize, keep: (row) => rowRank(row) >= minimum });
    return c.json(rows.map(logRowDto));
  });
  app.get("/logdata/poll", (c) => {
    const pageSize = queryInteger(c, "pagesize", { fallback: 100, min: 1, max: 500 });
    const afterId = queryInteger(c, "id", { fallback: 0, min: 0, max: Number.MAX_SAFE_INTEGER });
    const minimum = minimumLevel(c.req.query("level")) ?? levelRank("Information");
    const rows = scan(deps, { take: pageSize, stopAtId: afterId, keep: (row) => rowRank(row) >= minimum });
    return c.json(rows.reverse().map(liveEntryDto));
  });
  return app;
}

/** A stored server log row on the wire. */
export function logRowDto(row: ServerLogRow): ServerLogRowDto {
  return {
    ID: row.id,
    BackupID: row.backupId,
    Message: row.message,
    Exception: row.exception,
    Timestamp: Math.floor(row.timestamp / 1000),
    Type: row.level,
  };
}

function liveEntryDto(row: ServerLogRow): LiveLogEntryDto {
  return {
    When: new Date(row.timestamp).toISOString(),
    ID: row.id,
    Message: row.message,
    Tag: "",
    MessageID: "",
    ExceptionID: null,
    Type: row.level,
    Exception: row.exception,
    BackupID: row.backupId === null ? null : String(row.backupId),
    TaskID: "",
  };
}

/** The rank of a `level` query value; undefined when it is absent or empty; 400 naming `level` when unknown. */
function minimumLevel(text: string | undefined): number | undefined {
  if (text === undefined || text === "") return undefined;
  const level = parseLogLevel(text);
  if (level === undefined) throw badField("level", `must be one of ${LOG_LEVELS.join(", ")}, not "${text}"`);
  return levelRank(level);
}

/** A stored row's level rank; an unknown level counts as Information. */
function rowRank(row: ServerLogRow): number {
  return levelRank(parseLogLevel(row.level) ?? "Information");
}

/**
 * Newest-first rows that `keep` accepts, at most `take`, older than `beforeTimestamp` (epoch ms) when given, not
 * going below `stopAtId` or past MAX_SCAN rows.
 */
function scan(
  deps: ServerDeps,
  env: { take: number; keep: (row: ServerLogRow) => boolean; stopAtId?: number; beforeTimestamp?: number },
): ServerLogRow[] {
  const found: ServerLogRow[] = [];
  const time = env.beforeTimestamp === undefined ? {} : { beforeTimestamp: env.beforeTimestamp };
  let before: number | undefined;
  for (let scanned = 0; scanned < MAX_SCAN && found.length < env.take;) {
    const page = deps.store.listServerLog(
      before === undefined ? { ...time, pageSize: SCAN_PAGE } : { ...time, before, pageSize: SCAN_PAGE },
    );
    for (const row of page) {
      if (env.stopAtId !== undefined && row.id <= env.stopAtId) return found;
      if (env.keep(row)) found.push(row);
      if (found.length >= env.take) return found;
    }
    if (page.length < SCAN_PAGE) break;
    scanned += page.length;
    before = page[page.length - 1]!.id;
  }
  return found;
}
