/**
 * Random passphrases from the browser's cryptographic random source (crypto.getRandomValues), with rejection
 * sampling so every character is equally likely. The alphabet leaves out look-alike characters (0/O, 1/l/I), so a
 * passphrase written down on paper can be typed back.
 * @module
 */

/** Letters, digits and a few symbols without look-alikes: 66 characters, about 6 bits each. */
export const PASSPHRASE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!#%+-=?@_";

/** A random passphrase of `length` characters (24 by default: about 145 bits). */
export function generatePassphrase(length = 24, random: (bytes: Uint8Array) => void = fillRandom): string {
  const size = PASSPHRASE_ALPHABET.length;
  const limit = Math.floor(256 / size) * size;
  let out = "";
  const buffer = new Uint8Array(length * 2);
  while (out.length < length) {
    random(buffer);
    for (const byte of buffer) {
      if (byte >= limit) continue; // keeps the distribution uniform
      out += PASSPHRASE_ALPHABET[byte % size];
      if (out.length === length) break;
    }
  }
  return out;
}

function fillRandom(bytes: Uint8Array): void {
  crypto.getRandomValues(bytes);
}
