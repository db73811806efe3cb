/**
 * Block and file hashing (SHA-256 by default; the algorithm names are Duplicati's).
 * @module
 */
import { createHash, type Hash } from "node:crypto";
import { UserInputError } from "../core/errors.ts";

export const HASH_ALGORITHMS = ["MD5", "SHA1", "SHA256", "SHA384", "SHA512"] as const;
export type HashAlgorithm = typeof HASH_ALGORITHMS[number];

const NODE_NAMES: Record<HashAlgorithm, string> = {
  MD5: "md5",
  SHA1: "sha1",
  SHA256: "sha256",
  SHA384: "sha384",
  SHA512: "sha512",
};

export function hashSize(algorithm: HashAlgorithm): number {
  return { MD5: 16, SHA1: 20, SHA256: 32, SHA384: 48, SHA512: 64 }[algorithm];
}

export function createHasher(algorithm: string): Hash {
  const name = NODE_NAMES[algorithm as HashAlgorithm];
  if (!name) {
    throw new UserInputError(`Cannot use hash algorithm "${algorithm}": expected one of ${HASH_ALGORITHMS.join(", ")}`);
  }
  return createHash(name);
}

/** Raw digest of `data`. */
export function digest(algorithm: string, data: Uint8Array): Uint8Array {
  return new Uint8Array(createHasher(algorithm).update(data).digest());
}

/** Base64 digest, Duplicati's spelling of a hash. */
export function digestBase64(algorithm: string, data: Uint8Array): string {
  return createHasher(algorithm).update(data).digest("base64");
}

/** SHA-256 of the empty input, the hash Duplicati records for empty files. */
export const EMPTY_SHA256 = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
