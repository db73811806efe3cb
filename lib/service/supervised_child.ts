/**
 * One run of the supervised server: a child process with piped stdin/stdout, whose stdout lines are either `pong`
 * answers (counted) or output passed on; stderr goes straight to ours.
 * @module
 */

/** A started child. */
export interface SupervisedChild {
  readonly pid: number;
  /** Resolves when the child has exited. */
  readonly status: Promise<Deno.CommandStatus>;
  /** Pongs seen so far; grows by one per `pong` line. */
  readonly pongs: () => number;
  /** True when a pong arrives after `seen` pongs; false after `timeoutMs`, when the child exits or `signal` aborts. */
  waitForPong(seen: number, env: { timeoutMs: number; signal: AbortSignal }): Promise<boolean>;
  /** Writes one line to the child's stdin; false when the pipe is closed. */
  send(line: string): Promise<boolean>;
  kill(signal: Deno.Signal): void;
}

/**
 * Starts `command` (program first) with piped stdin/stdout; `env.env` adds variables to the inherited environment.
 * Throws when the program cannot be started.
 */
export function startChild(
  command: readonly string[],
  env: { forward: (line: string) => void; env?: Readonly<Record<string, string>> },
): SupervisedChild {
  const process = new Deno.Command(command[0]!, {
    args: command.slice(1),
    ...(env.env ? { env: { ...env.env } } : {}),
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const writer = process.stdin.getWriter();
  const encoder = new TextEncoder();
  let pongs = 0;
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const waiter of [...waiters]) waiter();
  };
  const reading = (async () => {
    let buffer = "";
    for await (const chunk of process.stdout.pipeThrough(new TextDecoderStream())) {
      buffer += chunk;
      let newline: number;
      while ((newline = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, newline).replace(/\r$/, "");
        buffer = buffer.slice(newline + 1);
        if (line.trim().toLowerCase() === "pong") {
          pongs++;
          wake();
        } else {
          env.forward(line);
        }
      }
    }
    if (buffer !== "") env.forward(buffer);
  })().catch(() => {});
  let exited = false;
  const status = (async () => {
    const result = await process.status;
    await reading;
    await writer.close().catch(() => {});
    exited = true;
    wake();
    return result;
  })();
  return {
    pid: process.pid,
    status,
    pongs: () => pongs,
    waitForPong(seen, { timeoutMs, signal }) {
      if (pongs > seen) return Promise.resolve(true);
      if (exited || signal.aborted) return Promise.resolve(false);
      return new Promise((resolve) => {
        let over = false;
        const done = () => {
          if (pongs <= seen && !exited && !over) return;
          clearTimeout(timer);
          waiters.delete(done);
          signal.removeEventListener("abort", end);
          resolve(pongs > seen);
        };
        const end = () => {
          over = true;
          done();
        };
        const timer = setTimeout(end, timeoutMs);
        signal.addEventListener("abort", end, { once: true });
        waiters.add(done);
      });
    },
    async send(line) {
      try {
        await writer.write(encoder.encode(`${line}\n`));
        return true;
      } catch {
        return false;
      }
    },
    kill(signal) {
      try {
        process.kill(signal);
      } catch {
        // already gone
      }
    },
  };
}
