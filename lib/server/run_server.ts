/**
 * `server`: the composition root of the web server. Resolves options (command line, then `DUPLICATI__*`
 * environment forms), the data folder, the single-instance lock, the configuration store, authentication, the
 * task queue and scheduler; binds the first free port of the list; prints the sign-in link while the password is
 * the generated one; and stops cleanly on SIGINT/SIGTERM (a running task stops at its next safe point).
 * Exit codes (surface spec §3.11): 0 normal stop, 100 crash / cannot bind / database error, 200 another instance
 * or a data-folder or option problem.
 * @module
 */
import { errorMessage, UserInputError } from "../core/errors.ts";
import { parseArgs } from "../cli/args.ts";
import { type ServerEnvironment, type ServerHandle, startServer } from "./start_server.ts";
import { serverHelp } from "./server_help.ts";

export type { ServerEnvironment, ServerHandle };

/** Runs the server until it is stopped; returns the process exit code. */
export async function runServer(argv: readonly string[], env: ServerEnvironment): Promise<number> {
  const args = parseArgs(["server", ...argv]);
  if (argv.some((a) => /^(--)?(help|usage)$|^-h$/i.test(a))) {
    env.out(serverHelp());
    return 0;
  }
  if (args.positionals.length > 1) {
    env.err(`Unexpected argument "${args.positionals[1]}": the server takes only --options. Run "server --help"`);
    return 200;
  }
  // Signals are handled from the start, so a stop that arrives while the server is still starting is not lost.
  let handle: ServerHandle | undefined;
  let stopRequested = false;
  const signals: Deno.Signal[] = Deno.build.os === "windows" ? ["SIGINT"] : ["SIGINT", "SIGTERM"];
  const onSignal = () => {
    if (stopRequested) {
      env.err("Stopping at once");
      Deno.exit(100);
    }
    stopRequested = true;
    env.out("Stopping the server; a running task stops at its next safe point (press Ctrl-C again to stop at once)");
    void handle?.stop();
  };
  for (const s of signals) Deno.addSignalListener(s, onSignal);
  try {
    try {
      handle = await startServer(args.options, { ...env, startedBy: "Server", printSigninLink: true });
    } catch (error) {
      env.err(errorMessage(error));
      // Another instance (InstanceRunningError), a data-folder or an option problem: 200; anything else: 100.
      return error instanceof UserInputError ? 200 : 100;
    }
    if (stopRequested) void handle.stop();
    return await handle.done;
  } finally {
    for (const s of signals) Deno.removeSignalListener(s, onSignal);
  }
}
