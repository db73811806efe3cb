/**
 * serverutil's help: the command list with global options, and one command's usage, arguments and options.
 * @module
 */
import type { OptionDef } from "./args.ts";
import type { ServerUtilCommand } from "./command.ts";
import { COMMANDS } from "./commands/mod.ts";
import { GLOBAL_OPTIONS } from "./global_options.ts";

function optionLines(options: readonly OptionDef[]): string[] {
  const shown = options.filter((option) => option.name.length > 1);
  const labels = shown.map((option) =>
    option.kind === "flag" ? `--${option.name}` : `--${option.name}=<${option.placeholder ?? "value"}>`
  );
  const width = Math.max(0, ...labels.map((label) => label.length)) + 2;
  return shown.map((option, i) => `  ${labels[i]!.padEnd(width)}${option.description}`);
}

/** The program's help text. */
export function generalHelp(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length)) + 2;
  return [
    "Usage: serverutil <command> [arguments] [options]",
    "",
    "Controls a running server, as Duplicati's ServerUtil does. Options may be written --name=value or --name value.",
    "",
    "Commands:",
    ...COMMANDS.map((command) => `  ${command.name.padEnd(width)}${command.summary}`),
    "",
    "Global options:",
    ...optionLines(GLOBAL_OPTIONS),
    "",
    "Sign-in: a login stored for the server URL by `login` is used first; otherwise --password (or a prompt).",
    'Run "serverutil help <command>" for a command\'s arguments and options.',
    "",
    "Exit codes: 0 success, 1 unexpected error, 2 user-facing error (wrong password, unknown backup, ...);",
    "run --wait: 2 warnings, 3 errors, 4 fatal; health: 1 when the server is not healthy.",
  ].join("\n");
}

/** The help text of one command. */
export function commandHelp(command: ServerUtilCommand): string {
  const lines = [`Usage: serverutil ${command.name}${command.usage ? ` ${command.usage}` : ""}`, "", command.summary];
  if (command.argumentHelp?.length) lines.push("", "Arguments:", ...command.argumentHelp.map((line) => `  ${line}`));
  if (command.options.length > 0) lines.push("", "Options:", ...optionLines(command.options));
  lines.push("", 'Global options (--hosturl, --password, --json, ...): see "serverutil help".');
  return lines.join("\n");
}
