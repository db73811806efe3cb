/**
 * Entry point: picks the subcommand from the first argument, or from the executable's own name so that copies
 * named duplicati-cli, duplicati-server and duplicati-server-util behave as those commands.
 * @module
 */
import { runCli } from "./lib/cli/run_cli.ts";
import { executableDir, terminalIo } from "./lib/cli/terminal_io.ts";
import { dispatch } from "./lib/main_dispatch.ts";
import { runServer } from "./lib/server/run_server.ts";

if (import.meta.main) {
  const out = (line: string) => console.log(line);
  const err = (line: string) => console.error(line);
  const serverEnv = () => ({
    out,
    err,
    env: Deno.env.toObject(),
    cwd: Deno.cwd(),
    executableDir: executableDir(import.meta.url),
  });
  const code = await dispatch(Deno.args, {
    execPath: Deno.execPath(),
    cli: (args) => runCli(args, terminalIo(import.meta.url)),
    server: (args) => runServer(args, serverEnv()),
    out,
    err,
  });
  Deno.exit(code);
}
