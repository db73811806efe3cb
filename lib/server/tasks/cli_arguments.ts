/**
 * A configured backup as command-line arguments for our CLI, following Duplicati's server convention (surface spec
 * §3.8): global defaults first (BackupID -1 rows, names with "--"), then the backup's first-class settings (stored
 * without dashes), then its advanced overrides (stored with "--"), then what the server always injects (`--dbpath`,
 * `--backup-name`, `--backup-id=DB-<id>`), then the filters in their order. Later options win in the CLI's parser,
 * so that order is the precedence; a `dbpath` setting is never passed, so the database is always the backup's
 * DBPath (the one browsing reads). The same arguments drive the server's in-process runs and export-cmdline.
 * @module
 */
import type { BackupConfig, BackupSetting } from "../config_store/model.ts";
import { isSecretOptionName } from "../config_store/secret_names.ts";
import { expandSpecialFolder, specialFolders } from "../special_folders.ts";
import { stripTargetUrlSecrets } from "../url_secrets.ts";
import type { CommandLine } from "./backup_tasks_types.ts";

/**
 * The program name used in exported command lines, as Duplicati's. Our executable runs the CLI when it is installed
 * or linked under this name (lib/main_dispatch.ts); otherwise replace it with `<executable> cli`.
 */
export const CLI_PROGRAM = "duplicati-cli";

/** Option names (without dashes) that pick versions for deletion: left out when versions are deleted by number. */
export const RETENTION_OPTION_NAMES: ReadonlySet<string> = new Set(["keep-versions", "keep-time", "retention-policy"]);

/** How {@link backupArguments} builds the argument list. */
export interface ArgumentEnv {
  readonly globalOptions: readonly BackupSetting[];
  /** False: leave out secret options and the credentials of the storage URL (export without passwords). */
  readonly exportPasswords: boolean;
  /** Option names (without dashes, lower case) to leave out. */
  readonly omit?: ReadonlySet<string>;
  /**
   * Whether to pass the backup's filters (default true). Only `backup` should get them: Duplicati applies a
   * backup's filters to the backup alone, and for restore or repair they would restrict what is restored or rebuilt.
   */
  readonly filters?: boolean;
}

/** The storage URL, the sources (for backup) and the `--name=value` options of a backup. */
export interface BackupArguments {
  readonly url: string;
  readonly sources: readonly string[];
  readonly options: readonly string[];
}

/** The option name without leading dashes, lower-cased. */
export function bareOptionName(name: string): string {
  return name.replace(/^-+/, "").toLowerCase();
}

/** The scheme of a storage URL ("file" for a bare path). */
function urlScheme(url: string): string {
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(url);
  return match ? match[1]!.toLowerCase() : "file";
}

/** A setting applies when it has no filter or its filter names the URL's scheme (case-insensitive). */
function applies(setting: BackupSetting, scheme: string): boolean {
  const filter = setting.filter.trim().toLowerCase();
  return filter === "" || filter.split(/[,;]/).map((f) => f.trim()).includes(scheme);
}

/**
 * The settings as `--name=value` options, with Duplicati's special cases: an empty `encryption-module` means no
 * encryption (`--no-encryption=true`); `compression-module=zip` is our only container and is left out; an empty
 * passphrase is left out (so a missing passphrase fails instead of silently turning encryption off).
 */
function settingOptions(settings: readonly BackupSetting[], env: ArgumentEnv & { scheme: string }): string[] {
  const out: string[] = [];
  for (const setting of settings) {
    if (!applies(setting, env.scheme)) continue;
    const name = bareOptionName(setting.name);
    // The server always passes its own --dbpath (the backup's DBPath); a setting must not name another database.
    if (name === "" || name === "dbpath" || env.omit?.has(name)) continue;
    if (!env.exportPasswords && isSecretOptionName(name)) continue;
    if (name === "encryption-module" && setting.value.trim() === "") {
      out.push("--no-encryption=true");
      continue;
    }
    if (name === "compression-module" && setting.value.trim().toLowerCase() === "zip") continue;
    if (name === "passphrase" && setting.value === "") continue;
    out.push(`--${name}=${setting.value}`);
  }
  return out;
}

