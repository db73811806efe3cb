/**
 * Whole-buffer AES Crypt v1/v2 decryption (spec §9.1). Nothing is returned before both HMACs are verified:
 * HMAC1 (over the encrypted session key) first, whose mismatch means a wrong passphrase, then HMAC2 over all
 * ciphertext, whose mismatch means damage. Pad byte values are ignored (other AES Crypt writers use random ones);
 * the plaintext is cut using the length byte. Speed figures for the cipher choice are in `cbc.ts`; end to end
 * (KDF + HMAC2 + CBC, 50 MiB, project machine kind) this runs at 460-570 MB/s.
 * @module
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { IntegrityError, WrongPassphraseError } from "../../core/errors.ts";
import { cbcKeyBlock, decryptCbc } from "./cbc.ts";
import { cannotDecrypt, parseHeader, TRAILER_LENGTH } from "./header.ts";
import { deriveKey } from "./key.ts";

export { isAesCrypt } from "./header.ts";

/** Options of {@link decryptAesCrypt}. */
export interface DecryptOptions {
  /** The remote file name, used in error messages. */
  readonly name?: string;
  /** Decrypt into `data` itself (the ciphertext is lost); saves a copy of the whole file. */
  readonly inPlace?: boolean;
}

const BLOCK = 16;

/**
 * Decrypts a whole AES Crypt file. The result may be a view that does not span its whole `ArrayBuffer` (the
 * padding is cut off without copying).
 * @throws WrongPassphraseError when HMAC1 does not match (wrong passphrase, or a damaged key block)
 * @throws IntegrityError for bad magic or version, truncation, a bad length byte or an HMAC2 mismatch
 */
export async function decryptAesCrypt(
  data: Uint8Array,
  passphrase: string,
  options: DecryptOptions = {},
): Promise<Uint8Array> {
  const name = options.name;
  const header = parseHeader(data, options);
  const headerKey = deriveKey(header.iv1, passphrase);
  const hmac1 = createHmac("sha256", headerKey).update(header.encryptedKeys).digest();
  if (!timingSafeEqual(hmac1, header.hmac1)) throw new WrongPassphraseError(cannotDecrypt(name, "wrong passphrase"));

  const bodyLength = data.length - header.bodyOffset - TRAILER_LENGTH;
  if (bodyLength < 0 || bodyLength % BLOCK !== 0) {
    throw new IntegrityError(cannotDecrypt(name, "the file is truncated or has trailing bytes"));
  }
  const cipher = data.subarray(header.bodyOffset, header.bodyOffset + bodyLength);
  const lastBlockLength = data[header.bodyOffset + bodyLength]!;
  const hmac2 = data.subarray(header.bodyOffset + bodyLength + 1);

  const keys = cbcKeyBlock("decrypt", headerKey, { iv: header.iv1, data: header.encryptedKeys });
  const sessionIv = keys.subarray(0, 16);
  const sessionKey = keys.subarray(16, 48);
  const computed = createHmac("sha256", sessionKey).update(cipher).digest();
  if (!timingSafeEqual(computed, hmac2)) {
    throw new IntegrityError(cannotDecrypt(name, "HMAC mismatch, the data is damaged or was tampered with"));
  }
  if (lastBlockLength >= BLOCK || (bodyLength === 0 && lastBlockLength !== 0)) {
    throw new IntegrityError(cannotDecrypt(name, `invalid last-block length ${lastBlockLength}`));
  }

  const plain = await decryptCbc(sessionKey, { iv: sessionIv, data: cipher, inPlace: options.inPlace ?? false });
  return plain.subarray(0, bodyLength - (BLOCK - lastBlockLength) % BLOCK);
}
