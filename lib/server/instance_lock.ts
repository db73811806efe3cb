/**
 * One server per data folder: `server.lock` in the data folder names the running server's process and port. A
 * lock whose process is gone (killed server) is taken over; a live one makes the second server exit with 200 and
 * its message names the running server's process and port.
 * @module
 */
import { join } from "node:path";
import process from "node:process";

export interface LockInfo {
  readonly pid: number;
  readonly port: number;
  readonly https: boolean;
  readonly startedAt: number;
}

const LOCK_NAME = "server.lock";

/** The lock file's text, or undefined when there is none. */
function readText(path: string): string | undefined {
  try {
    return Deno.readTextFileSync(path);
  } catch {
    return undefined;
  }
}

/** The holder named by a lock file's text when that process is alive and not this one. */
function liveHolder(text: string): LockInfo | undefined {
  let info: LockInfo;
  try {
    info = JSON.parse(text) as LockInfo;
  } catch {
    return undefined;
  }
  if (typeof info?.pid !== "number" || info.pid === Deno.pid) return undefined;
  return processAlive(info.pid) ? info : undefined;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as { code?: string }).code === "EPERM";
  }
}

/**
 * Takes the lock, or returns the live holder. `update` records the port once it is known; `release` removes
 * the file if it is still ours.
 *
 * A stale lock (its process is gone, or the file is unreadable) is removed only while it still has the text that
 * was found stale, so of two servers starting at once only one can take it over: the slower one finds the
 * winner's fresh lock, not the stale one. `env.beforeTakeover` runs between those two reads (tests use it to play
 * the other server).
 */
export function acquireLock(
  dataFolder: string,
  env: { beforeTakeover?: () => void } = {},
): { held: LockInfo } | { update(info: Omit<LockInfo, "pid">): void; release(): void } {
  const path = join(dataFolder, LOCK_NAME);
  for (let attempt = 0; attempt < 3; attempt++) {
    const found = readText(path);
    if (found !== undefined) {
      const live = liveHolder(found);
      if (live) return { held: live };
      env.beforeTakeover?.();
      if (readText(path) !== found) continue;
      try {
        Deno.removeSync(path);
      } catch {
        // gone meanwhile
      }
    }
    const write = (info: LockInfo, createNew: boolean) => {
      const text = JSON.stringify(info);
      Deno.writeTextFileSync(path, text, { createNew, mode: 0o600 });
    };
    try {
      write({ pid: Deno.pid, port: 0, https: false, startedAt: Date.now() }, true);
    } catch (error) {
      if (error instanceof Deno.errors.AlreadyExists) continue;
      throw error;
    }
    return {
      update: (info) => write({ ...info, pid: Deno.pid }, false),
      release: () => {
        try {
          const current = JSON.parse(Deno.readTextFileSync(path)) as LockInfo;
          if (current.pid === Deno.pid) Deno.removeSync(path);
        } catch {
          // already gone
        }
      },
    };
  }
  throw new Error(`Cannot take the server lock "${path}": another server keeps starting`);
}