/** The backup's URL, sources and options in precedence order (see the module comment). */
export function backupArguments(backup: BackupConfig, env: ArgumentEnv): BackupArguments {
  const scheme = urlScheme(backup.targetUrl);
  const globals = env.globalOptions.filter((s) => s.name.startsWith("--"));
  const plain = backup.settings.filter((s) => !s.name.startsWith("--"));
  const advanced = backup.settings.filter((s) => s.name.startsWith("--"));
  const withScheme = { ...env, scheme };
  const options = [
    ...settingOptions(globals, withScheme),
    ...settingOptions(plain, withScheme),
    ...settingOptions(advanced, withScheme),
    `--dbpath=${backup.dbPath}`,
    `--backup-name=${backup.name}`,
    `--backup-id=DB-${backup.id}`,
    ...[...(env.filters === false ? [] : backup.filters)].sort((a, b) => a.order - b.order)
      .filter((f) => f.expression !== "")
      .map((f) => `--${f.include ? "include" : "exclude"}=${f.expression}`),
  ];
  const url = env.exportPasswords ? backup.targetUrl : stripTargetUrlSecrets(backup.targetUrl);
  return { url, sources: expandedSources(backup.sources), options };
}

/**
 * The non-blank sources with special-folder tokens expanded: sources are stored expanded, but a configuration saved
 * or imported before that may still hold `%HOME%/...`, which the CLI would take as a relative path. Throws
 * UserInputError for a token that names no folder on this machine.
 */
function expandedSources(sources: readonly string[]): string[] {
  const nonBlank = sources.filter((s) => s.trim() !== "");
  if (!nonBlank.some((s) => s.startsWith("%"))) return nonBlank;
  const folders = specialFolders();
  return nonBlank.map((source) => expandSpecialFolder(source, folders));
}

/** True when `text` can stand unquoted in a POSIX shell. */
function isPlainWord(text: string): boolean {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(text);
}

/**
 * Quotes one argument for a POSIX shell: double quotes (as Duplicati's export shows them) unless the text holds a
 * character that is special inside double quotes (`$`, backquote, `"`, `\`, `!`); then single quotes, with `'`
 * written as `'\''`.
 */
export function quotePosix(text: string): string {
  if (!/[$`"\\!]/.test(text)) return `"${text}"`;
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Quotes one argument for Windows (the MSVC rules Deno's own argument parser follows). */
export function quoteWindows(text: string): string {
  let out = '"';
  let slashes = 0;
  for (const char of text) {
    if (char === "\\") {
      slashes++;
      continue;
    }
    out += char === '"' ? "\\".repeat(slashes * 2 + 1) + '"' : "\\".repeat(slashes) + char;
    slashes = 0;
  }
  return out + "\\".repeat(slashes * 2) + '"';
}

/** `--name=value` with the value quoted, or the positional quoted. */
function quoteToken(token: string, quote: (text: string) => string): string {
  const option = /^(--[A-Za-z0-9][A-Za-z0-9-]*)=([\s\S]*)$/.exec(token);
  if (option) return `${option[1]}=${quote(option[2]!)}`;
  return token.startsWith("--") && isPlainWord(token) ? token : quote(token);
}

/**
 * The backup as a CLI invocation of `command` ("backup" by default): the URL and, for backup, the sources as
 * positionals, then the options. `os` chooses the quoting of {@link CommandLine.command} (default: this system).
 */
export function buildCommandLine(
  backup: BackupConfig,
  env: ArgumentEnv & { command?: string; os?: "windows" | "posix" },
): CommandLine {
  const command = env.command ?? "backup";
  const args = backupArguments(backup, { ...env, filters: command === "backup" });
  const positionals = command === "backup" ? [args.url, ...args.sources] : [args.url];
  const windows = (env.os ?? (Deno.build.os === "windows" ? "windows" : "posix")) === "windows";
  const quote = windows ? quoteWindows : quotePosix;
  const text = [
    CLI_PROGRAM,
    command,
    ...positionals.map((p) => quote(p)),
    ...args.options.map((o) => quoteToken(o, quote)),
  ]
    .join(" ");
  return { backend: args.url, arguments: positionals, options: args.options, command: text };
}
