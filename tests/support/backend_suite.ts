/**
 * The conformance suite every Backend implementation runs (restic's backend/test suite, kopia's VerifyStorage).
 *
 * `make()` must return a fresh backend whose destination folder does NOT exist yet, and a cleanup function. Most
 * cases call `createFolder()` first; the missing-folder case checks `list()` before it.
 *
 * ```ts
 * runBackendSuite("memory", () => Promise.resolve({ backend: new MemoryBackend(new Map(), { folderExists: false }), cleanup: async () => {} }));
 * ```
 * @module
 */
import {
  FolderMissingError,
  IntegrityError,
  PermanentBackendError,
  RemoteFileNotFoundError,
} from "../../lib/core/errors.ts";
import {
  type Backend,
  getBytes,
  readAll,
  type RemoteEntry,
  type UploadSource,
  uploadSourceFromBytes,
} from "../../lib/backends/backend.ts";
import { equalBytes } from "../../lib/core/bytes.ts";
import { assert, assertEquals, assertRejects } from "./assert.ts";
import { seededBytes } from "./seeded_bytes.ts";

/** A backend under test and how to remove what it created. */
export interface SuiteSubject {
  readonly backend: Backend;
  cleanup(): Promise<void>;
}

/** Deterministic pseudo-random bytes, so failures are reproducible. */
export const testBytes: (length: number, seed?: number) => Uint8Array = seededBytes;

