/**
 * UploadQueue: a job's `then` (a dblock's dindex) is put only after the job's own put completed, even with free
 * upload slots, and not at all when that put failed; other jobs still run side by side.
 * @module
 */
import { MemoryBackend } from "../../../lib/backends/memory/memory_backend.ts";
import type { UploadSource } from "../../../lib/backends/backend.ts";
import { openDatabase } from "../../../lib/database/connection.ts";
import { createVolume, getVolume } from "../../../lib/database/remote_volumes.ts";
import { UploadQueue } from "../../../lib/operations/common/upload_queue.ts";
import { nullProgress } from "../../../lib/operations/progress.ts";
import { assertEquals, assertRejects } from "../../support/assert.ts";

/** A memory backend that logs put starts and ends, holds "slow" puts for a while and fails "bad" ones. */
class LoggingBackend extends MemoryBackend {
  readonly events: string[] = [];
  override async put(name: string, source: UploadSource): Promise<void> {
    this.events.push(`start ${name}`);
    if (name.startsWith("slow")) await new Promise((resolve) => setTimeout(resolve, 60));
    if (name.startsWith("bad")) {
      this.events.push(`fail ${name}`);
      throw new Error(`Cannot upload "${name}"`);
    }
    await super.put(name, source);
    this.events.push(`end ${name}`);
  }
}

Deno.test("UploadQueue puts a job's `then` only after the job itself is at the destination", async () => {
  const dir = Deno.makeTempDirSync();
  const db = openDatabase(`${dir}/db.sqlite`);
  try {
    const backend = new LoggingBackend();
    const queue = new UploadQueue(backend, db, { concurrency: 4, progress: nullProgress });
    const job = (name: string) => {
      Deno.writeTextFileSync(`${dir}/${name}`, name);
      return {
        volumeId: createVolume(db, { name, type: "dblock", state: "Uploading" }),
        name,
        path: `${dir}/${name}`,
        size: 4,
      };
    };
    await queue.add({ ...job("slow-block"), then: job("slow-index") });
    await queue.add(job("other"));
    await queue.drain();
    const at = (event: string) => backend.events.indexOf(event);
    assertEquals(at("start slow-index") > at("end slow-block"), true, backend.events.join(", "));
    assertEquals(at("end other") < at("end slow-block"), true, "other jobs run meanwhile");
    assertEquals(getVolume(db, 2)!.state, "Uploaded");

    const failing = new LoggingBackend();
    const second = new UploadQueue(failing, db, { concurrency: 4, progress: nullProgress });
    const index = job("never-index");
    await second.add({ ...job("bad-block"), then: index });
    await assertRejects(() => second.drain(), Error, 'Cannot upload "bad-block"');
    assertEquals(failing.events.includes("start never-index"), false);
    assertEquals(getVolume(db, index.volumeId)!.state, "Uploading");
  } finally {
    db.close();
    Deno.removeSync(dir, { recursive: true });
  }
});
