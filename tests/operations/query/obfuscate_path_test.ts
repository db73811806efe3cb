import { obfuscatePath } from "../../../lib/operations/query/obfuscate_path.ts";
import { assertEquals, assertMatch, assertNotEquals } from "../../support/assert.ts";

const KEY = new Uint8Array(32).fill(7);
const H = "[0-9a-f]{16}";

Deno.test("obfuscatePath() hashes every name and keeps separators and the last extension", () => {
  assertMatch(obfuscatePath("/home/me/photo.jpg", KEY), new RegExp(`^/${H}/${H}/${H}\\.jpg$`));
  assertMatch(obfuscatePath("/home/me/docs/", KEY), new RegExp(`^/${H}/${H}/${H}/$`));
  assertMatch(obfuscatePath("C:\\Users\\me\\a.txt", KEY), new RegExp(`^${H}\\\\${H}\\\\${H}\\\\${H}\\.txt$`));
  assertEquals(obfuscatePath("/", KEY), "/");
});

Deno.test("obfuscatePath() maps a name the same way everywhere under one key, and differently under another", () => {
  const a = obfuscatePath("/home/me/a.txt", KEY).split("/");
  const b = obfuscatePath("/home/you/me", KEY).split("/");
  assertEquals(a[1], b[1]);
  assertEquals(a[2], b[3]);
  assertNotEquals(obfuscatePath("/home/a.txt", KEY), obfuscatePath("/home/b.txt", KEY));
  assertNotEquals(obfuscatePath("/home/a.txt", KEY), obfuscatePath("/home/a.txt", new Uint8Array(32)));
});

Deno.test("obfuscatePath() hashes a dot-file whole and keeps no odd extensions", () => {
  assertMatch(obfuscatePath("/home/.bashrc", KEY), new RegExp(`^/${H}/${H}$`));
  assertMatch(obfuscatePath("/home/x.this-is-not-short", KEY), new RegExp(`^/${H}/${H}$`));
  assertMatch(obfuscatePath("/home/v1.2/x", KEY), new RegExp(`^/${H}/${H}/${H}$`));
});
