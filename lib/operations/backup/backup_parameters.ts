/**
 * The fixed parameters of a backup (block size, hashes, encryption) are stored in the local database on the first
 * run; later runs must match them, and a wrong passphrase is refused before anything is written.
 * @module
 */
import { Buffer } from "node:buffer";
import { pbkdf2Sync, randomBytes, timingSafeEqual } from "node:crypto";
import { UserInputError, WrongPassphraseError } from "../../core/errors.ts";
import {
  CONFIG_BLOCK_HASH,
  CONFIG_BLOCKSIZE,
  CONFIG_ENCRYPTION,
  CONFIG_FILE_HASH,
  CONFIG_PASSPHRASE_CHECK,
  getConfig,
  setConfig,
} from "../../database/configuration.ts";
import type { Db } from "../../database/connection.ts";
import type { VolumeSettings } from "../context.ts";

const CHECK_ITERATIONS = 100_000;

function passphraseCheck(passphrase: string, salt: Buffer): string {
  return `${salt.toString("base64")}:${
    pbkdf2Sync(passphrase, salt, CHECK_ITERATIONS, 32, "sha256").toString("base64")
  }`;
}

/** Records the parameters on first use; otherwise verifies them. Call inside a transaction. */
export function establishParameters(db: Db, settings: VolumeSettings): void {
  const stored = getConfig(db, CONFIG_BLOCKSIZE);
  if (stored === undefined) {
    setConfig(db, CONFIG_BLOCKSIZE, String(settings.blocksize));
    setConfig(db, CONFIG_BLOCK_HASH, settings.blockHash);
    setConfig(db, CONFIG_FILE_HASH, settings.fileHash);
    setConfig(db, CONFIG_ENCRYPTION, settings.passphrase ? "aes" : "none");
    if (settings.passphrase) {
      setConfig(db, CONFIG_PASSPHRASE_CHECK, passphraseCheck(settings.passphrase, randomBytes(16)));
    }
    return;
  }
  verifyParameters(db, settings);
}

/** Throws when the settings disagree with what the backup was created with. */
export function verifyParameters(
  db: Db,
  settings: Pick<VolumeSettings, "blocksize" | "passphrase" | "blockHash" | "fileHash">,
): void {
  const blocksize = Number(getConfig(db, CONFIG_BLOCKSIZE));
  if (blocksize !== settings.blocksize) {
    throw new UserInputError(
      `Cannot change the block size of an existing backup from ${blocksize} to ${settings.blocksize}: ` +
        `remove --blocksize or set it to ${blocksize}`,
    );
  }
  for (
    const [key, value] of [[CONFIG_BLOCK_HASH, settings.blockHash], [CONFIG_FILE_HASH, settings.fileHash]] as const
  ) {
    const was = getConfig(db, key);
    if (was !== undefined && was !== value) {
      throw new UserInputError(`Cannot change --${key} of an existing backup from "${was}" to "${value}"`);
    }
  }
  const encryption = getConfig(db, CONFIG_ENCRYPTION);
  if (encryption === "aes" && !settings.passphrase) {
    throw new UserInputError("Cannot use this backup without a passphrase: it is encrypted (give --passphrase)");
  }
  if (encryption === "none" && settings.passphrase) {
    throw new UserInputError(
      "Cannot use a passphrase with this backup: it was made with --no-encryption (remove --passphrase)",
    );
  }
  const check = getConfig(db, CONFIG_PASSPHRASE_CHECK);
  if (check && settings.passphrase) {
    const [salt, expected] = check.split(":");
    const actual = passphraseCheck(settings.passphrase, Buffer.from(salt!, "base64")).split(":")[1]!;
    if (!timingSafeEqual(Buffer.from(actual), Buffer.from(expected!))) {
      throw new WrongPassphraseError("Cannot open the backup: the passphrase is wrong");
    }
  }
}

/** Stores a check value for a passphrase proven right (by decrypting the backup), when none is stored yet. */
export function rememberPassphrase(db: Db, passphrase: string | undefined): void {
  if (!passphrase || getConfig(db, CONFIG_PASSPHRASE_CHECK) !== undefined) return;
  setConfig(db, CONFIG_PASSPHRASE_CHECK, passphraseCheck(passphrase, randomBytes(16)));
}
