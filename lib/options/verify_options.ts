/**
 * Options of remote verification: what `test` examines, how many samples `backup` tests afterwards, and the
 * plain verification file uploaded for external checkers.
 * @module
 */
import { booleanOption, decimalOption, enumOption, integerOption } from "./define.ts";
import type { OptionSpec } from "./option_spec.ts";

/** The canonical `--full-remote-verification` values (`IndexOnly` is read as `IndexesOnly`). */
export type FullRemoteVerification = "True" | "False" | "ListAndIndexes" | "IndexesOnly";

/** `--backup-test-samples`: sample sets (1 dlist + 1 dindex + 1 dblock) tested after each backup; 0 disables. */
export const BACKUP_TEST_SAMPLES: OptionSpec<number> = integerOption({
  name: "backup-test-samples",
  summary: "How many sample sets (one dlist, one dindex and one dblock each) are downloaded and checked after a " +
    "backup; 0 turns the check off unless --backup-test-percentage asks for more",
  default: 1,
  min: 0,
  category: "verify",
});

/** `--backup-test-percentage`: samples as a percentage of the volumes; the larger of both rules applies. */
export const BACKUP_TEST_PERCENTAGE: OptionSpec<number> = decimalOption({
  name: "backup-test-percentage",
  summary: "Percentage (0 to 100) of the remote volumes of each type checked after a backup; the larger of this " +
    "and --backup-test-samples applies",
  default: 0.1,
  min: 0,
  max: 100,
  category: "verify",
});

const FULL_REMOTE_VERIFICATION_SPEC = enumOption({
  name: "full-remote-verification",
  summary: "How deeply test checks the downloaded volumes: True compares every dlist, dindex and dblock with the " +
    "local database; ListAndIndexes does that for dlists and dindex files and only checks the dblocks' hashes; " +
    "IndexesOnly (or IndexOnly) checks only dindex files, all of them; False checks each file's hash and that it " +
    "decrypts and parses",
  values: ["True", "False", "ListAndIndexes", "IndexesOnly", "IndexOnly"] as const,
  default: "False",
  category: "verify",
});

/**
 * `--full-remote-verification`: True / ListAndIndexes / IndexesOnly (IndexOnly) / False. Absent means False, the
 * default Duplicati's help documents (its 2.3.0.4 accessor falls back to True instead); a bare
 * `--full-remote-verification` means True, as it does in Duplicati.
 */
export const FULL_REMOTE_VERIFICATION: OptionSpec<FullRemoteVerification> = {
  ...FULL_REMOTE_VERIFICATION_SPEC,
  default: "False",
  parse(raw: string | undefined): FullRemoteVerification {
    if (raw === undefined || raw.trim() === "") return "True";
    const value = FULL_REMOTE_VERIFICATION_SPEC.parse(raw);
    return value === "IndexOnly" ? "IndexesOnly" : value;
  },
  warning: () => undefined,
};

/** `--upload-verification-file`: upload `<prefix>-verification.json` with the name, size and SHA-256 of every file. */
export const UPLOAD_VERIFICATION_FILE: OptionSpec<boolean> = booleanOption({
  name: "upload-verification-file",
  summary: "After a backup, upload an unencrypted <prefix>-verification.json listing every remote file with its " +
    "size and SHA-256, so the destination can be checked without this program (DuplicatiVerify.py)",
  category: "verify",
});

/** The options declared in this file. */
export function verifyOptionSpecs(): OptionSpec<unknown>[] {
  return [
    BACKUP_TEST_SAMPLES,
    BACKUP_TEST_PERCENTAGE,
    FULL_REMOTE_VERIFICATION,
    UPLOAD_VERIFICATION_FILE,
  ] as OptionSpec<unknown>[];
}
