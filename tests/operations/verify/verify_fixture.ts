/**
 * A small real backup to a memory backend for the verify tests: several dblocks (64 KiB volumes of 1 KiB blocks),
 * a file with several blocklists (so dindex files carry list/ entries), a folder and an empty file.
 * @module
 */
import { MemoryBackend } from "../../../lib/backends/memory/memory_backend.ts";
import { num } from "../../../lib/database/connection.ts";
import { listVolumes, type VolumeRow } from "../../../lib/database/remote_volumes.ts";
import type { OperationContext, VolumeSettings } from "../../../lib/operations/context.ts";
import { backup } from "../../../lib/operations/backup/backup.ts";
import { seededBytes, testContext, testSettings, writeTree } from "../../support/engine.ts";

export interface VerifyFixture {
  readonly dir: string;
  readonly backend: MemoryBackend;
  readonly context: OperationContext & { close(): void };
  readonly settings: VolumeSettings;
  /** Volume rows of one type (all when absent), by id. */
  rows(type?: VolumeRow["type"]): VolumeRow[];
  /** verified_at and damage of every volume, by name. */
  testState(): Map<string, { verifiedAt: number; damage: string | null }>;
}

/** Backs up a fixed tree and runs `fn`; everything is removed afterwards. */
export async function withBackup(
  options: { passphrase?: string | undefined },
  fn: (fixture: VerifyFixture) => Promise<void> | void,
): Promise<void> {
  const dir = Deno.makeTempDirSync({ prefix: "verify-test-" });
  const backend = new MemoryBackend();
  const context = testContext(backend, `${dir}/db.sqlite`);
  try {
    writeTree(`${dir}/src`, {
      "big.bin": seededBytes(150_000, 11),
      "mid.bin": seededBytes(40_000, 12),
      "note.txt": "hello verify",
      "empty.txt": "",
      "sub/small.bin": seededBytes(3_000, 13),
      "folder/": "",
    });
    const passphrase = "passphrase" in options ? options.passphrase : "verify secret";
    const settings = testSettings(dir, { passphrase, compressors: 1 });
    await backup(context, { sources: [`${dir}/src`], settings });
    const rows = (type?: VolumeRow["type"]) => listVolumes(context.db, type ? { type } : undefined);
    const testState = () =>
      new Map(
        context.db.prepare("SELECT name, verified_at, damage FROM remote_volume").all().map((r) => [
          r.name as string,
          { verifiedAt: num(r.verified_at), damage: (r.damage as string | null) ?? null },
        ]),
      );
    await fn({ dir, backend, context, settings, rows, testState });
  } finally {
    context.close();
    Deno.removeSync(dir, { recursive: true });
  }
}
