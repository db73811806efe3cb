import { join } from "node:path";
import {
  checkRemoteName,
  getBytes,
  readAll,
  uploadSourceFromBytes,
  uploadSourceFromFile,
} from "../../lib/backends/backend.ts";
import { MemoryBackend } from "../../lib/backends/memory/memory_backend.ts";
import { PermanentBackendError } from "../../lib/core/errors.ts";
import { assertEquals, assertThrows } from "../support/assert.ts";
import { testBytes } from "../support/backend_suite.ts";

Deno.test("uploadSourceFromBytes() can be opened many times", async () => {
  const bytes = testBytes(2 * 1024 * 1024 + 3);
  const source = uploadSourceFromBytes(bytes);
  assertEquals(source.size, bytes.length);
  assertEquals(await readAll(source.open()), bytes);
  assertEquals(await readAll(source.open()), bytes);
  const chunks: number[] = [];
  for await (const chunk of source.open()) chunks.push(chunk.length);
  assertEquals(chunks, [1048576, 1048576, 3]);
  assertEquals(await readAll(uploadSourceFromBytes(new Uint8Array(0)).open()), new Uint8Array(0));
});

Deno.test("uploadSourceFromFile() takes the size at creation and re-reads the file on open()", async () => {
  const folder = await Deno.makeTempDir();
  try {
    const path = join(folder, "volume.bin");
    const bytes = testBytes(1536 * 1024, 4);
    await Deno.writeFile(path, bytes);
    const source = uploadSourceFromFile(path);
    assertEquals(source.size, bytes.length);
    assertEquals(await readAll(source.open()), bytes);
    assertEquals(await readAll(source.open()), bytes);
    const reader = source.open().getReader();
    assertEquals((await reader.read()).value?.length, 1024 * 1024);
    await reader.cancel();
  } finally {
    await Deno.remove(folder, { recursive: true });
  }
});

Deno.test("uploadSourceFromFile() throws NotFound for a missing file", () => {
  assertThrows(() => uploadSourceFromFile("/nonexistent/definitely/missing"), Deno.errors.NotFound);
});

Deno.test("getBytes() downloads a whole file", async () => {
  const backend = new MemoryBackend(new Map([["x", Uint8Array.of(5, 6, 7)]]));
  assertEquals(await getBytes(backend, "x"), Uint8Array.of(5, 6, 7));
});

Deno.test("checkRemoteName() accepts plain names and refuses paths", () => {
  for (const ok of ["duplicati-b1.dblock.zip.aes", "a b", "ü", ".hidden", "..."]) checkRemoteName(ok);
  for (const bad of ["", ".", "..", "a/b", "/abs", "a\\b", "nul\0"]) {
    const error = assertThrows(() => checkRemoteName(bad), PermanentBackendError);
    assertEquals(error.message, `Cannot use remote file name ${JSON.stringify(bad)}: not a plain file name`);
  }
});
