/**
 * `test-filters <source path> ...` (walk the sources with the filters, as a backup would) and `system-info`.
 * Neither takes a storage URL.
 * @module
 */
import { tmpdir } from "node:os";
import { isAbsolute, resolve } from "node:path";
import { systemInfo } from "../../operations/query/system_info.ts";
import type { SourceExclusion } from "../../operations/backup/source_selection.ts";
import { testFilters } from "../../operations/query/test_filters.ts";
import { ALLOW_MISSING_SOURCE, SYMLINK_POLICY } from "../../options/backup_options.ts";
import { TEMPDIR } from "../../options/common_options.ts";
import { PRODUCT_NAME, PRODUCT_VERSION } from "../../version.ts";
import type { ParsedArgs } from "../args.ts";
import type { Command, CommandIo } from "../command.ts";
import { EXIT } from "../exit_codes.ts";
import { formatSize } from "../output.ts";
import { CommandLineError, openBasics } from "../session.ts";
import { sourceSelection } from "../source_selection_args.ts";

/** `test-filters` (`test-filter`): what a backup with these filters would examine. */
export const testFiltersCommand: Command = {
  name: "test-filters",
  aliases: ["test-filter"],
  usage: "test-filters <source path> [<source path> ...] [--include=<filter>] [--exclude=<filter>] [<options>]",
  summary: "Walks the source paths with the filters, --exclude-files-attributes and --skip-files-larger-than as " +
    "a backup would and prints how many files it takes; --console-log-level=Verbose shows each included file " +
    "and excluded path",
  run: runTestFilters,
};

/** `system-info` (`systeminfo`): program and machine facts. */
export const systemInfoCommand: Command = {
  name: "system-info",
  aliases: ["systeminfo"],
  usage: "system-info [<options>]",
  summary: "Prints the program version, operating system, runtime, folders, locale and machine facts",
  run: runSystemInfo,
};

function runTestFilters(args: ParsedArgs, io: CommandIo): Promise<number> {
  const sources = args.positionals.slice(1).map((s) => isAbsolute(s) ? s : resolve(io.cwd, s));
  if (sources.length === 0) throw new CommandLineError("Cannot test filters: give at least one source path");
  const basics = openBasics(args, io);
  try {
    const { options, log } = basics;
    const result = testFilters(sources, {
      selection: sourceSelection(basics),
      log,
      symlinkPolicy: options.get(SYMLINK_POLICY),
      allowMissingSource: options.get(ALLOW_MISSING_SOURCE),
      report: (event) => {
        if (event.kind === "included") {
          log.verbose("TestFilters", `Including file: ${event.path} (${formatSize(event.size)})`);
        } else {
          log.verbose("TestFilters", exclusionText(event.exclusion));
        }
      },
    });
    io.out(`Matched ${result.fileCount} files (${formatSize(result.fileSize)})`);
    return Promise.resolve(EXIT.ok);
  } finally {
    basics.close();
  }
}

/** The verbose line for a path left out (Duplicati's wording for the size case). */
function exclusionText(exclusion: SourceExclusion): string {
  switch (exclusion.reason) {
    case "filter": {
      const rule = exclusion.rule;
      const why = rule ? `${rule.include ? "--include" : "--exclude"}=${rule.expression}` : "no rule matched";
      return `Excluding path due to filter: ${exclusion.path} (${why})`;
    }
    case "attribute":
      return `Excluding path due to attribute filter: ${exclusion.path} (${exclusion.attributes.join(", ")})`;
    case "size":
      return `Excluding file due to size: ${exclusion.path} (${formatSize(exclusion.size)})`;
  }
}

function runSystemInfo(args: ParsedArgs, io: CommandIo): Promise<number> {
  if (args.positionals.length > 1) {
    throw new CommandLineError("Cannot show system info: the command takes no arguments");
  }
  const basics = openBasics(args, io);
  try {
    const info = systemInfo({
      product: `${PRODUCT_NAME} ${PRODUCT_VERSION}`,
      dataFolder: basics.dataFolder,
      tempFolder: basics.options.get(TEMPDIR) ?? tmpdir(),
    });
    io.out(`Version: ${info.product}`);
    io.out(`OS: ${info.os} ${info.osRelease}`);
    io.out(`Architecture: ${info.arch} (${info.target})`);
    io.out(`Deno: ${info.deno} (V8 ${info.v8}, TypeScript ${info.typescript})`);
    io.out(`Data folder: ${info.dataFolder}`);
    io.out(`Temp folder: ${info.tempFolder}`);
    io.out(`Locale: ${info.locale}`);
    io.out(`Time zone: ${info.timeZone}`);
    io.out(`Hostname: ${info.hostname}`);
    io.out(`Processors: ${info.cpuCount}`);
    return Promise.resolve(EXIT.ok);
  } finally {
    basics.close();
  }
}
