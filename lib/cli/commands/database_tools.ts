/**
 * `vacuum <storage-URL>` (compact the local database file) and `create-report <storage-URL> [<output file>]`
 * (a sanitised copy of the local database for bug reports). Both need the local database and never contact the
 * destination.
 * @module
 */
import { isAbsolute, resolve } from "node:path";
import { UserInputError } from "../../core/errors.ts";
import { createReport } from "../../operations/query/create_report.ts";
import { vacuumDatabase } from "../../operations/query/vacuum_database.ts";
import type { ParsedArgs } from "../args.ts";
import type { Command, CommandIo } from "../command.ts";
import { EXIT } from "../exit_codes.ts";
import { type LocalDb, openLocalDb } from "../local_database.ts";
import { formatSize } from "../output.ts";
import { CommandLineError, openBasics, targetUrl } from "../session.ts";

/** `vacuum`: compacts the local database file. */
export const vacuumCommand: Command = {
  name: "vacuum",
  usage: "vacuum <storage-URL> [<options>]",
  summary: "Rebuilds the local database file to reclaim unused space; needs the local database",
  run: runVacuum,
};

/** `create-report`: a sanitised copy of the local database. */
export const createReportCommand: Command = {
  name: "create-report",
  usage: "create-report <storage-URL> [<output file>] [<options>]",
  summary: 'Writes a sanitised copy of the local database for a bug report (default file "report" in the current ' +
    "folder): paths are replaced by hashes, log messages and secrets removed",
  run: runCreateReport,
};

/** Runs `body` on the command's existing local database; no database is an error (exit 100). */
function withLocalDb(args: ParsedArgs, io: CommandIo, body: (local: LocalDb) => number): Promise<number> {
  const command = args.positionals[0];
  const basics = openBasics(args, io);
  try {
    const url = targetUrl(args.positionals[1], io);
    const local = openLocalDb(basics, url, "existing");
    if (!local) {
      throw new UserInputError(
        `Cannot run ${command}: there is no local database for this backup (give its path with --dbpath)`,
      );
    }
    try {
      return Promise.resolve(body(local));
    } finally {
      local.close(false);
    }
  } finally {
    basics.close();
  }
}

function runVacuum(args: ParsedArgs, io: CommandIo): Promise<number> {
  if (args.positionals.length !== 2) {
    throw new CommandLineError("Cannot vacuum: give the storage URL and nothing else");
  }
  return withLocalDb(args, io, (local) => {
    io.out(`Vacuuming local database ${local.path} ...`);
    const result = vacuumDatabase(local.db, local.path);
    io.out(`Size before vacuum: ${formatSize(result.sizeBefore)}`);
    io.out(`Size after vacuum: ${formatSize(result.sizeAfter)}`);
    return EXIT.ok;
  });
}

function runCreateReport(args: ParsedArgs, io: CommandIo): Promise<number> {
  const [, urlText, output = "report", ...extra] = args.positionals;
  if (!urlText || extra.length > 0) {
    throw new CommandLineError("Cannot create a report: give the storage URL and at most one output file");
  }
  const outputPath = isAbsolute(output) ? output : resolve(io.cwd, output);
  return withLocalDb(args, io, (local) => {
    const result = createReport(local.db, { outputPath });
    io.out(`Wrote a sanitised copy of the local database to ${result.outputPath} (${formatSize(result.size)})`);
    io.out(`${result.paths} paths were replaced by hashes; log messages and stored secrets were removed.`);
    io.out("Check the copy before you attach it to a public issue.");
    return EXIT.ok;
  });
}
