import { assertEquals } from "../support/assert.ts";
import { booleanOption, enumOption, passwordOption, sizeOption } from "../../lib/options/define.ts";
import { formatOptionHelp, formatOptionList } from "../../lib/options/help_text.ts";

const SIZE = sizeOption({
  name: "dblock-size",
  aliases: ["remote-volume-size"],
  summary: "Largest size of a data volume",
  default: "50mb",
  category: "core",
});
const POLICY = enumOption({
  name: "symlink-policy",
  summary: "How links are handled",
  values: ["Store", "Follow", "Ignore"],
  default: "Store",
  category: "backup",
});
const OLD = booleanOption({ name: "log-level", summary: "Old level", deprecated: "use --console-log-level" });

Deno.test("formatOptionHelp() shows type, summary, aliases and default", () => {
  assertEquals(
    formatOptionHelp(SIZE),
    [
      "  --dblock-size (Size): Largest size of a data volume",
      "    * aliases: --remote-volume-size",
      "    * default value: 50mb",
    ].join("\n"),
  );
});

Deno.test("formatOptionHelp() shows values and deprecation", () => {
  assertEquals(
    formatOptionHelp(POLICY),
    "  --symlink-policy (Enumeration): How links are handled\n    * values: Store, Follow, Ignore\n    * default value: Store",
  );
  assertEquals(
    formatOptionHelp(OLD),
    "  --log-level (Boolean): Old level\n    [DEPRECATED]: use --console-log-level\n    * default value: false",
  );
  assertEquals(
    formatOptionHelp(passwordOption({ name: "passphrase", summary: "Secret" })),
    "  --passphrase (Password): Secret",
  );
});

Deno.test("formatOptionHelp() wraps long summaries", () => {
  const spec = booleanOption({ name: "x", summary: "word ".repeat(30).trim() });
  const lines = formatOptionHelp(spec, { width: 40, indent: "" }).split("\n");
  assertEquals(lines.every((line) => line.length <= 40), true);
  assertEquals(lines[1]?.startsWith("  word"), true);
});

Deno.test("formatOptionList() groups by category and sorts by name", () => {
  const text = formatOptionList([POLICY, OLD, SIZE]);
  const headings = text.split("\n").filter((line) => line.endsWith("options:"));
  assertEquals(headings, ["Backup options:", "Core options:", "Other options:"]);
  assertEquals(text.indexOf("--symlink-policy") < text.indexOf("--dblock-size"), true);
  assertEquals(text.indexOf("--dblock-size") < text.indexOf("--log-level"), true);
});
