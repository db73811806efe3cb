/**
 * Worker entry point of a restore: runs {@link runRestoreJob} for each message, one at a time, in order.
 * @module
 */
/// <reference lib="deno.worker" />
import { type RestoreJob, runRestoreJob } from "./volume_job.ts";

let queue: Promise<void> = Promise.resolve();
self.onmessage = (event: MessageEvent<RestoreJob>) => {
  queue = queue.then(async () => {
    const result = await runRestoreJob(event.data);
    self.postMessage(result);
  });
};
