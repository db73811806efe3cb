/**
 * `tray-launcher`: Duplicati's tray icon for a terminal (§6). Hosts a server in this process (or connects to one),
 * opens the web UI signed in, prints state changes and progress, sends desktop notifications for new warnings and
 * errors, and takes keys (o, p, r, q) and signals (SIGINT/SIGTERM quit, SIGUSR1 open, SIGUSR2 pause/resume).
 * Exits when the user quits or the server stops.
 * @module
 */
import { errorMessage, UserInputError } from "../core/errors.ts";
import type { NotificationDto, ServerStatus } from "../server/api_types.ts";
import { browserCommandLine, desktopNotifier, type Spawn, spawnDetached } from "./desktop.ts";
import { watchServer } from "./status_watch.ts";
import { clockPrefix, describeNotification } from "./status_text.ts";
import { type KeySource, terminalKeys } from "./terminal_keys.ts";
import { TRAY_HELP } from "./tray_help.ts";
import { parseTrayOptions, type TrayOptions } from "./tray_options.ts";
import { detachedSession, type HostedServer, hostedSession, type TraySession } from "./tray_session.ts";

export type { HostedServer } from "./tray_session.ts";

/** The launcher's I/O; everything past `startServer` is optional and has a real default. */
export interface TrayIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly env: Record<string, string | undefined>;
  readonly cwd: string;
  readonly executableDir: string;
  readonly readSecret?: (prompt: string) => Promise<string | undefined>;
  /** Starts the hosted server in this process (main.ts passes lib/server/run_server.ts's startServer). */
  readonly startServer: (serverArgs: string[]) => Promise<HostedServer>;
  readonly fetch?: typeof fetch;
  /** Key presses; default: the terminal's when stdin is one. `null` for none. */
  readonly keys?: AsyncIterable<string> | null;
  /** Subscribes to a process signal and returns the unsubscribe function; default Deno.addSignalListener. */
  readonly onSignal?: (signal: Deno.Signal, handler: () => void) => () => void;
  /** Starts the browser and notification helpers; default a detached child process. */
  readonly spawn?: Spawn;
  /** Shows a desktop notification; default notify-send / osascript through `spawn`. */
  readonly notify?: (title: string, body: string) => Promise<void>;
  readonly os?: typeof Deno.build.os;
  /** Between progress polls while a task runs; default 2000. */
  readonly progressIntervalMs?: number;
  /** Between retries after a failed request; default 1000. */
  readonly retryDelayMs?: number;
}

function defaultOnSignal(signal: Deno.Signal, handler: () => void): () => void {
  try {
    Deno.addSignalListener(signal, handler);
  } catch {
    return () => {}; // not available on this OS (SIGUSR1/2 on Windows)
  }
  return () => Deno.removeSignalListener(signal, handler);
}

async function startSession(options: TrayOptions, io: TrayIo): Promise<TraySession> {
  const fetchEnv = io.fetch ? { fetch: io.fetch } : {};
  if (options.hosted) return await hostedSession(options, { startServer: io.startServer, ...fetchEnv });
  return await detachedSession(options, { ...fetchEnv, ...(io.readSecret ? { readSecret: io.readSecret } : {}) });
}

/** Runs the launcher with `args` (without the subcommand name); returns the exit code. */
export async function runTrayLauncher(args: readonly string[], io: TrayIo): Promise<number> {
  let options: TrayOptions;
  try {
    options = parseTrayOptions(args, io.env);
  } catch (error) {
    io.err(errorMessage(error));
    return 2;
  }
  if (options.help) {
    io.out(TRAY_HELP);
    return 0;
  }
  for (const name of options.ignored) io.err(`Ignoring --${name}: not supported by this version`);
  let session: TraySession;
  try {
    session = await startSession(options, io);
  } catch (error) {
    io.err(options.hosted ? `Cannot start the server: ${errorMessage(error)}` : errorMessage(error));
    const code = (error as { exitCode?: unknown })?.exitCode;
    if (typeof code === "number") return code;
    // As the server exits: 200 for option, data folder and second-instance problems, 100 for the rest.
    if (options.hosted) return error instanceof UserInputError ? 200 : 100;
    return error instanceof UserInputError ? 2 : 1;
  }
  return await runSession(session, { options, io });
}

