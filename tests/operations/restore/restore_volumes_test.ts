import type { Backend } from "../../../lib/backends/backend.ts";
import { FileBackend } from "../../../lib/backends/file/file_backend.ts";
import { MemoryBackend } from "../../../lib/backends/memory/memory_backend.ts";
import { withRetry } from "../../../lib/backends/wrappers/retry.ts";
import { backup } from "../../../lib/operations/backup/backup.ts";
import { restore } from "../../../lib/operations/restore/restore.ts";
import { assert, assertEquals } from "../../support/assert.ts";
import {
  readTree,
  restoreEverythingInput,
  seededBytes,
  testContext,
  testSettings,
  writeTree,
} from "../../support/engine.ts";
import { withFaults } from "../../support/fault_backend.ts";

/** A source tree spread over several dblocks (64 KiB volumes in the test settings). */
function writeSource(src: string): void {
  const tree: Record<string, Uint8Array> = {};
  for (let i = 0; i < 12; i++) tree[`f${i}.bin`] = seededBytes(30_000 + i, i + 1);
  writeTree(src, tree);
}

/** A backend that counts downloads by kind and passes everything else (localPath too, when asked) through. */
function counting(inner: Backend, forwardLocalPath: boolean): Backend & { gets: string[] } {
  const gets: string[] = [];
  return {
    gets,
    properties: inner.properties,
    list: () => inner.list(),
    put: (name, source) => inner.put(name, source),
    get: (name, consume) => {
      gets.push(name.split(".")[1]!);
      return inner.get(name, consume);
    },
    delete: (name) => inner.delete(name),
    createFolder: () => inner.createFolder(),
    quota: () => inner.quota(),
    close: () => inner.close(),
    ...(forwardLocalPath && inner.localPath ? { localPath: (name: string) => inner.localPath!(name) } : {}),
  };
}

function restoreAll(
  ctx: Parameters<typeof restore>[0],
  out: string,
  tempDir: string,
  workers: number,
): ReturnType<typeof restore> {
  return restore(ctx, restoreEverythingInput(out, "test-passphrase", { tempDir, workers }));
}

for (const workers of [0, 2]) {
  Deno.test(`restore volumes (${workers} workers): downloads go to --tempdir and are gone afterwards`, async () => {
    const dir = Deno.makeTempDirSync();
    try {
      writeSource(`${dir}/src`);
      const backend = counting(new MemoryBackend(), true);
      const ctx = testContext(backend, `${dir}/db.sqlite`);
      await backup(ctx, { sources: [`${dir}/src`], settings: testSettings(dir) });
      Deno.mkdirSync(`${dir}/tmp`);
      backend.gets.length = 0;
      const result = await restoreAll(ctx, `${dir}/out`, `${dir}/tmp`, workers);
      assertEquals(result.errors, []);
      assertEquals(readTree(`${dir}/out`), readTree(`${dir}/src`));
      assert(backend.gets.filter((kind) => kind === "dblock").length >= 4, `downloads: ${backend.gets}`);
      assertEquals([...Deno.readDirSync(`${dir}/tmp`)].map((e) => e.name), []);
      ctx.close();
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  });
}

Deno.test("restore volumes: failed downloads fail only their files and leave no temp file", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    writeSource(`${dir}/src`);
    const memory = new MemoryBackend();
    const ctx = testContext(memory, `${dir}/db.sqlite`);
    await backup(ctx, { sources: [`${dir}/src`], settings: testSettings(dir) });
    ctx.close();
    // The second dblock download breaks off halfway; the third fails outright.
    const faulty = withFaults(memory, [
      { method: "get", name: /dblock/, on: 2, fault: { kind: "truncate" } },
      { method: "get", name: /dblock/, on: 3, fault: { kind: "throw", error: new Error("connection reset") } },
    ]);
    const broken = testContext(faulty, `${dir}/db.sqlite`);
    Deno.mkdirSync(`${dir}/tmp`);
    const result = await restoreAll(broken, `${dir}/out`, `${dir}/tmp`, 1);
    broken.close();
    assertEquals(faulty.faultsApplied, 2);
    assert(result.errors.some((e) => e.includes("connection reset")), result.errors.join("\n"));
    assert(result.errors.length > 0 && result.errors.length < 12, `errors: ${result.errors.join("\n")}`);
    const restored = readTree(`${dir}/out`);
    const source = readTree(`${dir}/src`);
    for (const [path, content] of restored) assertEquals(content, source.get(path), path);
    assertEquals(restored.size + result.errors.length, 12);
    assertEquals([...Deno.readDirSync(`${dir}/tmp`)].map((e) => e.name), []);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("restore volumes: the file backend's volumes are read in place, not downloaded", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    writeSource(`${dir}/src`);
    Deno.mkdirSync(`${dir}/remote`);
    const backend = counting(
      withRetry(new FileBackend(`${dir}/remote`), {
        attempts: 1,
        delayMs: () => 0,
        signal: new AbortController().signal,
      }),
      true,
    );
    const ctx = testContext(backend, `${dir}/db.sqlite`);
    await backup(ctx, { sources: [`${dir}/src`], settings: testSettings(dir) });
    Deno.mkdirSync(`${dir}/tmp`);
    backend.gets.length = 0;
    const result = await restoreAll(ctx, `${dir}/out`, `${dir}/tmp`, 2);
    assertEquals(result.errors, []);
    assertEquals(readTree(`${dir}/out`), readTree(`${dir}/src`));
    assertEquals(backend.gets.filter((kind) => kind === "dblock"), []);
    assertEquals([...Deno.readDirSync(`${dir}/tmp`)].map((e) => e.name), []);
    ctx.close();
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