/** Every entry of `list()`, sorted by name. */
export async function listAll(backend: Backend): Promise<RemoteEntry[]> {
  const entries: RemoteEntry[] = [];
  for await (const entry of backend.list()) entries.push(entry);
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Names and sizes only, sorted by name. */
export async function listNamesAndSizes(backend: Backend): Promise<{ name: string; size: number }[]> {
  return (await listAll(backend)).map(({ name, size }) => ({ name, size }));
}

/** A source whose stream yields `bytes` in pieces and then fails (or, with `fail: false`, ends early). */
export function brokenSource(bytes: Uint8Array, options: { size: number; fail: boolean }): UploadSource {
  return {
    size: options.size,
    open() {
      let step = 0;
      return new ReadableStream<Uint8Array>({
        pull(controller) {
          if (step === 0) controller.enqueue(bytes.slice(0, Math.floor(bytes.length / 2)));
          else if (step === 1) controller.enqueue(bytes.slice(Math.floor(bytes.length / 2)));
          else if (options.fail) controller.error(new Error("source broke"));
          else controller.close();
          step++;
        },
      });
    },
  };
}

const MIB = 1024 * 1024;

/** Registers the conformance cases for one implementation. */
export function runBackendSuite(name: string, make: () => Promise<SuiteSubject>): void {
  const test = (behaviour: string, body: (backend: Backend) => Promise<void>, createFolder = true) =>
    Deno.test(`${name} backend: ${behaviour}`, async () => {
      const subject = await make();
      try {
        if (createFolder) await subject.backend.createFolder();
        await body(subject.backend);
      } finally {
        await subject.backend.close();
        await subject.cleanup();
      }
    });

  for (const [label, size] of [["0 B", 0], ["1 B", 1], ["5 MiB", 5 * MIB + 7]] as const) {
    test(`put() then get() returns the exact bytes (${label})`, async (backend) => {
      const bytes = testBytes(size, size + 1);
      await backend.put("duplicati-b1.dblock.zip.aes", uploadSourceFromBytes(bytes));
      const back = await getBytes(backend, "duplicati-b1.dblock.zip.aes");
      assertEquals(back.length, size);
      assert(equalBytes(back, bytes), "downloaded bytes differ from the uploaded bytes");
      assertEquals(await listNamesAndSizes(backend), [{ name: "duplicati-b1.dblock.zip.aes", size }]);
    });
  }

  test("list() shows exactly the stored names and sizes", async (backend) => {
    assertEquals(await listAll(backend), []);
    await backend.put("b.dindex.zip", uploadSourceFromBytes(testBytes(10)));
    await backend.put("a.dlist.zip", uploadSourceFromBytes(testBytes(3)));
    await backend.put("c.dblock.zip", uploadSourceFromBytes(new Uint8Array(0)));
    assertEquals(await listNamesAndSizes(backend), [
      { name: "a.dlist.zip", size: 3 },
      { name: "b.dindex.zip", size: 10 },
      { name: "c.dblock.zip", size: 0 },
    ]);
  });

  test("put() replaces an existing file", async (backend) => {
    await backend.put("f", uploadSourceFromBytes(testBytes(100, 1)));
    await backend.put("f", uploadSourceFromBytes(testBytes(40, 2)));
    assertEquals(await getBytes(backend, "f"), testBytes(40, 2));
    assertEquals(await listNamesAndSizes(backend), [{ name: "f", size: 40 }]);
  });

  test("delete() removes only the named file", async (backend) => {
    await backend.put("keep", uploadSourceFromBytes(testBytes(5)));
    await backend.put("drop", uploadSourceFromBytes(testBytes(6)));
    await backend.delete("drop");
    assertEquals(await listNamesAndSizes(backend), [{ name: "keep", size: 5 }]);
    await assertRejects(() => getBytes(backend, "drop"), RemoteFileNotFoundError);
  });

  test("get() and delete() of a missing file throw RemoteFileNotFoundError", async (backend) => {
    const error = await assertRejects(() => getBytes(backend, "missing.zip"), RemoteFileNotFoundError);
    assertEquals(error.remoteName, "missing.zip");
    await assertRejects(() => backend.delete("missing.zip"), RemoteFileNotFoundError);
    let consumed = false;
    await assertRejects(
      () => backend.get("missing.zip", () => Promise.resolve(consumed = true)),
      RemoteFileNotFoundError,
    );
    assertEquals(consumed, false);
  });

  test("list() on a missing folder throws FolderMissingError until createFolder()", async (backend) => {
    await assertRejects(() => listAll(backend), FolderMissingError);
    await backend.createFolder();
    assertEquals(await listAll(backend), []);
    await backend.createFolder();
    await backend.put("x", uploadSourceFromBytes(testBytes(2)));
    assertEquals(await listNamesAndSizes(backend), [{ name: "x", size: 2 }]);
  }, false);

  test("get() can run consume again after a failed consume", async (backend) => {
    const bytes = testBytes(3 * MIB, 9);
    await backend.put("v", uploadSourceFromBytes(bytes));
    await assertRejects(
      () =>
        backend.get("v", async (body) => {
          const reader = body.getReader();
          await reader.read();
          throw new Error("consumer gave up");
        }),
      Error,
      "consumer gave up",
    );
    const partial = await backend.get("v", async (body) => (await body.getReader().read()).value?.length ?? 0);
    assert(partial > 0 && partial <= bytes.length);
    assertEquals(await getBytes(backend, "v"), bytes);
    await backend.delete("v");
    assertEquals(await listAll(backend), []);
  });

  test("names with non-ASCII characters round-trip", async (backend) => {
    const names = ["Ünïcödé-ﬁle.zip", "日本語.dlist.zip", "emoji-😀.bin", "space name.zip"];
    for (const [index, fileName] of names.entries()) {
      await backend.put(fileName, uploadSourceFromBytes(testBytes(index + 1, index + 1)));
    }
    assertEquals((await listAll(backend)).map((e) => e.name).sort(), [...names].sort());
    for (const [index, fileName] of names.entries()) {
      assertEquals(await getBytes(backend, fileName), testBytes(index + 1, index + 1));
    }
  });

  test("names that are not plain file names are refused", async (backend) => {
    for (const bad of ["", ".", "..", "../escape", "a/b", "a\\b"]) {
      await assertRejects(() => backend.put(bad, uploadSourceFromBytes(testBytes(1))), PermanentBackendError);
      await assertRejects(() => getBytes(backend, bad), PermanentBackendError);
      await assertRejects(() => backend.delete(bad), PermanentBackendError);
    }
    assertEquals(await listAll(backend), []);
  });

  test("put() with a source that fails midway keeps the old content", async (backend) => {
    await backend.put("f", uploadSourceFromBytes(testBytes(64, 1)));
    const next = testBytes(2 * MIB, 2);
    await assertRejects(() => backend.put("f", brokenSource(next, { size: next.length * 2, fail: true })), Error);
    assertEquals(await getBytes(backend, "f"), testBytes(64, 1));
    assertEquals(await listNamesAndSizes(backend), [{ name: "f", size: 64 }]);
  });

  test("put() with a source shorter than its size fails and stores nothing", async (backend) => {
    const bytes = testBytes(1000);
    await assertRejects(() => backend.put("short", brokenSource(bytes, { size: 2000, fail: false })), IntegrityError);
    assertEquals(await listAll(backend), []);
    await assertRejects(() => getBytes(backend, "short"), RemoteFileNotFoundError);
  });

  test("get() closes the body even when consume stops early", async (backend) => {
    await backend.put("big", uploadSourceFromBytes(testBytes(4 * MIB)));
    for (let i = 0; i < 20; i++) await backend.get("big", () => Promise.resolve(i));
    await backend.delete("big");
    assertEquals(await listAll(backend), []);
  });

  test("getBytes() into a reused buffer: data that fits, fills it exactly, or outgrows it", async (backend) => {
    // [data size, buffer size]: smaller, empty, exactly the buffer, larger than the buffer.
    const cases = [[1000, 4 * MIB], [3 * MIB + 5, 4 * MIB], [0, 4 * MIB], [4 * MIB, 4 * MIB], [2 * MIB + 3, MIB]];
    for (const [i, [size]] of cases.entries()) {
      await backend.put(`b${i}`, uploadSourceFromBytes(testBytes(size!, i + 7)));
    }
    for (const [i, [size, capacity]] of cases.entries()) {
      const got = await getBytes(backend, `b${i}`, size, new ArrayBuffer(capacity!));
      assertEquals(got, testBytes(size!, i + 7));
    }
  });

  test("readAll() of a get() body equals the uploaded bytes after many small puts", async (backend) => {
    for (let i = 0; i < 25; i++) await backend.put(`f${i}`, uploadSourceFromBytes(testBytes(i * 37, i + 1)));
    const entries = await listNamesAndSizes(backend);
    assertEquals(entries.length, 25);
    for (let i = 0; i < 25; i++) {
      assertEquals(await backend.get(`f${i}`, readAll), testBytes(i * 37, i + 1));
    }
  });
}
