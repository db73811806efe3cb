/**
 * `service run`'s supervisor, after Duplicati's duplicati-service: runs the server as a child with
 * `--ping-pong-keepalive=true`, writes `ping` to its stdin every interval and expects a `pong` line within a timeout
 * (several attempts), also checks GET /health, and kills and restarts a child that exits or stops answering. Restarts
 * back off 1 s, 2 s, 4 s ... up to a cap, and the back-off resets once a child has stayed up for a while. On stop it
 * writes `shutdown` to the child and waits for it (killing it after a timeout).
 * @module
 */
import { abortableSleep } from "../core/abortable_sleep.ts";
import { errorMessage } from "../core/errors.ts";
import { startChild, type SupervisedChild } from "./supervised_child.ts";

/** What happened, for logs and tests. */
export type SupervisorEvent =
  | { readonly type: "started"; readonly pid: number; readonly run: number }
  | { readonly type: "pong"; readonly pid: number }
  | { readonly type: "unresponsive"; readonly pid: number; readonly reason: string }
  | { readonly type: "exited"; readonly pid: number; readonly code: number; readonly signal: string | null }
  | { readonly type: "restart-scheduled"; readonly delayMs: number }
  | { readonly type: "start-failed"; readonly error: string }
  | { readonly type: "stopped" };

export interface SupervisorOptions {
  /** The child's command line, program first (ends with `server ... --ping-pong-keepalive=true`). */
  readonly command: readonly string[];
  /** Variables added to the child's environment (the server's secret options, kept off its command line). */
  readonly env?: Readonly<Record<string, string>>;
  readonly pingIntervalMs: number;
  readonly pongTimeoutMs: number;
  /** Pings without a pong in a row before the child counts as hung. */
  readonly pingAttempts: number;
  readonly initialRestartDelayMs: number;
  readonly maxRestartDelayMs: number;
  /** A child that ran this long resets the back-off. */
  readonly stableAfterMs: number;
  /** GET this URL at each ping; after `healthFailures` failures in a row (once it has answered) the child is restarted. */
  readonly healthUrl?: string;
  readonly healthFailures?: number;
  /** How long a stopping child may take after `shutdown` before it is killed. */
  readonly shutdownTimeoutMs: number;
  /** Aborting it stops the child and ends supervision. */
  readonly signal: AbortSignal;
  readonly log: (line: string) => void;
  /** The child's stdout lines other than pongs. */
  readonly forward: (line: string) => void;
  readonly onEvent?: (event: SupervisorEvent) => void;
  readonly fetch?: typeof fetch;
}

async function healthy(url: string, env: { timeoutMs: number; fetch?: typeof fetch }): Promise<boolean> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), env.timeoutMs);
  try {
    const response = await (env.fetch ?? fetch)(url, { signal: controller.signal });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** Pings the child until it exits, stops answering or supervision stops; returns why it ended. */
async function keepAlive(child: SupervisedChild, options: SupervisorOptions): Promise<string | undefined> {
  const emit = options.onEvent ?? (() => {});
  const over = new AbortController();
  const end = () => over.abort();
  child.status.then(end);
  if (options.signal.aborted) end();
  else options.signal.addEventListener("abort", end, { once: true });
  let healthOk = false;
  let healthFails = 0;
  try {
    while (!over.signal.aborted) {
      await abortableSleep(options.pingIntervalMs, over.signal);
      let answered = false;
      for (let attempt = 0; attempt < options.pingAttempts && !answered && !over.signal.aborted; attempt++) {
        const seen = child.pongs();
        if (!(await child.send("ping"))) break;
        answered = await child.waitForPong(seen, { timeoutMs: options.pongTimeoutMs, signal: over.signal });
      }
      if (over.signal.aborted) return undefined;
      if (!answered) return `no answer to ${options.pingAttempts} pings`;
      emit({ type: "pong", pid: child.pid });
      if (options.healthUrl === undefined) continue;
      const fetchEnv = options.fetch ? { fetch: options.fetch } : {};
      if (await healthy(options.healthUrl, { timeoutMs: options.pongTimeoutMs, ...fetchEnv })) {
        healthOk = true;
        healthFails = 0;
      } else if (healthOk && ++healthFails >= (options.healthFailures ?? 3)) {
        return `${options.healthUrl} failed ${healthFails} times in a row`;
      }
    }
    return undefined;
  } finally {
    options.signal.removeEventListener("abort", end);
  }
}

/** Stops a child: `shutdown` on stdin, then a kill after the timeout. */
async function stopChild(child: SupervisedChild, options: SupervisorOptions): Promise<Deno.CommandStatus> {
  await child.send("shutdown");
  const exited = new AbortController();
  const result = await Promise.race([
    child.status,
    abortableSleep(options.shutdownTimeoutMs, exited.signal).then(() => "timeout" as const),
  ]);
  exited.abort(); // ends the sleep when the child won the race
  if (result !== "timeout") return result;
  options.log(`The server (pid ${child.pid}) did not stop within ${options.shutdownTimeoutMs} ms; killing it`);
  child.kill("SIGKILL");
  return await child.status;
}

/** Supervises the server until `options.signal` aborts; resolves with 0 after the last child has stopped. */
export async function superviseServer(options: SupervisorOptions): Promise<number> {
  const emit = options.onEvent ?? (() => {});
  let delay = options.initialRestartDelayMs;
  for (let run = 1; !options.signal.aborted; run++) {
    let child: SupervisedChild;
    try {
      child = startChild(options.command, { forward: options.forward, ...(options.env ? { env: options.env } : {}) });
    } catch (error) {
      options.log(`Cannot start the server (${options.command.join(" ")}): ${errorMessage(error)}`);
      emit({ type: "start-failed", error: errorMessage(error) });
      emit({ type: "restart-scheduled", delayMs: delay });
      await abortableSleep(delay, options.signal);
      delay = Math.min(delay * 2, options.maxRestartDelayMs);
      continue;
    }
    const startedAt = Date.now();
    emit({ type: "started", pid: child.pid, run });
    options.log(`Started the server (pid ${child.pid})`);
    const problem = await keepAlive(child, options);
    if (problem !== undefined) {
      options.log(`The server (pid ${child.pid}) is not responding: ${problem}; restarting it`);
      emit({ type: "unresponsive", pid: child.pid, reason: problem });
      child.kill("SIGKILL");
    }
    const status = options.signal.aborted && problem === undefined
      ? await stopChild(child, options)
      : await child.status;
    emit({ type: "exited", pid: child.pid, code: status.code, signal: status.signal });
    if (options.signal.aborted) break;
    options.log(
      `The server (pid ${child.pid}) exited with code ${status.code}${status.signal ? ` (${status.signal})` : ""}`,
    );
    if (Date.now() - startedAt >= options.stableAfterMs) delay = options.initialRestartDelayMs;
    options.log(`Restarting the server in ${delay / 1000} s`);
    emit({ type: "restart-scheduled", delayMs: delay });
    await abortableSleep(delay, options.signal);
    delay = Math.min(delay * 2, options.maxRestartDelayMs);
  }
  emit({ type: "stopped" });
  return 0;
}