async function runSession(session: TraySession, env: { options: TrayOptions; io: TrayIo }): Promise<number> {
  const { options, io } = env;
  const os = io.os ?? Deno.build.os;
  const spawn = io.spawn ?? spawnDetached;
  const notify = io.notify ?? desktopNotifier({ os, spawn });
  const say = (line: string) => io.out(`${clockPrefix()} ${line}`);
  const finished = Promise.withResolvers<number>();
  let serverGone = false;
  let quitting = false;
  let programState: ServerStatus["ProgramState"] = "Running";

  const open = async () => {
    let url = session.baseUrl;
    try {
      url = `${session.baseUrl}signin.html?token=${encodeURIComponent(await session.signinToken())}`;
    } catch (error) {
      io.err(`Cannot get a sign-in token (${errorMessage(error)}); opening the start page instead`);
    }
    if (options.noBrowser) return say(`Sign-in link (single use, valid 5 minutes): ${url}`);
    const command = browserCommandLine(url, {
      os,
      ...(options.browserCommand ? { browserCommand: options.browserCommand } : {}),
    });
    if (await spawn(command)) say(`Opened the web UI with ${command[0]}`);
    else io.err(`Cannot start "${command[0]}"; open this link in a browser: ${url}`);
  };
  const setPaused = async (pause: boolean) => {
    try {
      if (pause) await session.client.pause();
      else await session.client.resume();
    } catch (error) {
      io.err(`Cannot ${pause ? "pause" : "resume"} the server: ${errorMessage(error)}`);
    }
  };
  const quit = (code: number, message?: string) => {
    if (message !== undefined) say(message);
    finished.resolve(code);
  };
  const act = (key: string) => {
    switch (key.toLowerCase()) {
      case "o":
        return void open();
      case "p":
        return void setPaused(true);
      case "r":
        return void setPaused(false);
      case "q":
      case "\x03":
        return quit(0, "Quitting");
    }
  };

  say(session.hosted ? `Server is running at ${session.baseUrl}` : `Connected to the server at ${session.baseUrl}`);
  const unsubscribe = [
    (io.onSignal ?? defaultOnSignal)("SIGINT", () => quit(0, "Quitting (SIGINT)")),
    ...(os === "windows" ? [] : [
      (io.onSignal ?? defaultOnSignal)("SIGTERM", () => quit(0, "Quitting (SIGTERM)")),
      (io.onSignal ?? defaultOnSignal)("SIGUSR1", () => void open()),
      (io.onSignal ?? defaultOnSignal)("SIGUSR2", () => void setPaused(programState === "Running")),
    ]),
  ];
  let keySource: KeySource | undefined;
  let keys = io.keys;
  if (keys === undefined) {
    keySource = await terminalKeys();
    keys = keySource?.keys ?? null;
  }
  if (keys !== null) {
    say("Keys: o = open the web UI, p = pause, r = resume, q = quit");
    void (async () => {
      for await (const key of keys) act(key);
    })().catch(() => {});
  }
  session.hosted?.done.then((code) => {
    serverGone = true;
    if (!quitting) quit(code, `The server stopped (exit code ${code})`);
  }, (error) => {
    serverGone = true;
    if (!quitting) quit(100, `The server failed: ${errorMessage(error)}`);
  });

  const controller = new AbortController();
  const watching = watchServer(session.client, {
    signal: controller.signal,
    progressIntervalMs: io.progressIntervalMs ?? 2000,
    retryDelayMs: io.retryDelayMs ?? 1000,
    maxFailures: session.hosted ? Infinity : 4,
    report: {
      state: (status, line) => {
        programState = status.ProgramState;
        say(`State: ${line}`);
      },
      progress: (line) => say(`Progress: ${line}`),
      notification: (item: NotificationDto) => {
        say(describeNotification(item));
        if (item.Type !== "Information") {
          void notify(`Duplicati ${item.Type.toLowerCase()}`, `${item.Title}: ${item.Message}`);
        }
      },
      disconnected: (error) => say(`State: Disconnected (${errorMessage(error)})`),
      reconnected: () => say("Reconnected"),
    },
  }).then((result) => {
    if (result === "lost") quit(1, `Lost the connection to the server at ${session.baseUrl}`);
  });
  await open();

  const code = await finished.promise;
  quitting = true;
  controller.abort();
  await watching;
  for (const off of unsubscribe) off();
  await keySource?.close();
  if (session.hosted && !serverGone) {
    say("Stopping the server...");
    await session.hosted.stop();
    await session.hosted.done.catch(() => {});
  }
  return code;
}
