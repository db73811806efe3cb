import { join } from "node:path";
import { acquireLock, type LockInfo } from "../../lib/server/instance_lock.ts";
import { assert, assertEquals } from "../support/assert.ts";

/** The pid of a process that has already exited. */
async function deadPid(): Promise<number> {
  const child = new Deno.Command("true", { stdout: "null", stderr: "null" }).spawn();
  await child.status;
  return child.pid;
}

/** A live process that is not this one, killed when `fn` ends. */
async function withLiveProcess(fn: (pid: number) => void | Promise<void>): Promise<void> {
  const child = new Deno.Command("sleep", { args: ["60"], stdout: "null", stderr: "null" }).spawn();
  try {
    await fn(child.pid);
  } finally {
    child.kill("SIGKILL");
    await child.status;
  }
}

function withFolder(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = Deno.makeTempDirSync({ prefix: "lock-test-" });
  return fn(dir).finally(() => Deno.removeSync(dir, { recursive: true }));
}

function readLock(dir: string): LockInfo {
  return JSON.parse(Deno.readTextFileSync(join(dir, "server.lock"))) as LockInfo;
}

function writeLock(dir: string, info: LockInfo): void {
  Deno.writeTextFileSync(join(dir, "server.lock"), JSON.stringify(info));
}

Deno.test("instance lock: taken, updated with the port and released; a second taker sees a live holder", async () => {
  await withFolder(async (dir) => {
    const lock = acquireLock(dir);
    assert(!("held" in lock));
    lock.update({ port: 8200, https: true, startedAt: 5 });
    assertEquals(readLock(dir), { pid: Deno.pid, port: 8200, https: true, startedAt: 5 });
    lock.release();
    assertEquals([...Deno.readDirSync(dir)].length, 0);
    await withLiveProcess((pid) => {
      writeLock(dir, { pid, port: 8300, https: false, startedAt: 1 });
      assertEquals(acquireLock(dir), { held: { pid, port: 8300, https: false, startedAt: 1 } });
      assertEquals(readLock(dir).pid, pid);
    });
  });
});

Deno.test("instance lock: a stale lock (its process is gone) is taken over", async () => {
  await withFolder(async (dir) => {
    writeLock(dir, { pid: await deadPid(), port: 8200, https: false, startedAt: 1 });
    const lock = acquireLock(dir);
    assert(!("held" in lock), "the dead server's lock is taken over");
    assertEquals(readLock(dir).pid, Deno.pid);
    lock.release();
    // An unreadable lock file is stale too.
    Deno.writeTextFileSync(join(dir, "server.lock"), "{not json");
    const again = acquireLock(dir);
    assert(!("held" in again));
    assertEquals(readLock(dir).pid, Deno.pid);
    again.release();
  });
});

Deno.test("instance lock: a server that takes over a stale lock first wins; the slower one sees it live", async () => {
  await withFolder(async (dir) => {
    writeLock(dir, { pid: await deadPid(), port: 8200, https: false, startedAt: 1 });
    await withLiveProcess((other) => {
      // Between finding the lock stale and removing it, the other server replaces it with its own.
      let raced = 0;
      const lock = acquireLock(dir, {
        beforeTakeover: () => {
          raced++;
          Deno.removeSync(join(dir, "server.lock"));
          writeLock(dir, { pid: other, port: 8300, https: false, startedAt: 2 });
        },
      });
      assertEquals(raced, 1);
      assertEquals(lock, { held: { pid: other, port: 8300, https: false, startedAt: 2 } });
      assertEquals(readLock(dir).pid, other, "the winner's lock stays");
    });
  });
});
