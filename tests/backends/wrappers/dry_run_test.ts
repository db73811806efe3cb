import { withDryRun } from "../../../lib/backends/wrappers/dry_run.ts";
import { MemoryBackend } from "../../../lib/backends/memory/memory_backend.ts";
import { getBytes, uploadSourceFromBytes } from "../../../lib/backends/backend.ts";
import { FolderMissingError } from "../../../lib/core/errors.ts";
import type { LogEntry } from "../../../lib/core/log.ts";
import { assertEquals, assertRejects } from "../../support/assert.ts";
import { withFaults } from "../../support/fault_backend.ts";
import { listNamesAndSizes, testBytes } from "../../support/backend_suite.ts";

Deno.test("withDryRun() lets no write reach the inner backend", async () => {
  const inner = new MemoryBackend(new Map([["old", testBytes(4)]]));
  const recorder = withFaults(inner, []);
  const dry = withDryRun(recorder);
  let opened = false;
  await dry.put("new", { size: 3, open: () => (opened = true, uploadSourceFromBytes(testBytes(3)).open()) });
  await dry.delete("old");
  await dry.delete("never-existed");
  await dry.createFolder();
  assertEquals(opened, false);
  assertEquals(recorder.calls, []);
  assertEquals([...inner.files.keys()], ["old"]);
});

Deno.test("withDryRun() logs each dropped write at level DryRun", async () => {
  const entries: LogEntry[] = [];
  const dry = withDryRun(new MemoryBackend(), { log: { log: (entry) => entries.push(entry) } });
  await dry.put("duplicati-b1.dblock.zip", uploadSourceFromBytes(testBytes(12)));
  await dry.delete("old.zip");
  await dry.createFolder();
  assertEquals(entries.map((e) => [e.level, e.message]), [
    ["DryRun", "Would upload file: duplicati-b1.dblock.zip, size: 12 bytes"],
    ["DryRun", "Would delete remote file: old.zip"],
    ["DryRun", "Would create the destination folder"],
  ]);
});

Deno.test("withDryRun() passes reads through", async () => {
  const inner = new MemoryBackend(new Map([["a", testBytes(4, 2)]]));
  const recorder = withFaults(inner, []);
  const dry = withDryRun(recorder);
  assertEquals(await listNamesAndSizes(dry), [{ name: "a", size: 4 }]);
  assertEquals(await getBytes(dry, "a"), testBytes(4, 2));
  assertEquals(await dry.quota(), undefined);
  assertEquals(recorder.calls, ["list", "get a", "quota"]);
});

Deno.test("withDryRun() lists a missing folder as empty once createFolder() was called", async () => {
  const inner = new MemoryBackend(new Map(), { folderExists: false });
  const dry = withDryRun(inner);
  await assertRejects(() => listNamesAndSizes(dry), FolderMissingError);
  await dry.createFolder();
  assertEquals(await listNamesAndSizes(dry), []);
  await assertRejects(() => listNamesAndSizes(inner), FolderMissingError);
});
