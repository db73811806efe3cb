/**
 * GET /systeminfo/server (our addition, for the web UI's About page): where this server keeps its data and what it
 * runs on — the data folder, the server database, when and how it started, the listening port, and the Deno, V8
 * and TypeScript versions. GET /systeminfo (Duplicati's shape) has none of these.
 * @module
 */
import { Hono } from "hono";
import { serverDatabasePath } from "../config_store/server_database.ts";
import type { ServerDeps } from "../deps.ts";

/** Body of GET /systeminfo/server. */
export interface ServerAboutDto {
  /** The data folder (absolute): server database, local backup databases, logs. */
  readonly DataFolder: string;
  /** The server database file inside the data folder. */
  readonly ServerDatabase: string;
  /** ISO time the server started. */
  readonly StartedAt: string;
  /** "Server", "Tray" or "Service". */
  readonly StartedBy: string;
  readonly Port: number;
  readonly Https: boolean;
  readonly ProcessId: number;
  /** Deno's target triple, e.g. "x86_64-unknown-linux-gnu". */
  readonly Platform: string;
  readonly DenoVersion: string;
  readonly V8Version: string;
  readonly TypeScriptVersion: string;
}

/** Routes for the About page's server facts; paths relative to /api/v1. */
export function serverAboutRoutes(deps: ServerDeps): Hono {
  const app = new Hono();
  app.get("/systeminfo/server", (c) => c.json(serverAbout(deps)));
  return app;
}

/** The body of GET /systeminfo/server. */
export function serverAbout(deps: ServerDeps): ServerAboutDto {
  return {
    DataFolder: deps.info.dataFolder,
    ServerDatabase: serverDatabasePath(deps.info.dataFolder),
    StartedAt: new Date(deps.info.startedAt).toISOString(),
    StartedBy: deps.info.startedBy,
    Port: deps.info.port,
    Https: deps.info.https,
    ProcessId: Deno.pid,
    Platform: Deno.build.target,
    DenoVersion: Deno.version.deno,
    V8Version: Deno.version.v8,
    TypeScriptVersion: Deno.version.typescript,
  };
}
