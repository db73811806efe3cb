/**
 * AES Crypt v2 files as Duplicati writes and reads them (format spec §9.1): streaming encryption, whole-buffer
 * decryption with typed errors, and the header-key derivation.
 * @module
 */
export { type AesCryptHeaderOptions, CREATED_BY, encodeExtensions } from "./header.ts";
export { deriveKey } from "./key.ts";
export { AesCryptEncryptor, encryptAesCrypt, encryptedSize, type EncryptOptions } from "./encrypt_stream.ts";
export { PIECE_SIZE } from "./cbc.ts";
export { decryptAesCrypt, type DecryptOptions, isAesCrypt } from "./decrypt.ts";
