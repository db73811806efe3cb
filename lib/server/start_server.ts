/**
 * startServer(): builds every part of the server from resolved options and serves it. Used by `server` (run until
 * a signal) and by the tray launcher (a hosted server in the same process).
 * @module
 */
import { resolve } from "node:path";
import { type Logger, LogWriter, nullLogger, teeLogger } from "../core/log.ts";
import { errorMessage, UserInputError } from "../core/errors.ts";
import { consoleLogger, fileLogger } from "../cli/console_logger.ts";
import { ensureDataFolder, resolveDataFolder } from "../data_folder/data_folder.ts";
import { currentFilterOs } from "../filters/filter_groups.ts";
import { expandEnvironmentVariables } from "../filters/parse_filter.ts";
import { PORTABLE_MODE, SERVER_DATAFOLDER } from "../options/common_options.ts";
import { LOG_FILE } from "../options/logging_options.ts";
import type { Options } from "../options/option_spec.ts";
import { applyParametersFile, PARAMETERS_FILE_NAMES, parseParametersFile } from "../options/parameters_file.ts";
import { resolveOptions } from "../options/resolve.ts";
import { createApp } from "./app.ts";
import { type Clock, systemClock } from "./clock.ts";
import { composeServer } from "./compose_server.ts";
import { SERVER_DATABASE_FILE } from "./config_store/server_database.ts";
import { acquireLock } from "./instance_lock.ts";
import { listen, listenAddress, parsePorts, readCertificate } from "./listen.ts";
import { pingPong } from "./ping_pong.ts";
import * as so from "./server_options.ts";

export interface ServerEnvironment {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Folder of the executable (or main.ts): portable mode keeps the data folder beside it. */
  readonly executableDir: string;
  readonly clock?: Clock;
}

/** A running server. */
export interface ServerHandle {
  readonly port: number;
  readonly https: boolean;
  readonly dataFolder: string;
  /** `http(s)://localhost:<port>` (or the first allowed host name). */
  readonly baseUrl: string;
  /** A fresh 5-minute single-use sign-in token (for `<baseUrl>/signin.html?token=`). */
  signinToken(): Promise<string>;
  /** An access token for an in-process client (the tray launcher). */
  accessToken(): Promise<string>;
  /**
   * Ends open long polls, stops the scheduler and the running task (at a safe point), then the web server.
   * Idempotent.
   */
  stop(): Promise<void>;
  /** Resolves with the exit code once the server has stopped. */
  readonly done: Promise<number>;
}

/** Code of the error thrown when another server holds the data folder (exit 200). */
export class InstanceRunningError extends UserInputError {
  override readonly code = "instance";
}

export async function startServer(
  raw: ReadonlyMap<string, string | undefined>,
  env: ServerEnvironment & { startedBy: string; printSigninLink: boolean; defaultPorts?: string },
): Promise<ServerHandle> {
  const given = withParametersFile(so.environmentOptions(env.env, raw), env);
  const merged = given.options;
  if (env.defaultPorts && !merged.has("webservice-port")) merged.set("webservice-port", env.defaultPorts);
  const resolved = resolveOptions(merged, so.serverRegistry());
  const { options } = resolved;
  const warnings = [...given.warnings, ...resolved.warnings];
  const clock = env.clock ?? systemClock;
  const dataFolder = resolveDataFolder({
    ...(options.isSet(SERVER_DATAFOLDER) ? { serverDataFolder: options.get(SERVER_DATAFOLDER)! } : {}),
    ...(options.isSet(PORTABLE_MODE) ? { portableMode: options.get(PORTABLE_MODE) } : {}),
    env: env.env,
    os: Deno.build.os === "windows" ? "windows" : Deno.build.os === "darwin" ? "darwin" : "linux",
    executableDir: env.executableDir,
    probeFile: SERVER_DATABASE_FILE,
    cwd: env.cwd,
  });
  ensureDataFolder(dataFolder);
  const lock = acquireLock(dataFolder);
  if ("held" in lock) {
    throw new InstanceRunningError(
      `Another server is already running for the data folder "${dataFolder}" ` +
        `(process ${lock.held.pid}, port ${lock.held.port})`,
    );
  }
  const log = serverLog(options, env);
  for (const warning of warnings) log.warn("Options", warning);
  let composed: Awaited<ReturnType<typeof composeServer>> | undefined;
  try {
    const plan = {
      ports: parsePorts(options.get(so.WEBSERVICE_PORT)),
      hostname: listenAddress(options.get(so.WEBSERVICE_INTERFACE)),
      ...withCert(options),
    };
    composed = await composeServer({
      options,
      dataFolder,
      clock,
      log,
      startedBy: env.startedBy,
      env: env.env,
      executableDir: env.executableDir,
    });
    const { deps } = composed;
    const lastPort = Number(deps.store.getSetting("last-webserver-port") ?? NaN);
    const ports = plan.ports.includes(lastPort) ? [lastPort, ...plan.ports.filter((p) => p !== lastPort)] : plan.ports;
    // The routes take the bound port (cookie names) when they are built, so the app is built right after binding;
    // no request can arrive in between (nothing awaits). The connection info gives the routes the client address.
    const late: { app?: ReturnType<typeof createApp> } = {};
    const listening = listen(
      { ...plan, ports },
      (request, info) => late.app!.fetch(request, { remoteAddr: info.remoteAddr }),
    );
    composed.info.port = listening.port;
    composed.info.https = listening.https;
    late.app = createApp(deps);
    deps.store.setSetting("last-webserver-port", String(listening.port));
    lock.update({ port: listening.port, https: listening.https, startedAt: clock.now() });
    const where = plan.hostname === "127.0.0.1" ? "localhost" : plan.hostname === "0.0.0.0" ? "*" : plan.hostname;
    const message = `Server has started and is listening on ${where}, port ${listening.port}`;
    env.out(message);
    log.info("Server", message);
    const host = deps.info.allowedHostnames.find((h) => h !== "*") ?? "localhost";
    const baseUrl = `${listening.https ? "https" : "http"}://${host}:${listening.port}`;
    if (env.printSigninLink && deps.auth.passwordAutogenerated && !options.get(so.NO_SIGNIN_LINK)) {
      // Console only: the token must never reach a log file.
      env.out(
        `Use the following link to sign in: ${baseUrl}/signin.html?token=${await deps.auth.createSigninToken(
          "server-cli",
        )}`,
      );
    }
    let resolveDone!: (code: number) => void;
    const done = new Promise<number>((resolve) => (resolveDone = resolve));
    let stopping: Promise<void> | undefined;
    const stopKeepalive = options.get(so.PING_PONG_KEEPALIVE) ? pingPong({ onShutdown: () => void stop() }) : undefined;
    const stop = () =>
      stopping ??= (async () => {
        // Open long polls end first: the web server's shutdown waits for every request in flight.
        deps.events.close();
        stopKeepalive?.();
        await composed!.stop();
        await listening.server.shutdown();
        log.info("Server", "Server stopped");
        composed!.close();
        lock.release();
        log.close();
        resolveDone(0);
      })();
    return {
      port: listening.port,
      https: listening.https,
      dataFolder,
      baseUrl,
      signinToken: () => deps.auth.createSigninToken("trayicon"),
      accessToken: () => deps.auth.createInProcessAccessToken("trayicon"),
      stop,
      done,
    };
  } catch (error) {
    if (composed) {
      await composed.stop().catch(() => {});
      composed.close();
    }
    lock.release();
    log.error("Server", `The server could not start: ${errorMessage(error)}`);
    log.close();
    throw error;
  }
}

