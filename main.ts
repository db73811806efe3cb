/**
 * Entry point: picks the subcommand from the first argument, or from the executable's own name so that copies
 * named duplicati-cli, duplicati-server, duplicati-server-util and duplicati-service behave as those commands.
 * @module
 */
import { fileURLToPath } from "node:url";
import { parseArgs } from "./lib/cli/args.ts";
import { runCli } from "./lib/cli/run_cli.ts";
import { executableDir, readSecret, terminalIo } from "./lib/cli/terminal_io.ts";
import { dispatch } from "./lib/main_dispatch.ts";
import { runServer } from "./lib/server/run_server.ts";
import { startServer } from "./lib/server/start_server.ts";
import { runServerUtil } from "./lib/serverutil/run_serverutil.ts";
import { runService } from "./lib/service/run_service.ts";
import { runTrayLauncher } from "./lib/tray/run_tray_launcher.ts";

if (import.meta.main) {
  const out = (line: string) => console.log(line);
  const err = (line: string) => console.error(line);
  const environment = () => ({
    out,
    err,
    env: Deno.env.toObject(),
    cwd: Deno.cwd(),
    executableDir: executableDir(import.meta.url),
  });
  const secrets = Deno.stdin.isTerminal() ? { readSecret } : {};
  // How this program starts itself (the service supervises `<self> server ...`).
  const selfCommand = /(^|[\\/])deno(\.exe)?$/i.test(Deno.execPath())
    ? [Deno.execPath(), "run", "--allow-all", fileURLToPath(import.meta.url)]
    : [Deno.execPath()];
  const code = await dispatch(Deno.args, {
    execPath: Deno.execPath(),
    cli: (args) => runCli(args, terminalIo(import.meta.url)),
    server: (args) => runServer(args, environment()),
    serverutil: (args) => runServerUtil(args, { ...environment(), ...secrets }),
    trayLauncher: (args) =>
      runTrayLauncher(args, {
        ...environment(),
        ...secrets,
        startServer: (serverArgs) =>
          startServer(parseArgs(["server", ...serverArgs]).options, {
            ...environment(),
            startedBy: "Tray",
            printSigninLink: false,
          }),
      }),
    service: (args) => runService(args, { ...environment(), selfCommand }),
    out,
    err,
  });
  Deno.exit(code);
}
