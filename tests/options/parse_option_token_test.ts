import { assertEquals } from "../support/assert.ts";
import { parseOptionToken } from "../../lib/options/parse_option_token.ts";

Deno.test("parseOptionToken() splits at the first equals sign and lower-cases the name", () => {
  assertEquals(parseOptionToken("--Name=a=b"), { name: "name", value: "a=b" });
  assertEquals(parseOptionToken("--flag"), { name: "flag", value: undefined });
  assertEquals(parseOptionToken("--empty="), { name: "empty", value: "" });
});

Deno.test("parseOptionToken() strips surrounding double quotes from the value only", () => {
  assertEquals(parseOptionToken(`--passphrase="a b"`), { name: "passphrase", value: "a b" });
  assertEquals(parseOptionToken(`--x="`), { name: "x", value: `"` });
  assertEquals(parseOptionToken(`--x=""`), { name: "x", value: "" });
  assertEquals(parseOptionToken(`--x="a`), { name: "x", value: `"a` });
});

Deno.test("parseOptionToken() returns undefined for positionals", () => {
  assertEquals(parseOptionToken("backup"), undefined);
  assertEquals(parseOptionToken("-h"), undefined);
  assertEquals(parseOptionToken("--"), { name: "", value: undefined });
});
