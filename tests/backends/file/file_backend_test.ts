import { join } from "node:path";
import { FileBackend, PARTIAL_FILE_PATTERN, STALE_PARTIAL_MS } from "../../../lib/backends/file/file_backend.ts";
import {
  getBytes,
  type UploadSource,
  uploadSourceFromBytes,
  uploadSourceFromFile,
} from "../../../lib/backends/backend.ts";
import { FolderMissingError, PermanentBackendError } from "../../../lib/core/errors.ts";
import { assert, assertEquals, assertMatch, assertRejects } from "../../support/assert.ts";
import { listAll, listNamesAndSizes, runBackendSuite, testBytes } from "../../support/backend_suite.ts";

runBackendSuite("file", async () => {
  const root = await Deno.makeTempDir({ prefix: "file_backend_suite_" });
  return {
    backend: new FileBackend(join(root, "nested", "destination")),
    cleanup: () => Deno.remove(root, { recursive: true }),
  };
});

async function withFolder(body: (folder: string) => Promise<void>): Promise<void> {
  const folder = await Deno.makeTempDir({ prefix: "file_backend_test_" });
  try {
    await body(folder);
  } finally {
    await Deno.remove(folder, { recursive: true });
  }
}

async function folderNames(folder: string): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(folder)) names.push(entry.name);
  return names.sort();
}

/** A source that sends `first`, then waits for `release()`, then fails or sends `rest`. */
function pausedSource(first: Uint8Array, rest: Uint8Array) {
  let release!: (fail: boolean) => void;
  const gate = new Promise<boolean>((resolve) => (release = resolve));
  let reachedGate!: () => void;
  const atGate = new Promise<void>((resolve) => (reachedGate = resolve));
  const source: UploadSource = {
    size: first.length + rest.length,
    open: () => {
      let step = 0;
      return new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (step++ === 0) return controller.enqueue(first);
          reachedGate();
          if (await gate) return controller.error(new Error("network dropped"));
          controller.enqueue(rest);
          controller.close();
        },
      });
    },
  };
  return { source, atGate, release };
}

Deno.test("FileBackend.put() never shows a partial file under the final name", async () => {
  await withFolder(async (folder) => {
    const backend = new FileBackend(folder);
    const { source, atGate, release } = pausedSource(testBytes(1000, 1), testBytes(1000, 2));
    const upload = backend.put("duplicati-b1.dblock.zip", source);
    await atGate;
    const during = await folderNames(folder);
    assertEquals(during.length, 1);
    assertMatch(during[0]!, /^duplicati-b1\.dblock\.zip\.partial-[a-z0-9]{12}$/);
    assertEquals(await listAll(backend), []);
    release(true);
    await assertRejects(() => upload, Error, "network dropped");
    assertEquals(await folderNames(folder), []);
  });
});

Deno.test("FileBackend.put() renames the finished file into place", async () => {
  await withFolder(async (folder) => {
    const backend = new FileBackend(folder);
    const { source, atGate, release } = pausedSource(testBytes(10, 1), testBytes(20, 2));
    const upload = backend.put("v.zip", source);
    await atGate;
    release(false);
    await upload;
    assertEquals(await folderNames(folder), ["v.zip"]);
    const bytes = await Deno.readFile(join(folder, "v.zip"));
    assertEquals(bytes, new Uint8Array([...testBytes(10, 1), ...testBytes(20, 2)]));
    if (Deno.build.os !== "windows") assertEquals((await Deno.stat(join(folder, "v.zip"))).mode! & 0o777, 0o600);
  });
});

Deno.test("FileBackend.list() skips leftover partial files and sub-folders", async () => {
  await withFolder(async (folder) => {
    await Deno.writeFile(join(folder, "a.zip"), testBytes(3));
    await Deno.writeFile(join(folder, "a.zip.partial-0123456789ab"), testBytes(5));
    await Deno.mkdir(join(folder, "sub"));
    await Deno.writeFile(join(folder, "sub", "inner.zip"), testBytes(5));
    const backend = new FileBackend(folder);
    assertEquals(await listNamesAndSizes(backend), [{ name: "a.zip", size: 3 }]);
    const [entry] = await listAll(backend);
    assert(entry?.lastModified instanceof Date);
    assert(PARTIAL_FILE_PATTERN.test("x.partial-0123456789ab"));
    assert(!PARTIAL_FILE_PATTERN.test("duplicati-20240101T000000Z.dlist.zip"));
  });
});

Deno.test("FileBackend.list() removes partial files a killed upload left over an hour ago, and keeps fresh ones", async () => {
  await withFolder(async (folder) => {
    const stale = join(folder, "b.zip.partial-0123456789ab");
    const fresh = join(folder, "c.zip.partial-abcdef012345");
    await Deno.writeFile(stale, testBytes(5));
    await Deno.writeFile(fresh, testBytes(5));
    const old = new Date(Date.now() - STALE_PARTIAL_MS - 60_000);
    await Deno.utime(stale, old, old);
    assertEquals(await listNamesAndSizes(new FileBackend(folder)), []);
    assertEquals([...Deno.readDirSync(folder)].map((e) => e.name), ["c.zip.partial-abcdef012345"]);
  });
});

