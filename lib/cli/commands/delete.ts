/**
 * `delete <storage-URL>`: removes versions chosen by --version, --keep-versions, --keep-time or
 * --retention-policy, then compacts unless --no-auto-compact. `compact <storage-URL>` reclaims unused space.
 * @module
 */
import { compact } from "../../operations/compact/compact.ts";
import { applyRetention } from "../../operations/delete/apply_retention.ts";
import { DRY_RUN } from "../../options/common_options.ts";
import type { ParsedArgs } from "../args.ts";
import type { Command, CommandIo } from "../command.ts";
import { EXIT } from "../exit_codes.ts";
import { formatLocalTime } from "../output.ts";
import { autoCompact, compactThresholds, hasRetention, printCompact, retentionInput } from "../retention_args.ts";
import { commandLine, CommandLineError } from "../session.ts";
import { openWriteSession } from "../write_session.ts";

export const deleteCommand: Command = {
  name: "delete",
  usage: "delete <storage-URL> --version=<list> | --keep-versions=<n> | --keep-time=<span> | " +
    "--retention-policy=<policy> [<options>]",
  summary: "Deletes backup versions (then compacts unless --no-auto-compact); --dry-run shows what would go",
  run: runDelete,
};

export const compactCommand: Command = {
  name: "compact",
  usage: "compact <storage-URL> [--threshold=<percent>] [--small-file-size=<size>] [--small-file-max-count=<n>]",
  summary: "Reclaims remote space that no version uses by deleting and rewriting remote volumes",
  run: runCompact,
};

async function runDelete(args: ParsedArgs, io: CommandIo): Promise<number> {
  const [, urlText] = args.positionals;
  if (!urlText) throw new CommandLineError("Cannot delete versions: give the storage URL");
  const session = await openWriteSession(args, { io, urlText, action: "delete versions" });
  try {
    const { options } = session.basics;
    if (!hasRetention(options, true)) {
      throw new CommandLineError(
        "Cannot delete versions: say which with --version, --keep-versions, --keep-time or --retention-policy",
      );
    }
    const dryRun = options.get(DRY_RUN);
    const result = await applyRetention(session.context, {
      settings: session.settings,
      retention: commandLine(() => retentionInput(options, true)),
      dryRun,
      compact: autoCompact(options) ? compactThresholds(options, session.settings) : undefined,
    });
    session.progress.done();
    const { deleted } = result.delete;
    if (deleted.length === 0) io.out("No filesets matched the criteria.");
    else {
      io.out(dryRun ? "The following filesets would be deleted:" : "These filesets were deleted:");
      for (const d of deleted) io.out(`${d.version}: ${formatLocalTime(d.time)}`);
    }
    if (result.compact) printCompact(result.compact, io);
    return result.delete.warnings.length > 0 ? EXIT.warnings : EXIT.ok;
  } finally {
    await session.close();
  }
}

async function runCompact(args: ParsedArgs, io: CommandIo): Promise<number> {
  const [, urlText] = args.positionals;
  if (!urlText) throw new CommandLineError("Cannot compact: give the storage URL");
  const session = await openWriteSession(args, { io, urlText, action: "compact" });
  try {
    const { options } = session.basics;
    const result = await compact(session.context, {
      ...compactThresholds(options, session.settings),
      settings: session.settings,
      dryRun: options.get(DRY_RUN),
    });
    session.progress.done();
    printCompact(result, io);
    return EXIT.ok;
  } finally {
    await session.close();
  }
}
