/**
 * Direct restore (restore from a destination URL and passphrase with no configured backup) and the passphrase
 * check of the restore wizard; paths relative to /api/v1:
 *
 * - POST /directrestore/connect `{TargetURL, Passphrase?}` checks the destination (reachable, holds a backup, the
 *   passphrase decrypts it), creates a temporary backup (temporary_backups.ts) and queues the repair task that
 *   builds its local database from the remote files. Answers `{ID, TaskID, Versions, Encrypted}`; the client waits
 *   for the task, then browses and restores through the usual /backup/{ID}/… routes.
 * - POST /backup/{id}/check-passphrase `{passphrase}` checks a passphrase typed for a configured backup whose own
 *   passphrase is not stored, before the restore runs, so a wrong one is reported as such and not as a failed task.
 *
 * Failures are 400s with a Reason the UI can rely on: "folder-missing", "backend-error" (or the engine's code),
 * "no-backup-found", "passphrase-required", "wrong-passphrase".
 * @module
 */
import { Hono } from "hono";
import { getBytes } from "../../backends/backend.ts";
import { openBackend } from "../../backends/open_backend.ts";
import { parseTargetUrl, redactTargetUrl, type TargetUrl } from "../../backends/target_url.ts";
import { parseArgs } from "../../cli/args.ts";
import { cliRegistry } from "../../cli/cli_options.ts";
import { DuplicatiError, errorMessage, FolderMissingError, WrongPassphraseError } from "../../core/errors.ts";
import { nullLogger } from "../../core/log.ts";
import { PREFIX } from "../../options/common_options.ts";
import type { Options } from "../../options/option_spec.ts";
import { resolveOptions } from "../../options/resolve.ts";
import { parseRemoteName } from "../../volumes/remote_name.ts";
import { openVolume } from "../../volumes/volume_reader.ts";
import type { BackupConfig, BackupSetting, NewBackup } from "../config_store/model.ts";
import type { ServerDeps } from "../deps.ts";
import { badField, HttpError } from "../http_error.ts";
import { objectField, readJson, stringArrayField, stringField } from "../request_body.ts";
import { backupArguments } from "../tasks/cli_arguments.ts";
import { type BackupInputEnv, isAbsolutePath, parseBackupInput } from "./backup_input.ts";
import { loadBackup } from "./backup_operations.ts";

/** The answer of POST /directrestore/connect. */
export interface DirectRestoreConnected {
  /** The temporary backup's id (negative). */
  readonly ID: string;
  /** The repair task that builds its local database. */
  readonly TaskID: number;
  /** How many versions the destination holds. */
  readonly Versions: number;
  readonly Encrypted: boolean;
}

/** What {@link probeDestination} found. */
export interface DestinationProbe {
  readonly versions: number;
  readonly encrypted: boolean;
}

/** Routes for direct restore and the passphrase check. */
export function directRestoreRoutes(deps: ServerDeps): Hono {
  const app = new Hono();
  app.post("/directrestore/connect", async (c) => {
    const body = objectField(await readJson(c), "body");
    const targetUrl = stringField(body, "TargetURL", {}).trim();
    if (targetUrl === "") throw badField("TargetURL", "must not be empty: give the destination's URL or folder");
    const passphrase = stringField(body, "Passphrase", { optional: true }) ?? "";
    const url = parseUrl(targetUrl);
    const draft = (settings: readonly BackupSetting[]): NewBackup => ({
      name: `Direct restore from ${redactTargetUrl(url)}`,
      description: "",
      tags: [],
      targetUrl,
      externalId: null,
      sources: [],
      settings,
      filters: [],
    });
    const probe = await probeDestination({
      url,
      options: backupOptions(deps, { ...draft([]), id: 0, dbPath: "", metadata: {} }),
      passphrase,
      signal: c.req.raw.signal,
    });
    const settings: BackupSetting[] = probe.encrypted
      ? [{ filter: "", name: "passphrase", value: passphrase }]
      : [{ filter: "", name: "--no-encryption", value: "true" }];
    const config = deps.temporaryBackups.create(draft(settings));
    const taskId = deps.queue.enqueue(deps.tasks.repair(config.id));
    return c.json<DirectRestoreConnected>({
      ID: String(config.id),
      TaskID: taskId,
      Versions: probe.versions,
      Encrypted: probe.encrypted,
    });
  });
  app.post("/backup/:id/check-passphrase", async (c) => {
    const config = loadBackup(deps, c);
    const body = objectField(await readJson(c), "body");
    const passphrase = stringField(body, "passphrase", {});
    await probeDestination({
      url: parseUrl(config.targetUrl),
      options: backupOptions(deps, config),
      passphrase,
      signal: c.req.raw.signal,
    });
    return c.json({ Status: "OK" });
  });
  return app;
}

