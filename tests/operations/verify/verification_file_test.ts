import { createHash } from "node:crypto";
import { fromUtf8, UTF8_BOM } from "../../../lib/core/bytes.ts";
import { createVolume, setVolumeState } from "../../../lib/database/remote_volumes.ts";
import { listRemote } from "../../../lib/operations/common/remote_listing.ts";
import { testBackup } from "../../../lib/operations/verify/test_backup.ts";
import {
  encodeVerificationFile,
  uploadVerificationFile,
  verificationFileName,
} from "../../../lib/operations/verify/verification_file.ts";
import { verifyAfterBackup } from "../../../lib/operations/verify/verify_after_backup.ts";
import { parseRemoteName } from "../../../lib/volumes/remote_name.ts";
import { assertEquals } from "../../support/assert.ts";
import { runPython, SKIP_PYTHON } from "../../support/python.ts";
import { withBackup } from "./verify_fixture.ts";

const KEYS = ["ID", "Name", "Hash", "Size", "Type", "State", "DeleteGracePeriod", "ArchiveTime", "LockExpirationTime"];
const EPOCH = "1970-01-01T00:00:00Z";

Deno.test("verificationFileName() is <prefix>-verification.json, which is not a volume name", () => {
  assertEquals(verificationFileName("duplicati"), "duplicati-verification.json");
  assertEquals(parseRemoteName("duplicati-verification.json"), undefined);
});

Deno.test("encodeVerificationFile() writes Duplicati's JSON: BOM, compact array, its keys in order", async () => {
  await withBackup({}, (f) => {
    const db = f.context.db;
    createVolume(db, { name: "duplicati-b99.dblock.zip.aes", type: "dblock", state: "Temporary" });
    const gone = createVolume(db, { name: "duplicati-i98.dindex.zip.aes", type: "dindex", state: "Deleted" });
    const bytes = encodeVerificationFile(db);
    assertEquals([...bytes.subarray(0, 3)], [...UTF8_BOM]);
    const text = fromUtf8(bytes);
    assertEquals(text.includes(" ") || text.includes("\n"), false);
    const items = JSON.parse(text) as Record<string, unknown>[];
    const rows = f.rows().filter((r) => r.state !== "Temporary");
    assertEquals(items.length, rows.length);
    for (const item of items) assertEquals(Object.keys(item), KEYS);
    // Rows in id order; the backup records its dlist first (type 1), then dblocks (0) and dindexes (2).
    const [first] = f.rows();
    const typeCode = { dblock: 0, dlist: 1, dindex: 2 }[first!.type];
    assertEquals(
      text.slice(0, text.indexOf("}") + 2),
      `[{"ID":${first!.id},"Name":"${first!.name}","Hash":"${first!.hash}","Size":${first!.size},"Type":${typeCode},` +
        `"State":2,"DeleteGracePeriod":"${EPOCH}","ArchiveTime":"${EPOCH}","LockExpirationTime":"${EPOCH}"},`,
    );
    const types = Object.fromEntries(items.map((i) => [i.Name, i.Type]));
    for (const row of f.rows("dlist")) assertEquals(types[row.name], 1);
    for (const row of f.rows("dindex").filter((r) => r.id !== gone)) assertEquals(types[row.name], 2);
    assertEquals(items.find((i) => i.ID === gone), {
      ID: gone,
      Name: "duplicati-i98.dindex.zip.aes",
      Hash: null,
      Size: -1,
      Type: 2,
      State: 5,
      DeleteGracePeriod: EPOCH,
      ArchiveTime: EPOCH,
      LockExpirationTime: EPOCH,
    });
    for (const item of items.filter((i) => i.State !== 5)) {
      const remote = f.backend.files.get(item.Name as string)!;
      assertEquals(item.Size, remote.length);
      assertEquals(item.Hash, createHash("sha256").update(remote).digest("base64"));
    }
    setVolumeState(db, gone, { state: "Deleting" });
    assertEquals((JSON.parse(fromUtf8(encodeVerificationFile(db))) as { State: number }[]).at(-1)!.State, 4);
  });
});

Deno.test("uploadVerificationFile() uploads it unencrypted; listings and tests do not count it", async () => {
  await withBackup({}, async (f) => {
    const name = await uploadVerificationFile(f.context, { prefix: "duplicati" });
    assertEquals(name, "duplicati-verification.json");
    assertEquals(f.backend.files.get(name), encodeVerificationFile(f.context.db));
    assertEquals((await listRemote(f.context, "duplicati")).has(name), false);
    const result = await testBackup(f.context, { prefix: "duplicati", passphrase: "verify secret", samples: "all" });
    assertEquals(result.extraFiles, []);
    assertEquals(result.examined, f.backend.files.size - 1);
  });
});

Deno.test({
  name: "the verification file checks out with an independent reader (Python json + hashlib)",
  ignore: SKIP_PYTHON,
  fn: async () => {
    await withBackup({}, async (f) => {
      const folder = `${f.dir}/dest`;
      Deno.mkdirSync(folder);
      await uploadVerificationFile(f.context, { prefix: "duplicati" });
      for (const [name, bytes] of f.backend.files) Deno.writeFileSync(`${folder}/${name}`, bytes);
      const script = [
        "import sys, os, json, base64, hashlib, codecs",
        "folder = sys.argv[1]",
        "doc = json.load(codecs.open(os.path.join(folder, 'duplicati-verification.json'), 'r', 'utf-8-sig'))",
        "bad = [e['Name'] for e in doc if base64.b64encode(hashlib.sha256(",
        "  open(os.path.join(folder, e['Name']), 'rb').read()).digest()).decode() != e['Hash']]",
        "print(len(doc), len(bad))",
      ].join("\n");
      const out = new TextDecoder().decode(await runPython(script, { args: [folder] })).trim();
      assertEquals(out, `${f.backend.files.size - 1} 0`);
    });
  },
});

Deno.test("verifyAfterBackup() uploads the verification file and tests the due samples", async () => {
  await withBackup({}, async (f) => {
    const input = {
      prefix: "duplicati",
      passphrase: "verify secret",
      samples: 0,
      percentage: 0,
      fullVerification: "True" as const,
      uploadVerificationFile: false,
    };
    assertEquals(await verifyAfterBackup(f.context, input), {});
    assertEquals(f.backend.files.has("duplicati-verification.json"), false);
    assertEquals([...f.testState().values()].every((s) => s.verifiedAt === 0), true);
    const result = await verifyAfterBackup(f.context, { ...input, samples: 1, uploadVerificationFile: true });
    assertEquals(result.verificationFile, "duplicati-verification.json");
    assertEquals(f.backend.files.has("duplicati-verification.json"), true);
    assertEquals(result.test?.examined, 3);
    assertEquals(result.test?.errors, []);
    // 100% of the most numerous type: every volume.
    const all = await verifyAfterBackup(f.context, { ...input, percentage: 100 });
    assertEquals(all.test?.examined, f.rows().length);
  });
});
