/**
 * Set-up for the home and backup detail browser tests: folders of generated files, backups created and run
 * through the signed-in API (file:// destination in a temp folder, with a passphrase), and waiting for tasks.
 * @module
 */
import { assertEquals } from "../support/assert.ts";

/** The signed-in JSON client of passwordApi(). */
export type Call = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: unknown }>;

/** Writes `count` files of random bytes (sizes from `size` upwards) into `folder`, in sub-folders of 100. */
export function generateFiles(folder: string, env: { count: number; size: number; seed?: string }): void {
  for (let i = 0; i < env.count; i++) {
    const sub = `${folder}/part-${Math.floor(i / 100)}`;
    if (i % 100 === 0) Deno.mkdirSync(sub, { recursive: true });
    const bytes = new Uint8Array(env.size + (i % 7) * 1000);
    for (let at = 0; at < bytes.length; at += 65536) {
      crypto.getRandomValues(bytes.subarray(at, Math.min(bytes.length, at + 65536)));
    }
    Deno.writeFileSync(`${sub}/${env.seed ?? "file"}-${i}.bin`, bytes);
  }
}

/** Creates a backup of `source` to `file://<dest>` with a passphrase; returns its ID. */
export async function createBackup(
  call: Call,
  env: {
    name: string;
    description?: string;
    source: string;
    dest: string;
    settings?: readonly { Name: string; Value: string }[];
    repeat?: string;
  },
): Promise<string> {
  const answer = await call("POST", "/backups", {
    Backup: {
      Name: env.name,
      Description: env.description ?? "",
      TargetURL: `file://${env.dest}`,
      Sources: [env.source.endsWith("/") ? env.source : `${env.source}/`],
      Settings: [{ Name: "passphrase", Value: "web test passphrase" }, ...(env.settings ?? [])],
      Filters: [],
    },
    // The first scheduled run is a day away, so it never starts during a test.
    ...(env.repeat
      ? { Schedule: { Repeat: env.repeat, Time: new Date(Date.now() + 86_400_000).toISOString(), AllowedDays: [] } }
      : {}),
  });
  assertEquals(answer.status, 200, JSON.stringify(answer.body));
  return (answer.body as { ID: string }).ID;
}

/** Waits until task `id` has ended; returns its final state. */
export async function waitForTask(call: Call, id: number): Promise<{ Status: string; ErrorMessage: string | null }> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const task = (await call("GET", `/task/${id}`)).body as { Status: string; ErrorMessage: string | null };
    if (task.Status === "Completed" || task.Status === "Failed") return task;
    if (Date.now() > deadline) throw new Error(`Task ${id} did not end: ${JSON.stringify(task)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Runs backup `id` through the API and waits for it; fails the test unless it completed. */
export async function runBackup(call: Call, id: string): Promise<void> {
  const started = await call("POST", `/backup/${id}/run`);
  assertEquals(started.status, 200);
  const task = await waitForTask(call, (started.body as { ID: number }).ID);
  assertEquals(task.Status, "Completed", task.ErrorMessage ?? "");
}

/** The files in a folder, sorted (empty when it does not exist). */
export function listNames(folder: string): string[] {
  try {
    return [...Deno.readDirSync(folder)].map((e) => e.name).sort();
  } catch {
    return [];
  }
}
