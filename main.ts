/**
 * Entry point: picks the subcommand from the first argument, or from the executable's own name so that copies
 * named duplicati-cli, duplicati-server and duplicati-server-util behave as those commands.
 * @module
 */
import { runCli } from "./lib/cli/run_cli.ts";
import { terminalIo } from "./lib/cli/terminal_io.ts";
import { dispatch } from "./lib/main_dispatch.ts";

if (import.meta.main) {
  const code = await dispatch(Deno.args, {
    execPath: Deno.execPath(),
    cli: (args) => runCli(args, terminalIo(import.meta.url)),
    out: (line) => console.log(line),
    err: (line) => console.error(line),
  });
  Deno.exit(code);
}