Deno.test("FileBackend.put() into a missing folder throws FolderMissingError", async () => {
  await withFolder(async (folder) => {
    const backend = new FileBackend(join(folder, "missing"));
    await assertRejects(() => backend.put("x", uploadSourceFromBytes(testBytes(4))), FolderMissingError);
    await backend.createFolder();
    await backend.put("x", uploadSourceFromBytes(testBytes(4)));
    assertEquals(await getBytes(backend, "x"), testBytes(4));
  });
});

Deno.test("FileBackend.list() on a path that is a file throws PermanentBackendError", async () => {
  await withFolder(async (folder) => {
    await Deno.writeFile(join(folder, "plain"), testBytes(1));
    await assertRejects(() => listAll(new FileBackend(join(folder, "plain"))), PermanentBackendError);
  });
});

Deno.test("FileBackend with verifyLength false accepts a source of another length", async () => {
  await withFolder(async (folder) => {
    const backend = new FileBackend(folder, { verifyLength: false });
    await backend.put("x", { size: 999, open: () => uploadSourceFromBytes(testBytes(10)).open() });
    assertEquals(await listNamesAndSizes(backend), [{ name: "x", size: 10 }]);
  });
});

Deno.test("FileBackend.put() stops when its signal aborts and leaves no file", async () => {
  await withFolder(async (folder) => {
    const controller = new AbortController();
    const backend = new FileBackend(folder, { signal: controller.signal });
    const { source, atGate, release } = pausedSource(testBytes(100, 1), testBytes(100, 2));
    const upload = backend.put("x", source);
    await atGate;
    controller.abort();
    release(false);
    const error = await assertRejects(() => upload);
    assertEquals(error.name, "AbortError");
    assertEquals(await folderNames(folder), []);
  });
});

Deno.test("FileBackend.get() of a sub-folder name throws RemoteFileNotFoundError", async () => {
  await withFolder(async (folder) => {
    await Deno.mkdir(join(folder, "sub"));
    const backend = new FileBackend(folder);
    const error = await assertRejects(() => getBytes(backend, "sub"));
    assertEquals(error.name, "RemoteFileNotFoundError");
    await assertRejects(() => backend.delete("sub"), Error, "Cannot find remote file");
    assertEquals(await folderNames(folder), ["sub"]);
  });
});

Deno.test("FileBackend.quota() reports the file system's space", async () => {
  await withFolder(async (folder) => {
    const quota = await new FileBackend(folder).quota();
    assert(quota !== undefined);
    assert(quota.totalBytes > 0 && quota.freeBytes >= 0 && quota.freeBytes <= quota.totalBytes);
  });
});

Deno.test("FileBackend.put() of a staged file on the same file system links it; removing the staged name keeps it", async () => {
  await withFolder(async (folder) => {
    Deno.mkdirSync(`${folder}/dest`);
    const staged = `${folder}/staged.tmp`;
    Deno.writeFileSync(staged, testBytes(3000, 5));
    const backend = new FileBackend(`${folder}/dest`);
    await backend.put("vol", uploadSourceFromFile(staged));
    assertEquals(Deno.statSync(`${folder}/dest/vol`).nlink, 2);
    Deno.removeSync(staged);
    assertEquals(Deno.readFileSync(`${folder}/dest/vol`), testBytes(3000, 5));
    assertEquals(await folderNames(`${folder}/dest`), ["vol"]);
  });
});

Deno.test("FileBackend.get() into a buffer reads straight into that memory (byte stream, no chunk copies)", async () => {
  await withFolder(async (folder) => {
    const backend = new FileBackend(folder);
    await backend.put("vol", uploadSourceFromBytes(testBytes(3 * 1024 * 1024, 6)));
    const buffer = new ArrayBuffer(4 * 1024 * 1024);
    const got = await getBytes(backend, "vol", 3 * 1024 * 1024, buffer);
    assertEquals(got, testBytes(3 * 1024 * 1024, 6));
    // The BYOB reader took the buffer over (detached) and handed the same memory back.
    assertEquals(buffer.byteLength, 0);
    assertEquals(got.buffer.byteLength, 4 * 1024 * 1024);
  });
});

Deno.test("FileBackend.get() with a size hint reads into one buffer of that size, and copes with a wrong hint", async () => {
  await withFolder(async (folder) => {
    const backend = new FileBackend(folder);
    const size = 3 * 1024 * 1024 + 5;
    await backend.put("vol", uploadSourceFromBytes(testBytes(size, 7)));
    // Exact hint: the end is found with a small probe read, not by doubling the buffer.
    const exact = await getBytes(backend, "vol", size);
    assertEquals(exact, testBytes(size, 7));
    assertEquals(exact.buffer.byteLength, size);
    const into = await getBytes(backend, "vol", size, new ArrayBuffer(size));
    assertEquals([into.length, into.buffer.byteLength], [size, size]);
    // Too small: the buffer grows and every byte arrives; too large: the result is as long as the file.
    assertEquals(await getBytes(backend, "vol", 1000), testBytes(size, 7));
    assertEquals(await getBytes(backend, "vol", size - 1), testBytes(size, 7));
    const large = await getBytes(backend, "vol", size + 4096);
    assertEquals(large, testBytes(size, 7));
  });
});
