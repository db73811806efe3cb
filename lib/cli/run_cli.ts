/**
 * runCli(): Duplicati's command line. Parses the arguments, runs the command, and turns errors into messages and
 * exit codes: a bad command line is 200, any other failure 100 (surface spec §1.4).
 * @module
 */
import { DuplicatiError, errorMessage } from "../core/errors.ts";
import { parseArgs, type ParsedArgs } from "./args.ts";
import type { Command, CommandIo } from "./command.ts";
import { affectedCommand } from "./commands/affected.ts";
import { backupCommand } from "./commands/backup.ts";
import { compactCommand, deleteCommand } from "./commands/delete.ts";
import { compareCommand } from "./commands/compare.ts";
import { createReportCommand, vacuumCommand } from "./commands/database_tools.ts";
import { helpCommand, showHelp } from "./commands/help.ts";
import { findCommand, listCommand, listFilesetsCommand } from "./commands/list.ts";
import { listFileVersionsCommand, listFolderContentsCommand, searchCommand } from "./commands/query.ts";
import { listBrokenFilesCommand, purgeBrokenFilesCommand, purgeCommand } from "./commands/purge.ts";
import { repairCommand } from "./commands/repair.ts";
import { restoreCommand } from "./commands/restore.ts";
import { testCommand } from "./commands/test.ts";
import { systemInfoCommand, testFiltersCommand } from "./commands/tools.ts";
import { EXIT } from "./exit_codes.ts";
import { CommandLineError } from "./session.ts";

export function cliCommands(): readonly Command[] {
  return [
    backupCommand,
    restoreCommand,
    listCommand,
    findCommand,
    listFilesetsCommand,
    deleteCommand,
    compactCommand,
    repairCommand,
    purgeCommand,
    listBrokenFilesCommand,
    purgeBrokenFilesCommand,
    compareCommand,
    listFolderContentsCommand,
    listFileVersionsCommand,
    searchCommand,
    testCommand,
    affectedCommand,
    testFiltersCommand,
    vacuumCommand,
    createReportCommand,
    systemInfoCommand,
    helpCommand(cliCommands),
  ];
}

export async function runCli(argv: readonly string[], io: CommandIo): Promise<number> {
  let args: ParsedArgs;
  try {
    args = parseArgs(argv);
  } catch (error) {
    io.err(errorMessage(error));
    return EXIT.badCommandLine;
  }
  const commands = cliCommands();
  if (args.helpRequested) return showHelp(args, io, commands);
  const name = args.positionals[0]!.toLowerCase();
  const command = commands.find((c) => c.name === name || c.aliases?.includes(name));
  if (!command) {
    io.err(`Unknown command "${args.positionals[0]}". Run "help" to see the commands.`);
    return EXIT.badCommandLine;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    const debug = args.options.has("debug-output");
    io.err("");
    if (io.signal.aborted) {
      io.err("Stopped before finishing. Everything uploaded so far is kept; the next run continues from there.");
      return command.name === "backup" ? EXIT.partial : EXIT.fatal;
    }
    if (error instanceof CommandLineError) {
      io.err(error.message);
      return EXIT.badCommandLine;
    }
    if (error instanceof DuplicatiError) io.err(`ErrorID: ${error.code}`);
    io.err(debug && error instanceof Error ? (error.stack ?? error.message) : errorMessage(error));
    return EXIT.fatal;
  }
}
