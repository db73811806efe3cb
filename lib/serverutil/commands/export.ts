/**
 * `export <backups...|all>`: writes each backup's configuration in Duplicati's export format to
 * `<destination>/<ID>-<name>.json.aes` (encrypted with a passphrase) or `.json` with `--unencrypted`.
 * @module
 */
import { join, resolve } from "node:path";
import { errorMessage, UserInputError } from "../../core/errors.ts";
import type { BackupDto } from "../../server/api_types.ts";
import type { ServerUtilCommand } from "../command.ts";

/** The backups a list of IDs or name parts selects ("all" selects every one), as Duplicati's ServerUtil matches. */
function selectBackups(backups: readonly BackupDto[], wanted: readonly string[]): BackupDto[] {
  if (wanted.some((word) => word.toLowerCase() === "all")) return [...backups];
  const parts = wanted.map((word) => word.toLowerCase());
  return backups.filter((backup) =>
    wanted.includes(backup.ID) || parts.some((part) => backup.Name.toLowerCase().includes(part))
  );
}

/** A file-name-safe form of a backup name. */
function safeName(name: string): string {
  const cleaned = [...name].map((c) => c.charCodeAt(0) < 32 || '\\/:*?"<>|'.includes(c) ? "_" : c).join("").trim();
  return cleaned === "" ? "backup" : cleaned;
}

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

export const exportCommand: ServerUtilCommand = {
  name: "export",
  summary: "Exports backup configurations to files",
  usage: "<backup...|all> [--encryption-passphrase=<text>] [--export-passwords] [--unencrypted] [--overwrite] " +
    "[--destination=<folder>]",
  argumentHelp: ['backup  IDs or parts of names of the backups to export; "all" exports every backup'],
  options: [
    {
      name: "encryption-passphrase",
      kind: "value",
      placeholder: "text",
      description: "Passphrase that encrypts the exported files (asked for when absent)",
    },
    {
      name: "export-passwords",
      kind: "flag",
      description: "Include passwords and credentials (default: yes when encrypted, no when unencrypted)",
    },
    { name: "unencrypted", kind: "flag", description: "Write plain JSON files without a passphrase" },
    { name: "overwrite", kind: "flag", description: "Replace existing files" },
    {
      name: "destination",
      kind: "value",
      placeholder: "folder",
      description: "Folder for the files (default: the current folder; created if missing)",
    },
  ],
  minArgs: 1,
  maxArgs: Infinity,
  async run({ args, options, output, connect, io }) {
    const destination = resolve(io.cwd, options.value("destination") ?? ".");
    const unencrypted = options.flag("unencrypted") ?? false;
    let passphrase = options.value("encryption-passphrase");
    let exportPasswords = options.flag("export-passwords");
    if (unencrypted) {
      if (passphrase) throw new UserInputError("Cannot export: --unencrypted cannot be used with a passphrase");
      if (exportPasswords === undefined) {
        output.message("The --export-passwords flag is not set, sensitive values will not be included in the files");
        exportPasswords = false;
      } else if (exportPasswords) {
        output.message("Warning: exporting unencrypted configurations with passwords and credentials included");
      }
    } else {
      if (!passphrase) {
        if (output.json) throw new UserInputError("Cannot export: no --encryption-passphrase given in --json mode");
        passphrase = await io.readSecret?.("Please provide a passphrase to encrypt the backup configuration: ");
      }
      if (!passphrase) {
        throw new UserInputError("Cannot export: no passphrase given; use --unencrypted to export without one");
      }
      exportPasswords ??= true;
    }
    if (!exists(destination)) {
      output.message(`Creating destination folder ${destination}`);
      try {
        Deno.mkdirSync(destination, { recursive: true });
      } catch (error) {
        throw new UserInputError(`Cannot create destination folder "${destination}": ${errorMessage(error)}`);
      }
    }
    const client = await connect();
    const selected = selectBackups((await client.listBackups()).map((row) => row.Backup), args);
    if (selected.length === 0) throw new UserInputError(`No backups found matching: ${args.join(", ")}`);
    output.message(`Exporting ${selected.length} backup${selected.length === 1 ? "" : "s"} to ${destination}`);
    const exported: { Id: string; Name: string; File: string }[] = [];
    for (const backup of selected) {
      const file = join(destination, `${backup.ID}-${safeName(backup.Name)}.json${unencrypted ? "" : ".aes"}`);
      if (exists(file) && !(options.flag("overwrite") ?? false)) {
        output.message(`Skipping existing file ${file}, use --overwrite to replace it`);
        continue;
      }
      const bytes = await client.exportBackup(backup.ID, {
        passphrase: unencrypted ? undefined : passphrase,
        exportPasswords,
      });
      Deno.writeFileSync(file, bytes, { mode: 0o600 });
      exported.push({ Id: backup.ID, Name: backup.Name, File: file });
      output.message(`- Exported to ${file}`);
    }
    output.set("ExportedBackups", exported);
    output.success = true;
    return 0;
  },
};
