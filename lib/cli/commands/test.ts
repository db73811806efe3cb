/**
 * `test <storage-URL> [<samples>]` (alias `verify`): downloads sample sets of remote volumes and checks them
 * against the local database. Exit 0 when nothing is wrong, 3 when problems were found, 100 when nothing could be
 * examined (or on any failure, including a wrong passphrase or a missing local database).
 * @module
 */
import { testBackup } from "../../operations/verify/test_backup.ts";
import type { TestResult } from "../../operations/verify/test_result.ts";
import { DRY_RUN, FULL_RESULT } from "../../options/common_options.ts";
import { BACKUP_TEST_PERCENTAGE, FULL_REMOTE_VERIFICATION } from "../../options/verify_options.ts";
import type { ParsedArgs } from "../args.ts";
import type { Command, CommandIo } from "../command.ts";
import { EXIT } from "../exit_codes.ts";
import { CommandLineError } from "../session.ts";
import { openWriteSession } from "../write_session.ts";

export const testCommand: Command = {
  name: "test",
  aliases: ["verify"],
  usage: "test <storage-URL> [<samples> | all] [<options>]",
  summary: "Downloads sample sets of remote volumes (one dlist, one dindex and one dblock each; default 1, or all) " +
    "and checks them against the local database, least recently checked first",
  run: runTest,
};

/** Lines of problems shown per volume unless --full-result. */
const SHOWN_ERRORS = 10;

/** The samples positional: a positive whole number, or all/everything; absent means 1. */
export function parseSamples(text: string | undefined): number | "all" {
  if (text === undefined) return 1;
  if (/^(all|everything)$/i.test(text)) return "all";
  if (/^\d+$/.test(text) && Number(text) > 0 && Number.isSafeInteger(Number(text))) return Number(text);
  throw new CommandLineError(
    `Cannot test: "${text}" is not a number of samples (give a whole number of at least 1, or "all")`,
  );
}

async function runTest(args: ParsedArgs, io: CommandIo): Promise<number> {
  const [, urlText, samplesText, ...rest] = args.positionals;
  if (!urlText) throw new CommandLineError("Cannot test: give the storage URL");
  if (rest.length > 0) {
    throw new CommandLineError(
      `Cannot test: expected the storage URL and at most a number of samples, got ${
        args.positionals.length - 1
      } arguments`,
    );
  }
  const samples = parseSamples(samplesText);
  const session = await openWriteSession(args, { io, urlText, action: "test the backup" });
  try {
    const { options } = session.basics;
    const result = await testBackup(session.context, {
      prefix: session.settings.prefix,
      passphrase: session.settings.passphrase,
      samples,
      strategy: options.get(FULL_REMOTE_VERIFICATION),
      record: !options.get(DRY_RUN),
      ...(options.isSet(BACKUP_TEST_PERCENTAGE) ? { percentage: options.get(BACKUP_TEST_PERCENTAGE) } : {}),
    });
    session.progress.done();
    return printTestResult(result, { io, fullResult: options.get(FULL_RESULT) });
  } finally {
    await session.close();
  }
}

/** Duplicati's test output; returns the exit code. */
export function printTestResult(result: TestResult, env: { io: CommandIo; fullResult: boolean }): number {
  const { io } = env;
  if (result.examined === 0) {
    io.out("No files examined, is the remote destination empty?");
    return EXIT.fatal;
  }
  if (result.volumes.every((v) => v.errors.length === 0)) {
    io.out(`Examined ${result.examined} files and found no errors`);
    return EXIT.ok;
  }
  for (const volume of result.volumes) {
    const count = volume.errors.length;
    if (count === 0) {
      if (env.fullResult) io.out(`${volume.name}: No errors`);
      continue;
    }
    io.out(`${volume.name}: ${count} errors`);
    const shown = env.fullResult ? volume.errors : volume.errors.slice(0, SHOWN_ERRORS);
    for (const error of shown) io.out(`\t${error.kind}: ${error.detail}`);
    if (shown.length < count) io.out(`\t... and ${count - shown.length} more`);
    io.out("");
  }
  return EXIT.errors;
}
