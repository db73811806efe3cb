/**
 * CLI integration: what `backup` checks after storing a version: `--backup-test-samples` downloads sample volumes
 * (a damaged one turns the exit code into 3), `--backup-test-samples=0` skips the check, and
 * `--upload-verification-file` leaves Duplicati's `<prefix>-verification.json` at the destination.
 * @module
 */
import { assert, assertEquals, assertStringIncludes } from "../support/assert.ts";
import { withWorkspace } from "../support/cli_workspace.ts";
import { seededBytes, writeTree } from "../support/engine.ts";

const OPTS = ["--blocksize=1kb", "--dblock-size=32kb", "--passphrase=after backup"];

Deno.test("backup verifies sample volumes afterwards, reports damage with exit 3, and can upload the verification file", async () => {
  await withWorkspace(async (ws) => {
    writeTree(ws.src, { "a.bin": seededBytes(100_000, 1), "b.txt": "first" });
    const first = await ws.expect(0, ["backup", ws.destUrl, ws.src, ...OPTS, "--upload-verification-file"]);
    assert(!first.stdout.includes("verification found errors"), first.stdout);
    const json = JSON.parse(Deno.readTextFileSync(`${ws.dest}/duplicati-verification.json`).replace(/^\uFEFF/, ""));
    const listed = (json as { Name: string }[]).map((v) => v.Name).sort();
    assertEquals(listed, ws.remoteNames().filter((name) => !name.endsWith("-verification.json")));

    // Flip one bit in the middle of every dblock: sizes stay, so only downloading them finds it.
    for (const name of ws.remoteNames("dblock")) {
      const bytes = Deno.readFileSync(`${ws.dest}/${name}`);
      bytes[bytes.length >> 1]! ^= 0x10;
      Deno.writeFileSync(`${ws.dest}/${name}`, bytes);
    }
    writeTree(ws.src, { "b.txt": "second" });
    const skipped = await ws.expect(0, ["backup", ws.destUrl, ws.src, ...OPTS, "--backup-test-samples=0"]);
    assert(!skipped.stdout.includes("verification found errors"), skipped.stdout);

    writeTree(ws.src, { "b.txt": "third" });
    const checked = await ws.expect(3, ["backup", ws.destUrl, ws.src, ...OPTS, "--backup-test-samples=1000"]);
    assertStringIncludes(checked.stdout, "Remote backup verification found errors:");
    const damaged = ws.remoteNames("dblock").filter((name) => checked.stdout.includes(`${name}: `));
    assert(damaged.length > 0, checked.stdout);
    // The version itself was stored: the summary still ends the normal way.
    assertStringIncludes(checked.stdout, "Backup completed successfully!");
  });
});
