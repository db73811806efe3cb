/**
 * `help`, `help <command>`, `help <option>`, `help options`, `help returncodes`, `help filters`: text generated
 * from the command table and the option registry.
 * @module
 */
import { filterGroupNames } from "../../filters/filter_groups.ts";
import { formatOptionHelp, formatOptionList } from "../../options/help_text.ts";
import type { ParsedArgs } from "../args.ts";
import { cliRegistry } from "../cli_options.ts";
import type { Command, CommandIo } from "../command.ts";
import { EXIT, RETURN_CODES_HELP } from "../exit_codes.ts";

export const FILTER_HELP =
  `Filters: --include=<filter> and --exclude=<filter>, repeatable; the first matching rule decides.
  A filter is a path or a wildcard pattern: * matches any characters (including the folder separator),
  ? one character. Folders end with the separator, e.g. --exclude=/home/user/.cache/
  [regex]      a regular expression matched against the whole path, e.g. --exclude=[.*\\.tmp]
  {Group}      a built-in group: ${filterGroupNames().join(", ")}
  When no rule matches: excluded if every rule is an include, otherwise included.
  An excluded folder hides everything below it.`;

/** Builds the help command over the command table it documents. */
export function helpCommand(commands: () => readonly Command[]): Command {
  return {
    name: "help",
    usage: "help [<command> | <option> | options | filters | returncodes]",
    summary: "Shows help for a command, an option or a topic",
    run: (args: ParsedArgs, io: CommandIo) => Promise.resolve(showHelp(args, io, commands())),
  };
}

export function showHelp(args: ParsedArgs, io: CommandIo, commands: readonly Command[]): number {
  const topics = args.positionals.filter((p) =>
    !["help", "/help", "usage", "/usage", "/h", "-h"].includes(p.toLowerCase())
  );
  const topic = topics[0]?.toLowerCase();
  if (!topic) {
    io.out("Usage: duplicati-cli <command> <storage-URL> [<arguments>] [--<option>=<value> ...]");
    io.out("");
    io.out("Commands:");
    const width = Math.max(...commands.map((c) => c.name.length)) + 2;
    for (const c of commands) io.out(`  ${c.name.padEnd(width)}${c.summary}`);
    io.out("");
    io.out("Example:");
    io.out("  duplicati-cli backup file:///mnt/backup /home/me/documents --passphrase=secret");
    io.out("  duplicati-cli list file:///mnt/backup --passphrase=secret");
    io.out("  duplicati-cli restore file:///mnt/backup --restore-path=/tmp/restored --passphrase=secret");
    io.out("");
    io.out("More: help <command>, help options, help <option>, help filters, help returncodes");
    return EXIT.ok;
  }
  const command = commands.find((c) => c.name === topic || c.aliases?.includes(topic));
  if (command) {
    io.out(`Usage: duplicati-cli ${command.usage}`);
    io.out("");
    io.out(command.summary);
    return EXIT.ok;
  }
  if (topic === "returncodes" || topic === "return-codes") {
    io.out(RETURN_CODES_HELP);
    return EXIT.ok;
  }
  if (topic === "filter" || topic === "filters") {
    io.out(FILTER_HELP);
    return EXIT.ok;
  }
  if (topic === "options" || topic === "advanced") {
    io.out(formatOptionList(cliRegistry().all()));
    return EXIT.ok;
  }
  const spec = cliRegistry().lookup(topic.replace(/^--/, ""));
  if (spec) {
    io.out(formatOptionHelp(spec));
    return EXIT.ok;
  }
  io.err(`No help for "${topics[0]}": it is not a command, an option or a topic`);
  return EXIT.badCommandLine;
}
