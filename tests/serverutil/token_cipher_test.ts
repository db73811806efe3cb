import { decryptToken, encryptToken, isEncryptedToken } from "../../lib/serverutil/token_cipher.ts";
import { fromBase64 } from "../../lib/core/bytes.ts";
import { assert, assertEquals } from "../support/assert.ts";

Deno.test("encryptToken() stores salt, IV and sealed text in base64; decryptToken() needs the same key", async () => {
  const sealed = await encryptToken("refresh-token-ü", "correct horse");
  assert(isEncryptedToken(sealed), sealed);
  assertEquals(fromBase64(sealed.slice("enc-v1:".length)).length, 16 + 12 + "refresh-token-ü".length + 1 + 16);
  assertEquals(await decryptToken(sealed, "correct horse"), "refresh-token-ü");
  assertEquals(await decryptToken(sealed, "wrong"), undefined);
  assertEquals(await decryptToken(`${sealed.slice(0, -6)}AAAA==`, "correct horse"), undefined);
  assertEquals(await decryptToken("enc-v1:!!", "correct horse"), undefined);
  assertEquals(await decryptToken("plain", "any"), "plain");
});
