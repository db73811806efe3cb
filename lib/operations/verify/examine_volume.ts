/**
 * Examines one downloaded volume: size and SHA-256 against what was uploaded, then (unless only the hash is
 * wanted) decryption, zip and manifest, then the content check of its type.
 *
 * A failed passphrase check (AES Crypt HMAC1) is not damage when the file is byte-identical to the upload: then
 * the passphrase is wrong, and the caller must stop. When the database has no hash to compare with, the caller
 * decides from the other volumes.
 * @module
 */
import { createHash } from "node:crypto";
import { type Backend, getBytes } from "../../backends/backend.ts";
import { errorMessage, RemoteFileNotFoundError, WrongPassphraseError } from "../../core/errors.ts";
import type { Db } from "../../database/connection.ts";
import type { VolumeRow } from "../../database/remote_volumes.ts";
import type { VolumeParameters } from "../../volumes/manifest.ts";
import { type OpenedVolume, openVolume } from "../../volumes/volume_reader.ts";
import { checkBlockVolume } from "./check_dblock.ts";
import { checkIndex } from "./check_dindex.ts";
import { checkFilelist } from "./check_dlist.ts";
import { isDamage } from "./entry_problem.ts";
import type { TestError } from "./test_result.ts";

/** "hash": size and hash only; "parse": also decrypt and parse; "full": also compare with the database. */
export type CheckDepth = "hash" | "parse" | "full";

/** A finished download: the bytes, or why there are none. Never a rejected promise. */
export type Download = { readonly bytes: Uint8Array } | { readonly error: unknown };

/** Downloads a volume; failures are returned, not thrown, so a prefetched download never rejects unobserved. */
export function downloadVolume(backend: Backend, row: VolumeRow): Promise<Download> {
  return getBytes(backend, row.name, row.size > 0 ? row.size : undefined).then(
    (bytes) => ({ bytes }),
    (error: unknown) => ({ error }),
  );
}

export interface ExamineEnv {
  readonly db: Db;
  readonly depth: CheckDepth;
  readonly passphrase: string | undefined;
  readonly parameters: VolumeParameters;
  /** Hashes per blocklist: floor(blocksize / hash size). */
  readonly hashesPerList: number;
}

export interface Examination {
  readonly errors: readonly TestError[];
  /** The volume decrypted and its manifest parsed: proof that the passphrase is right. */
  readonly opened: boolean;
  /**
   * Set when decryption failed its passphrase check on a file that is not known to be damaged: "certain" when the
   * file matches the recorded hash (the passphrase is wrong), "possible" when there was no hash to compare with.
   */
  readonly wrongPassphrase?: { readonly certainty: "certain" | "possible"; readonly error: WrongPassphraseError };
  /** Size and base64 SHA-256 of the downloaded copy. */
  readonly measured?: { readonly size: number; readonly hash: string };
}

/**
 * Examines the downloaded `row`; the download's bytes are decrypted in place (they are the volume's plaintext
 * afterwards). Throws for failures that are not damage (I/O errors, a missing passphrase).
 */
export async function examineVolume(row: VolumeRow, download: Download, env: ExamineEnv): Promise<Examination> {
  if ("error" in download) {
    if (download.error instanceof RemoteFileNotFoundError) {
      return { errors: [{ kind: "Missing", detail: `"${row.name}" is not at the destination` }], opened: false };
    }
    throw download.error;
  }
  const { bytes } = download;
  const measured = { size: bytes.length, hash: createHash("sha256").update(bytes).digest("base64") };
  const errors: TestError[] = [];
  if (row.size >= 0 && bytes.length !== row.size) {
    errors.push({ kind: "SizeMismatch", detail: `downloaded ${bytes.length} bytes, but ${row.size} were uploaded` });
  }
  if (row.hash !== null && measured.hash !== row.hash) {
    errors.push({ kind: "HashMismatch", detail: `SHA-256 is "${measured.hash}", but "${row.hash}" was uploaded` });
  }
  // Without a recorded hash only a full check can vouch for the file.
  const depth = row.hash === null ? "full" : env.depth;
  if (depth === "hash") return { errors, opened: false, measured };
  let volume: OpenedVolume;
  try {
    // Decrypted in place: the hash is taken, and the ciphertext is not needed again (one copy in memory, not two).
    volume = await openVolume(row.name, bytes, {
      passphrase: env.passphrase,
      expected: env.parameters,
      decryptInPlace: true,
    });
  } catch (error) {
    if (error instanceof WrongPassphraseError && errors.length === 0) {
      const certainty = row.hash !== null ? "certain" : "possible";
      return { errors: [unreadable(error)], opened: false, measured, wrongPassphrase: { certainty, error } };
    }
    if (!(error instanceof WrongPassphraseError) && !isDamage(error)) throw error;
    return { errors: [...errors, unreadable(error)], opened: false, measured };
  }
  errors.push(...checkContent(row, volume, { ...env, depth }));
  return { errors, opened: true, measured };
}

function checkContent(row: VolumeRow, volume: OpenedVolume, env: ExamineEnv): TestError[] {
  const full = env.depth === "full";
  switch (row.type) {
    case "dlist":
      return checkFilelist(env.db, volume, { volumeId: row.id, full });
    case "dindex":
      return checkIndex(env.db, volume, {
        volumeId: row.id,
        full,
        blockHash: env.parameters.blockHash,
        hashesPerList: env.hashesPerList,
      });
    case "dblock":
      return full ? checkBlockVolume(env.db, volume, { volumeId: row.id, blockHash: env.parameters.blockHash }) : [];
  }
}

function unreadable(error: unknown): TestError {
  return { kind: "Unreadable", detail: errorMessage(error) };
}
