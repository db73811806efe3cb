/**
 * AES Crypt's header-key derivation (format spec §9.1): the key starts as IV1 followed by 16 zero bytes and is
 * replaced 8192 times by SHA-256(key ‖ passphrase as UTF-16LE without BOM).
 *
 * Speed: the loop runs on 32-bit words with a small SHA-256 of its own, because the message layout never changes
 * and the previous digest *is* the first eight message words. Measured on the project machine kind (Deno 2.9.6,
 * 28-character passphrase, warm): about 5.5 ms per key here against 15 ms for 8192 `node:crypto` `createHash`
 * calls and 19 ms for `crypto.hash`. Every volume (upload and download) derives one key, so this matters.
 * The tests check the result against `node:crypto` for many passphrase lengths and against an independent
 * Python implementation.
 * @module
 */
import { Buffer } from "node:buffer";

/** Number of SHA-256 rounds the AES Crypt format prescribes. */
export const KEY_HASH_ROUNDS = 8192;

// deno-fmt-ignore
const ROUND_CONSTANTS = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

// deno-fmt-ignore
const INITIAL_STATE = new Int32Array([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);

/**
 * The passphrase as .NET's `Encoding.Unicode` writes it: UTF-16LE, no BOM, lone surrogates replaced by U+FFFD.
 */
export function passphraseBytes(passphrase: string): Uint8Array {
  return new Uint8Array(Buffer.from(passphrase.toWellFormed(), "utf16le"));
}

/**
 * Derives the 32-byte header key K from IV1 (16 bytes) and the passphrase.
 * @throws RangeError when `iv` is not 16 bytes long
 */
export function deriveKey(iv: Uint8Array, passphrase: string): Uint8Array {
  if (iv.length !== 16) throw new RangeError(`Cannot derive an AES Crypt key: the IV has ${iv.length} bytes, not 16`);
  const password = passphraseBytes(passphrase);
  const message = paddedMessageWords(iv, password);
  const state = new Int32Array(8);
  const schedule = new Int32Array(64);
  for (let round = 0; round < KEY_HASH_ROUNDS; round++) {
    state.set(INITIAL_STATE);
    for (let offset = 0; offset < message.length; offset += 16) compress(state, message, offset, schedule);
    // The digest becomes the first 32 message bytes of the next round: same big-endian words.
    message.set(state);
  }
  const key = new Uint8Array(32);
  const view = new DataView(key.buffer);
  for (let i = 0; i < 8; i++) view.setInt32(i * 4, state[i]!);
  return key;
}

/** (IV1 ‖ 16 zeros ‖ password) with SHA-256 padding, as big-endian 32-bit words. */
function paddedMessageWords(iv: Uint8Array, password: Uint8Array): Int32Array {
  const length = 32 + password.length;
  const blocks = Math.ceil((length + 9) / 64);
  const bytes = new Uint8Array(blocks * 64);
  bytes.set(iv, 0);
  bytes.set(password, 32);
  bytes[length] = 0x80;
  const view = new DataView(bytes.buffer);
  const bits = length * 8;
  view.setUint32(bytes.length - 8, Math.floor(bits / 0x1_0000_0000));
  view.setUint32(bytes.length - 4, bits >>> 0);
  const words = new Int32Array(blocks * 16);
  for (let i = 0; i < words.length; i++) words[i] = view.getInt32(i * 4);
  return words;
}

/** One SHA-256 compression of the 16 words at `message[offset..]` into `state`. */
function compress(state: Int32Array, message: Int32Array, offset: number, w: Int32Array): void {
  for (let t = 0; t < 16; t++) w[t] = message[offset + t]!;
  for (let t = 16; t < 64; t++) {
    const x = w[t - 15]!;
    const y = w[t - 2]!;
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    w[t] = (w[t - 16]! + s0 + w[t - 7]! + s1) | 0;
  }
  let a = state[0]!, b = state[1]!, c = state[2]!, d = state[3]!;
  let e = state[4]!, f = state[5]!, g = state[6]!, h = state[7]!;
  for (let t = 0; t < 64; t++) {
    const sum1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const choose = (e & f) ^ (~e & g);
    const t1 = (h + sum1 + choose + ROUND_CONSTANTS[t]! + w[t]!) | 0;
    const sum0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const majority = (a & b) ^ (a & c) ^ (b & c);
    const t2 = (sum0 + majority) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = (state[0]! + a) | 0;
  state[1] = (state[1]! + b) | 0;
  state[2] = (state[2]! + c) | 0;
  state[3] = (state[3]! + d) | 0;
  state[4] = (state[4]! + e) | 0;
  state[5] = (state[5]! + f) | 0;
  state[6] = (state[6]! + g) | 0;
  state[7] = (state[7]! + h) | 0;
}
