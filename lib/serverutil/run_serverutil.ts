/**
 * `serverutil`: Duplicati ServerUtil's commands against a running server (§5): parse the line, resolve the server
 * URL, data folder and settings file, run the command, map errors to exit codes (1 unexpected, 2 user-facing) and
 * print the `--json` object.
 * @module
 */
import { join, resolve } from "node:path";
import { errorMessage, UserInputError } from "../core/errors.ts";
import { resolveDataFolder } from "../data_folder/data_folder.ts";
import { type OptionDef, type ParsedLine, parseLine } from "./args.ts";
import type { CommandContext, ServerUtilCommand, ServerUtilIo } from "./command.ts";
import { findCommand } from "./commands/mod.ts";
import { connect, type ConnectionSettings } from "./connect.ts";
import { GLOBAL_OPTIONS } from "./global_options.ts";
import { commandHelp, generalHelp } from "./help_text.ts";
import { CommandOutput } from "./output.ts";
import { DEFAULT_HOST_URL, parseHostUrl } from "./host_url.ts";

export type { ServerUtilIo } from "./command.ts";

function optionMap(command: string | undefined): ReadonlyMap<string, OptionDef> {
  const found = command === undefined ? undefined : findCommand(command);
  return new Map([...GLOBAL_OPTIONS, ...(found?.options ?? [])].map((option) => [option.name, option]));
}

function hostOs(): "linux" | "darwin" | "windows" {
  return Deno.build.os === "windows" ? "windows" : Deno.build.os === "darwin" ? "darwin" : "linux";
}

/** Server URL, data folder and settings file from the parsed line and the environment. */
function connectionSettings(line: ParsedLine, io: ServerUtilIo): ConnectionSettings {
  const hostUrl = parseHostUrl(line.values.get("hosturl") ?? DEFAULT_HOST_URL);
  if (hostUrl.startsWith("https:") && (line.flags.get("insecure") || line.values.get("host-cert"))) {
    throw new UserInputError(
      "Cannot turn off TLS certificate checks (--insecure, --host-cert): trust the server's certificate instead " +
        "by setting DENO_CERT to its PEM file",
    );
  }
  const serverDataFolder = line.values.get("server-datafolder");
  const portableMode = line.flags.get("portable-mode");
  const dataFolder = resolveDataFolder({
    ...(serverDataFolder === undefined ? {} : { serverDataFolder }),
    ...(portableMode === undefined ? {} : { portableMode }),
    env: io.env,
    os: hostOs(),
    executableDir: io.executableDir,
    probeFile: "Duplicati-server.sqlite",
    cwd: io.cwd,
  });
  const settingsFile = line.values.get("settings-file");
  const key = line.values.get("settings-encryption-key") ?? io.env["SETTINGS_ENCRYPTION_KEY"];
  return {
    hostUrl,
    password: line.values.get("password"),
    settingsFile: settingsFile === undefined ? join(dataFolder, "settings.json") : resolve(io.cwd, settingsFile),
    settingsKey: key === undefined || key === "" ? undefined : key,
    dataFolder,
    readSecret: io.readSecret,
    ...(io.fetch ? { fetch: io.fetch } : {}),
  };
}

function checkArgumentCount(command: ServerUtilCommand, count: number): void {
  if (count < command.minArgs) {
    throw new UserInputError(
      `Cannot run "${command.name}": missing argument; usage: serverutil ${command.name} ${command.usage}`.trimEnd(),
    );
  }
  if (count > command.maxArgs) {
    throw new UserInputError(
      `Cannot run "${command.name}": too many arguments; usage: serverutil ${command.name} ${command.usage}`.trimEnd(),
    );
  }
}

/** Runs serverutil with `args` (without the subcommand name); returns the exit code. */
export async function runServerUtil(args: readonly string[], io: ServerUtilIo): Promise<number> {
  let line: ParsedLine | undefined;
  let parseError: unknown;
  try {
    line = parseLine(args, optionMap);
  } catch (error) {
    parseError = error;
  }
  // A line that does not parse still reports its error in the form asked for, as far as that can be seen.
  const json = line?.flags.get("json") ?? args.some((arg) => /^--json(=(true|1|yes|on))?$/i.test(arg));
  const output = new CommandOutput(io, { json });
  let exitCode: number;
  try {
    if (line === undefined) throw parseError;
    const wantsHelp = line.flags.get("help") || line.flags.get("h") || line.flags.get("?");
    if (line.command === undefined || line.command.toLowerCase() === "help") {
      const topic = line.command === undefined ? undefined : line.positionals[0];
      const command = topic === undefined ? undefined : findCommand(topic);
      if (topic !== undefined && command === undefined) throw new UserInputError(`Unknown command "${topic}"`);
      io.out(command === undefined ? generalHelp() : commandHelp(command));
      return 0;
    }
    const command = findCommand(line.command);
    if (command === undefined) {
      throw new UserInputError(`Unknown command "${line.command}"; run "serverutil help" for the list of commands`);
    }
    output.command = command.name;
    if (wantsHelp) {
      io.out(commandHelp(command));
      return 0;
    }
    checkArgumentCount(command, line.positionals.length);
    const settings = connectionSettings(line, io);
    const context: CommandContext = {
      args: line.positionals,
      options: { value: (name) => line.values.get(name), flag: (name) => line.flags.get(name) },
      output,
      io,
      settings,
      connect: (env) => connect(settings, { output, rememberMe: env?.rememberMe ?? false }),
    };
    exitCode = await command.run(context);
  } catch (error) {
    output.success = false;
    if (error instanceof UserInputError) {
      output.exception(errorMessage(error));
      exitCode = 2;
    } else {
      output.exception(error instanceof Error && error.stack ? error.stack : errorMessage(error));
      exitCode = 1;
    }
  }
  output.finish(exitCode);
  return exitCode;
}
