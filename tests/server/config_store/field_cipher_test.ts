import { IntegrityError } from "../../../lib/core/errors.ts";
import {
  createFieldCipher,
  ENCRYPTED_PREFIX,
  isEncryptedValue,
} from "../../../lib/server/config_store/field_cipher.ts";
import { deriveServerKey } from "../../../lib/server/config_store/server_key.ts";
import { assert, assertEquals, assertMatch, assertNotEquals, assertThrows } from "../../support/assert.ts";

const KEY = new Uint8Array(32).map((_, i) => 200 - i);

Deno.test("encrypt() gives a prefixed base64 text that decrypt() reverses, different every time", () => {
  const cipher = createFieldCipher(KEY);
  for (const plain of ["", "correct-horse-battery-staple", "ünïcødé ✓ 🔑", "x".repeat(10_000)]) {
    const sealed = cipher.encrypt(plain);
    assertMatch(sealed, /^enc:v1:[A-Za-z0-9+/]+=*$/);
    assert(isEncryptedValue(sealed));
    assert(!sealed.includes(plain) || plain === "");
    assertEquals(cipher.decrypt(sealed), plain);
    assertEquals(createFieldCipher(KEY).decrypt(sealed), plain);
    assertNotEquals(cipher.encrypt(plain), sealed);
  }
  // 12-byte IV + 16-byte tag around the ciphertext.
  const sealed = cipher.encrypt("abc");
  assertEquals(atob(sealed.slice(ENCRYPTED_PREFIX.length)).length, 12 + 3 + 16);
});

Deno.test("decrypt() returns a value without the prefix unchanged", () => {
  assertEquals(createFieldCipher(KEY).decrypt("plain text"), "plain text");
  assert(!isEncryptedValue("plain text"));
});

Deno.test("decrypt() refuses another key's value and a tampered or truncated value with IntegrityError", () => {
  const sealed = createFieldCipher(KEY).encrypt("secret");
  assertThrows(() => createFieldCipher(new Uint8Array(32)).decrypt(sealed), IntegrityError, "wrong key or damaged");
  const bytes = Uint8Array.from(atob(sealed.slice(ENCRYPTED_PREFIX.length)), (c) => c.charCodeAt(0));
  bytes[14]! ^= 1;
  const tampered = ENCRYPTED_PREFIX + btoa(String.fromCharCode(...bytes));
  assertThrows(() => createFieldCipher(KEY).decrypt(tampered), IntegrityError, "wrong key or damaged");
  assertThrows(() => createFieldCipher(KEY).decrypt(`${ENCRYPTED_PREFIX}AAAA`), IntegrityError, "too short");
});

Deno.test("createFieldCipher() needs a 32-byte key", () => {
  assertThrows(() => createFieldCipher(new Uint8Array(16)), RangeError, "16 bytes");
});

Deno.test("deriveServerKey() is PBKDF2-SHA256 over the salt", () => {
  // RFC 7914 section 11 test vector: PBKDF2-HMAC-SHA256("passwd", "salt", 1, 64); we take the first 32 bytes.
  const key = deriveServerKey("passwd", { salt: new TextEncoder().encode("salt"), iterations: 1 });
  const hex = [...key].map((b) => b.toString(16).padStart(2, "0")).join("");
  assertEquals(hex, "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc");
});
