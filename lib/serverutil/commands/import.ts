/**
 * `import <file> [passphrase]`: adds a backup from an export file (POST backups/import with `direct: true`).
 * @module
 */
import { resolve } from "node:path";
import { errorMessage, UserInputError } from "../../core/errors.ts";
import type { ServerUtilCommand } from "../command.ts";

/** True when the bytes are an AES Crypt file (they start with "AES"). */
export function isAesCrypt(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0x41 && bytes[1] === 0x45 && bytes[2] === 0x53;
}

export const importCommand: ServerUtilCommand = {
  name: "import",
  summary: "Imports a backup configuration from an export file",
  usage: "<file> [passphrase] [--import-metadata] [--backup-passphrase=<text>] [--backup-url=<url>]",
  argumentHelp: [
    "file        The export file (JSON, or encrypted .json.aes)",
    "passphrase  The passphrase of an encrypted file (asked for when absent)",
  ],
  options: [
    { name: "import-metadata", kind: "flag", description: "Keep the statistics (last run, sizes) from the file" },
    {
      name: "backup-passphrase",
      kind: "value",
      placeholder: "text",
      description: "Sets the backup's encryption passphrase (for files exported without passwords)",
    },
    { name: "backup-url", kind: "value", placeholder: "url", description: "Replaces the backup's storage URL" },
  ],
  minArgs: 1,
  maxArgs: 2,
  async run({ args, options, output, connect, io }) {
    const file = resolve(io.cwd, args[0]!);
    let bytes: Uint8Array;
    try {
      bytes = Deno.readFileSync(file);
    } catch (error) {
      throw new UserInputError(`Cannot read import file "${file}": ${errorMessage(error)}`);
    }
    output.message(`Importing backup configuration from ${file}`);
    let passphrase = args[1];
    if (isAesCrypt(bytes)) {
      if (!passphrase) {
        if (output.json) throw new UserInputError("Cannot import: the file is encrypted and no passphrase was given");
        passphrase = await io.readSecret?.("The file is encrypted. Please provide the encryption password: ");
      }
      if (!passphrase) throw new UserInputError("Cannot import: the file is encrypted and no passphrase was given");
    }
    const replaceSettings: Record<string, string> = {};
    const backupPassphrase = options.value("backup-passphrase");
    if (backupPassphrase) replaceSettings["settings.passphrase"] = backupPassphrase;
    const backupUrl = options.value("backup-url");
    if (backupUrl) replaceSettings["targeturl"] = backupUrl;
    const client = await connect();
    const id = await client.importBackup({
      config: bytes,
      passphrase: isAesCrypt(bytes) ? passphrase : undefined,
      importMetadata: options.flag("import-metadata") ?? false,
      replaceSettings,
    });
    const backup = (await client.getBackup(id)).Backup;
    output.message(`Imported "${backup.Name}" with ID ${backup.ID}`);
    output.set("Imported", { Id: backup.ID, Name: backup.Name });
    output.success = true;
    return 0;
  },
};
