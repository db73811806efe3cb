import { createHash } from "node:crypto";
import { base64ToEntryName } from "../../../lib/core/bytes.ts";
import { RestoreJobPool } from "../../../lib/operations/restore/job_pool.ts";
import {
  type HashJobResult,
  runRestoreJob,
  type VolumeJob,
  type VolumeJobResult,
} from "../../../lib/operations/restore/volume_job.ts";
import { encodeBlock } from "../../../lib/volumes/block_codec.ts";
import { encodeManifest } from "../../../lib/volumes/manifest.ts";
import { VolumeFileWriter } from "../../../lib/volumes/volume_writer.ts";
import { assert, assertEquals } from "../../support/assert.ts";
import { seededBytes } from "../../support/engine.ts";

const NAME = "duplicati-b0123456789abcdef0123456789abcdef.dblock.zip.aes";
const PASSPHRASE = "volume job pässword";

function sha(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("base64");
}

/** An encrypted dblock holding `blocks`, as a local file; returns its path. */
async function dblock(dir: string, blocks: Uint8Array[]): Promise<string> {
  const path = `${dir}/volume`;
  const writer = new VolumeFileWriter({ path, passphrase: PASSPHRASE });
  writer.addText("manifest", encodeManifest({ blocksize: 4096, blockHash: "SHA256", fileHash: "SHA256" }, new Date()));
  for (const block of blocks) {
    writer.add(encodeBlock(base64ToEntryName(sha(block)), block, { method: "Deflate", level: 3, hint: "compress" }));
  }
  await writer.finish();
  return path;
}

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = Deno.makeTempDirSync();
  try {
    await fn(dir);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
}

const A = seededBytes(4096, 1), B = new TextEncoder().encode("metadata ".repeat(50)), C = seededBytes(1000, 3);

/** A job that writes A at two offsets of one file and once in another, keeps B, asks for a block not stored. */
function job(dir: string, path: string): VolumeJob {
  return {
    type: "volume",
    name: NAME,
    path,
    passphrase: PASSPHRASE,
    blocks: [
      {
        hash: sha(A),
        size: A.length,
        writes: [{ path: `${dir}/f1`, offset: 0 }, { path: `${dir}/f1`, offset: 4096 }, {
          path: `${dir}/f2`,
          offset: 0,
        }],
        keep: false,
      },
      { hash: sha(B), size: B.length, writes: [], keep: true },
      { hash: sha(seededBytes(10, 9)), size: 10, writes: [{ path: `${dir}/f2`, offset: 4096 }], keep: false },
      { hash: sha(C), size: C.length, writes: [{ path: `${dir}/never-created`, offset: 0 }], keep: false },
    ],
  };
}

for (const mode of ["in-process", "workers"] as const) {
  Deno.test(`restore volume job (${mode}): checked blocks written at every offset, kept bytes back, each failure named`, async () => {
    await withDir(async (dir) => {
      const path = await dblock(dir, [A, B, C]);
      Deno.writeFileSync(`${dir}/f1`, new Uint8Array(8192));
      Deno.writeFileSync(`${dir}/f2`, new Uint8Array(4106));
      const pool = new RestoreJobPool(mode === "workers" ? 2 : 0);
      try {
        const result = await pool.run(job(dir, path)) as VolumeJobResult;
        assertEquals(result.volumeError, undefined);
        assertEquals(result.blockErrors[0], undefined);
        assertEquals(result.blockErrors[1], undefined);
        assert(result.blockErrors[2]?.includes("is missing"), result.blockErrors[2]);
        assertEquals(result.blockErrors[3], undefined);
        assertEquals(result.writeErrors.map((e) => e.path), [`${dir}/never-created`]);
        assertEquals(result.kept.map((k) => [k.index, sha(k.data)]), [[1, sha(B)]]);
        assertEquals(result.bytes, A.length * 3 + B.length + C.length);
        const f1 = Deno.readFileSync(`${dir}/f1`);
        assertEquals(f1.subarray(0, 4096), A);
        assertEquals(f1.subarray(4096), A);
        assertEquals(Deno.readFileSync(`${dir}/f2`).subarray(0, 4096), A);
      } finally {
        pool.close();
      }
    });
  });

  Deno.test(`restore volume job (${mode}): a damaged volume fails as a whole and writes nothing`, async () => {
    await withDir(async (dir) => {
      const path = await dblock(dir, [A, B, C]);
      const bytes = Deno.readFileSync(path);
      bytes[bytes.length - 100]! ^= 1;
      Deno.writeFileSync(path, bytes);
      Deno.writeFileSync(`${dir}/f1`, new Uint8Array(8192));
      Deno.writeFileSync(`${dir}/f2`, new Uint8Array(4106));
      const pool = new RestoreJobPool(mode === "workers" ? 1 : 0);
      try {
        const result = await pool.run(job(dir, path)) as VolumeJobResult;
        assert(result.volumeError?.includes("HMAC"), result.volumeError);
        assertEquals(Deno.readFileSync(`${dir}/f1`), new Uint8Array(8192));
      } finally {
        pool.close();
      }
    });
  });

  Deno.test(`restore hash job (${mode}): hash and length of each file, an error for a missing one`, async () => {
    await withDir(async (dir) => {
      const big = seededBytes(3 * 1024 * 1024 + 5, 4);
      Deno.writeFileSync(`${dir}/big`, big);
      Deno.writeFileSync(`${dir}/empty`, new Uint8Array(0));
      const pool = new RestoreJobPool(mode === "workers" ? 2 : 0);
      try {
        const result = await pool.run({ type: "hash", paths: [`${dir}/big`, `${dir}/missing`, `${dir}/empty`] });
        const { results } = result as HashJobResult;
        assertEquals(results[0], { hash: sha(big), size: big.length });
        assert("error" in results[1]!);
        assertEquals(results[2], { hash: sha(new Uint8Array(0)), size: 0 });
      } finally {
        pool.close();
      }
    });
  });
}

Deno.test("runRestoreJob() in-process matches the same job run by a worker", async () => {
  await withDir(async (dir) => {
    const results: string[] = [];
    for (const workers of [0, 1]) {
      Deno.writeFileSync(`${dir}/f1`, new Uint8Array(8192));
      Deno.writeFileSync(`${dir}/f2`, new Uint8Array(4106));
      const path = await dblock(dir, [A, B, C]);
      const pool = new RestoreJobPool(workers);
      const result = workers === 0 ? await runRestoreJob(job(dir, path)) : await pool.run(job(dir, path));
      pool.close();
      results.push(JSON.stringify(result) + sha(Deno.readFileSync(`${dir}/f1`)) + sha(Deno.readFileSync(`${dir}/f2`)));
    }
    assertEquals(results[0], results[1]);
  });
});
