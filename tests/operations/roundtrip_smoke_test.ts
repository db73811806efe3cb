import { MemoryBackend } from "../../lib/backends/memory/memory_backend.ts";
import { backup } from "../../lib/operations/backup/backup.ts";
import { restore } from "../../lib/operations/restore/restore.ts";
import { assertEquals } from "../support/assert.ts";
import {
  readTree,
  restoreEverythingInput,
  seededBytes,
  testContext,
  testSettings,
  writeTree,
} from "../support/engine.ts";

for (const useWorkers of [false, true]) {
  Deno.test(`backup() then restore() round-trips a tree (workers: ${useWorkers})`, async () => {
    const dir = Deno.makeTempDirSync();
    try {
      const src = `${dir}/src`;
      writeTree(src, {
        "empty.txt": "",
        "a.txt": "hello world\n",
        "sub/one-block.bin": seededBytes(1024, 1),
        "sub/big.bin": seededBytes(1024 * 70 + 3, 2),
        "sub/deeper/x.txt": "x".repeat(5000),
        "emptydir/": "",
      });
      Deno.symlinkSync("a.txt", `${src}/link`);
      const backend = new MemoryBackend();
      const ctx = testContext(backend, `${dir}/db.sqlite`);
      const settings = testSettings(dir, { useWorkers });
      const result = await backup(ctx, { sources: [src], settings });
      assertEquals(result.addedFiles, 5);
      const second = await backup(ctx, { sources: [src], settings });
      assertEquals(second.openedFiles, 0);
      const out = `${dir}/out`;
      const r = await restore(ctx, restoreEverythingInput(out, settings.passphrase, { downloads: 2 }));
      assertEquals(r.errors, []);
      assertEquals(readTree(out), readTree(src));
      ctx.close();
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  });
}