/**
 * The body of POST /backups?temporary=true as a NewBackup. Duplicati's clients send only TargetURL and Settings
 * for a temporary backup, so Name and Sources may be left out; everything given is checked as for a new backup.
 */
export function temporaryBackupInput(body: unknown, env: BackupInputEnv): NewBackup {
  const input = objectField(objectField(body, "body").Backup, "Backup");
  const sources = stringArrayField(input, "Sources", { path: "Backup", fallback: [] });
  const anyFolder = isAbsolutePath("/") ? "/" : "C:\\";
  const parsed = parseBackupInput({
    Backup: { Name: "Temporary backup", ...input, Sources: sources.length > 0 ? sources : [anyFolder] },
  }, env);
  return { ...parsed.backup, sources: sources.length > 0 ? parsed.backup.sources : [] };
}

/** The resolved CLI options of a backup (global defaults and its settings), without retries. */
function backupOptions(deps: ServerDeps, config: BackupConfig): Options {
  const args = backupArguments(config, {
    globalOptions: deps.store.getGlobalOptions(),
    exportPasswords: true,
    filters: false,
  });
  return resolveOptions(parseArgs(["restore", ...args.options, "--number-of-retries=0"]).options, cliRegistry())
    .options;
}

function parseUrl(text: string): TargetUrl {
  try {
    return parseTargetUrl(text);
  } catch (error) {
    throw badField("TargetURL", errorMessage(error));
  }
}

/**
 * Lists the destination and, when its volumes are encrypted, decrypts the smallest index or list volume with
 * `passphrase`. Throws an HttpError 400 with a stable Reason for every way it can fail.
 */
export async function probeDestination(env: {
  url: TargetUrl;
  options: Options;
  passphrase: string;
  signal: AbortSignal;
}): Promise<DestinationProbe> {
  const shown = redactTargetUrl(env.url);
  const prefix = env.options.get(PREFIX);
  let backend;
  try {
    backend = await openBackend(env.url, { options: env.options, signal: env.signal, log: nullLogger });
  } catch (error) {
    throw connectFailure(error, shown);
  }
  try {
    const volumes: { name: string; size: number; type: string; encrypted: boolean }[] = [];
    try {
      for await (const entry of backend.list()) {
        const parsed = parseRemoteName(entry.name);
        if (parsed?.prefix !== prefix) continue;
        volumes.push({ name: entry.name, size: entry.size, type: parsed.type, encrypted: !!parsed.encryption });
      }
    } catch (error) {
      throw connectFailure(error, shown);
    }
    const versions = volumes.filter((v) => v.type === "dlist").length;
    if (versions === 0) {
      throw new HttpError(
        400,
        `There is no backup at ${shown}: it holds no "${prefix}-…dlist" files. Check the folder or URL` +
          (prefix === "duplicati" ? "." : `, and the prefix "${prefix}".`),
        { reason: "no-backup-found", field: "TargetURL" },
      );
    }
    const encrypted = volumes.some((v) => v.encrypted);
    if (!encrypted) return { versions, encrypted };
    if (env.passphrase === "") {
      throw new HttpError(400, `The backup at ${shown} is encrypted: enter its passphrase`, {
        reason: "passphrase-required",
        field: "Passphrase",
      });
    }
    const sample = volumes.filter((v) => v.encrypted && v.type !== "dblock")
      .sort((a, b) => (a.size < 0 ? Infinity : a.size) - (b.size < 0 ? Infinity : b.size))[0] ??
      volumes.find((v) => v.encrypted)!;
    try {
      await openVolume(sample.name, await getBytes(backend, sample.name), { passphrase: env.passphrase });
    } catch (error) {
      if (error instanceof WrongPassphraseError) {
        throw new HttpError(
          400,
          `Wrong passphrase: it does not decrypt the backup at ${shown}. Passphrases are case-sensitive; check it ` +
            "and try again.",
          { reason: "wrong-passphrase", field: "Passphrase" },
        );
      }
      throw new HttpError(400, `Cannot read the backup at ${shown}: ${errorMessage(error)}`, {
        reason: error instanceof DuplicatiError ? error.code : "backend-error",
      });
    }
    return { versions, encrypted };
  } finally {
    await backend.close().catch(() => {});
  }
}

function connectFailure(error: unknown, shown: string): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof FolderMissingError) {
    return new HttpError(400, `The destination ${shown} does not exist. Check the folder or URL.`, {
      reason: "folder-missing",
      field: "TargetURL",
    });
  }
  const reason = error instanceof DuplicatiError ? error.code : "backend-error";
  return new HttpError(400, `Cannot connect to ${shown}: ${errorMessage(error)}`, { reason, field: "TargetURL" });
}
