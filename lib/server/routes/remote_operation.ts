/**
 * POST /remoteoperation/test, /remoteoperation/create and /remoteoperation/dbpath: the "Test connection" and
 * "Create folder" buttons of the destination editor, and the lookup of an existing local database for a URL.
 * A URL that carries PASSWORD_PLACEHOLDER (as GET /backup/{id} returns it) is completed from the stored URL of
 * the backup named by `backupId`.
 * @module
 */
import { Hono } from "hono";
import type { Context } from "hono";
import type { Backend } from "../../backends/backend.ts";
import { openBackend } from "../../backends/open_backend.ts";
import { parseTargetUrl, redactTargetUrl, type TargetUrl } from "../../backends/target_url.ts";
import { cliRegistry } from "../../cli/cli_options.ts";
import { DuplicatiError, errorMessage, FolderMissingError, UserInputError } from "../../core/errors.ts";
import { nullLogger } from "../../core/log.ts";
import { findDatabase } from "../../data_folder/db_locator.ts";
import { optionsFromRecord } from "../../options/resolve.ts";
import type { DbPathDto } from "../api_types.ts";
import type { ServerDeps } from "../deps.ts";
import { badField, HttpError } from "../http_error.ts";
import { objectField, queryBoolean, readJson, stringField } from "../request_body.ts";
import { hasMaskedSecret, unmaskTargetUrl } from "../url_secrets.ts";

/** Routes for destination tests; paths relative to /api/v1. */
export function remoteOperationRoutes(deps: ServerDeps): Hono {
  const app = new Hono();
  app.post("/remoteoperation/test", async (c) => {
    const autocreate = queryBoolean(c, "autocreate", false);
    const readOnly = queryBoolean(c, "readOnlyTest", false);
    const url = await requestUrl(deps, c);
    await withBackend(deps, { url, signal: c.req.raw.signal }, async (backend) => {
      try {
        await listAll(backend);
      } catch (error) {
        if (!(error instanceof FolderMissingError) || !autocreate || readOnly) throw error;
        await backend.createFolder();
        await listAll(backend);
      }
    });
    return c.json({ Status: "OK" });
  });
  app.post("/remoteoperation/create", async (c) => {
    const url = await requestUrl(deps, c);
    await withBackend(deps, { url, signal: c.req.raw.signal }, (backend) => backend.createFolder());
    return c.json({ Status: "OK" });
  });
  app.post("/remoteoperation/dbpath", async (c) => {
    const body = objectField(await readJson(c), "body");
    const url = parseUrl(stringField(body, "path", {}));
    const globalPrefix = deps.store.getGlobalOptions().find((o) => o.name === "--prefix")?.value;
    const username = url.query.get("auth-username");
    const path = findDatabase(deps.info.dataFolder, {
      url,
      prefix: url.query.get("prefix") ?? (globalPrefix || "duplicati"),
      ...(username === undefined ? {} : { username }),
    }, { create: false });
    const answer: DbPathDto = { Exists: path !== undefined, Path: path ?? null };
    return c.json(answer);
  });
  return app;
}

/** The storage URL of the request body, unmasked with the stored backup's URL when it carries a placeholder. */
async function requestUrl(deps: ServerDeps, c: Context): Promise<TargetUrl> {
  const body = objectField(await readJson(c), "body");
  let text = stringField(body, "path", {});
  if (hasMaskedSecret(text)) {
    const raw = body.backupId;
    if (raw === undefined || raw === null || raw === "") {
      throw badField("path", "contains the password placeholder; send backupId so the stored credentials are used");
    }
    if (typeof raw !== "string" && typeof raw !== "number") throw badField("backupId", "must be a string or number");
    const backup = /^[0-9]+$/.test(String(raw)) ? deps.store.getBackup(Number(raw)) : undefined;
    if (backup === undefined) throw new HttpError(404, `Backup "${raw}" was not found`, { reason: "not-found" });
    text = unmaskTargetUrl(text, { previous: backup.targetUrl, field: "path" });
  }
  return parseUrl(text);
}

function parseUrl(text: string): TargetUrl {
  if (text.trim() === "") throw badField("path", "must not be empty");
  try {
    return parseTargetUrl(text);
  } catch (error) {
    throw badField("path", errorMessage(error));
  }
}

/** Opens the backend (global options apply, no retries), runs `use`, closes it; maps failures to 400s. */
async function withBackend(
  deps: ServerDeps,
  env: { url: TargetUrl; signal: AbortSignal },
  use: (backend: Backend) => Promise<void>,
): Promise<void> {
  const record: Record<string, string> = {};
  for (const option of deps.store.getGlobalOptions()) {
    if (!option.name.startsWith("--")) continue;
    if (option.filter !== "" && option.filter.toLowerCase() !== env.url.scheme) continue;
    record[option.name.slice(2)] = option.value;
  }
  record["number-of-retries"] = "0";
  const options = optionsFromRecord(record, cliRegistry());
  const shown = JSON.stringify(redactTargetUrl(env.url));
  let backend: Backend;
  try {
    backend = await openBackend(env.url, { options, signal: env.signal, log: nullLogger });
  } catch (error) {
    if (error instanceof UserInputError) throw badField("path", error.message);
    throw backendFailure(error, shown);
  }
  try {
    await use(backend);
  } catch (error) {
    throw backendFailure(error, shown);
  } finally {
    await backend.close().catch(() => {});
  }
}

function backendFailure(error: unknown, shown: string): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof FolderMissingError) {
    return new HttpError(400, `The destination folder ${shown} does not exist; create it or test with autocreate`, {
      reason: "folder-missing",
    });
  }
  const reason = error instanceof DuplicatiError ? error.code : "backend-error";
  return new HttpError(400, `Cannot connect to ${shown}: ${errorMessage(error)}`, { reason });
}

async function listAll(backend: Backend): Promise<void> {
  for await (const _entry of backend.list()) {
    // listing everything proves the folder is readable
  }
}
