import { FakeApiServer } from "../support/fake_api_server.ts";
import { assert, assertEquals, assertStringIncludes } from "../support/assert.ts";
import { runUtil } from "./serverutil_helpers.ts";

Deno.test("serverutil export writes encrypted files that import reads back with the passphrase", async () => {
  const fake = new FakeApiServer();
  const dataFolder = await Deno.makeTempDir({ prefix: "serverutil-" });
  const login = ["--hosturl", fake.url, "--password", "secret"];
  try {
    fake.addBackup("Docs: work/2024");
    fake.addBackup("Photos");
    const out = `${dataFolder}/exports`;
    const exported = await runUtil([
      "export",
      "docs",
      "--encryption-passphrase",
      "pw1",
      `--destination=${out}`,
      ...login,
    ], {
      dataFolder,
    });
    assertEquals(exported.code, 0, exported.text);
    const file = `${out}/1-Docs_ work_2024.json.aes`;
    assertStringIncludes(exported.text, `- Exported to ${file}`);
    const bytes = Deno.readFileSync(file);
    assertEquals(new TextDecoder().decode(bytes.subarray(0, 3)), "AES");
    if (Deno.build.os !== "windows") assertEquals(Deno.statSync(file).mode! & 0o777, 0o600);
    const exportCall = fake.requests.find((r) => r.path === "/api/v1/backup/1/export")!;
    assertEquals(exportCall.query, { passphrase: "pw1", "export-passwords": "true", token: "export-token" });

    const again = await runUtil(["export", "1", "--encryption-passphrase=pw1", `--destination=${out}`, ...login], {
      dataFolder,
    });
    assertStringIncludes(again.text, "Skipping existing file");

    const wrong = await runUtil(["import", file, "nope", ...login], { dataFolder });
    assertEquals(wrong.code, 2);
    assertStringIncludes(wrong.err.join("\n"), "Server error (400): Wrong passphrase");

    const imported = await runUtil(["import", file, "pw1", "--backup-url", "file:///elsewhere", ...login], {
      dataFolder,
    });
    assertEquals(imported.code, 0, imported.text);
    assertStringIncludes(imported.text, 'Imported "Docs: work/2024 (1)" with ID 3');
    const body = JSON.parse(fake.requests.findLast((r) => r.path === "/api/v1/backups/import")!.body);
    assertEquals(body.direct, true);
    assertEquals(body.import_metadata, false);
    assertEquals(body.passphrase, "pw1");
    assertEquals(body.replace_settings, { targeturl: "file:///elsewhere" });
    assertEquals(Uint8Array.from(atob(body.config), (c) => c.charCodeAt(0)), bytes);
    assertEquals(fake.backups.get("3")!.dto.TargetURL, "file:///elsewhere");
  } finally {
    await fake.close();
    await Deno.remove(dataFolder, { recursive: true });
  }
});

Deno.test("serverutil export --unencrypted all writes plain JSON without passwords; --json import needs a passphrase for .aes", async () => {
  const fake = new FakeApiServer();
  const dataFolder = await Deno.makeTempDir({ prefix: "serverutil-" });
  const login = ["--hosturl", fake.url, "--password", "secret"];
  try {
    fake.addBackup("A");
    fake.addBackup("B");
    const run = await runUtil(["export", "all", "--unencrypted", "--json", ...login], { dataFolder });
    assertEquals(run.code, 0, run.text);
    const result = JSON.parse(run.out.join("\n"));
    assertEquals(result.ExportedBackups.map((e: { File: string }) => e.File), [
      `${dataFolder}/1-A.json`,
      `${dataFolder}/2-B.json`,
    ]);
    assert(
      result.Messages.includes(
        "The --export-passwords flag is not set, sensitive values will not be included in the files",
      ),
    );
    const file = JSON.parse(Deno.readTextFileSync(`${dataFolder}/1-A.json`));
    assertEquals(file.Backup.Name, "A");
    assertEquals(fake.requests.find((r) => r.path === "/api/v1/backup/2/export")!.query["export-passwords"], "false");

    const noPass = await runUtil(["export", "A", "--json", ...login], { dataFolder });
    assertEquals(noPass.code, 2);
    assertStringIncludes(
      JSON.parse(noPass.out.join("\n")).Exceptions[0],
      "no --encryption-passphrase given in --json mode",
    );

    Deno.writeFileSync(`${dataFolder}/x.json.aes`, new TextEncoder().encode("AES{}"));
    const imp = await runUtil(["import", "x.json.aes", "--json", ...login], { dataFolder });
    assertEquals(imp.code, 2);
    assertStringIncludes(
      JSON.parse(imp.out.join("\n")).Exceptions[0],
      "the file is encrypted and no passphrase was given",
    );

    const plain = await runUtil(["import", "1-A.json", "--import-metadata", ...login], { dataFolder });
    assertEquals(plain.code, 0, plain.text);
    assertStringIncludes(plain.text, 'Imported "A (1)" with ID 3');
  } finally {
    await fake.close();
    await Deno.remove(dataFolder, { recursive: true });
  }
});