/**
 * Merges `--parameters-file` (given on the command line or as DUPLICATI__PARAMETERS_FILE; environment variables in
 * the name are expanded) with lib/options/parameters_file.ts: one `--name=value` a line, the file's options win.
 * Its --source, --target and filter lines mean nothing to the server and are reported as a warning.
 */
function withParametersFile(
  given: Map<string, string | undefined>,
  env: Pick<ServerEnvironment, "cwd" | "env">,
): { options: Map<string, string | undefined>; warnings: string[] } {
  const name = [...given.keys()].find((key) => PARAMETERS_FILE_NAMES.includes(key.toLowerCase()));
  const raw = name === undefined ? undefined : given.get(name);
  if (raw === undefined || raw.trim() === "") return { options: given, warnings: [] };
  const vars = Object.fromEntries(Object.entries(env.env).filter((e): e is [string, string] => e[1] !== undefined));
  const path = resolve(env.cwd, expandEnvironmentVariables(raw, { env: vars, os: currentFilterOs() }));
  let text: string;
  try {
    text = Deno.readTextFileSync(path);
  } catch (error) {
    throw new UserInputError(`Cannot read the parameters file "${path}": ${errorMessage(error)}`);
  }
  const file = parseParametersFile(text);
  const merged = applyParametersFile(file, { positionals: [], options: given, filters: [] });
  const unused = file.sources.length > 0 || file.target !== undefined || merged.filters.length > 0;
  const warnings = unused
    ? [`The --source, --target and filter lines of the parameters file "${path}" are not used by the server`]
    : [];
  return { options: new Map(merged.options), warnings };
}

function withCert(options: Options): { cert?: { cert: string; key: string } } {
  const cert = readCertificate({
    ...(options.get(so.WEBSERVICE_SSLCERTIFICATEFILE)
      ? { certFile: options.get(so.WEBSERVICE_SSLCERTIFICATEFILE)! }
      : {}),
    ...(options.get(so.WEBSERVICE_SSLCERTIFICATEKEYFILE)
      ? { keyFile: options.get(so.WEBSERVICE_SSLCERTIFICATEKEYFILE)! }
      : {}),
  });
  return cert ? { cert } : {};
}

/** The server's own log: --log-file at --log-level, and the console with --log-console. */
function serverLog(options: Options, env: ServerEnvironment): LogWriter & { close(): void } {
  const loggers: Logger[] = [];
  const level = options.get(so.SERVER_LOG_LEVEL);
  if (options.get(so.LOG_CONSOLE)) {
    loggers.push(consoleLogger(options.isSet(so.SERVER_LOG_LEVEL) ? level : "Information", env.err));
  }
  const path = options.get(LOG_FILE);
  let file: ReturnType<typeof fileLogger> | undefined;
  if (path) {
    try {
      file = fileLogger(path, level);
    } catch (error) {
      throw new UserInputError(`Cannot open log file "${path}": ${(error as Error).message}`);
    }
    loggers.push(file);
  }
  const writer = new LogWriter(loggers.length > 0 ? teeLogger(...loggers) : nullLogger);
  return Object.assign(writer, { close: () => file?.close() });
}
