/**
 * The benchmark dataset: `<work>/base`, built by the shared make-dataset.sh and reused while a kept copy matches
 * the requested scale and seed.
 * @module
 */

import { check, exists, fingerprint, remove } from "./shell.ts";

/** Dataset facts for the report. */
export interface DatasetInfo {
  scale: number;
  /** fingerprint.sh line of the pristine dataset: `files=N bytes=B fingerprint=HEX`. */
  fingerprint: string;
  /** True when a kept dataset of the same scale and seed was reused. */
  reused: boolean;
  /** Seconds make-dataset.sh took, or null when reused. */
  buildS: number | null;
}

/** Builds `<workDir>/base` with make-dataset.sh (DATASET_SCALE = scale), or reuses a matching kept one. */
export async function prepareDataset(
  options: { workDir: string; scriptsDir: string; scale: number },
): Promise<DatasetInfo> {
  const base = `${options.workDir}/base`;
  const stampFile = `${options.workDir}/base.stamp`;
  const stamp = `scale=${options.scale} seed=${Deno.env.get("DATASET_SEED") ?? "default"}\n`;
  const reused = exists(base) && exists(stampFile) && Deno.readTextFileSync(stampFile) === stamp;
  let buildS: number | null = null;
  if (!reused) {
    remove(base);
    remove(stampFile);
    console.log(`Building the dataset (scale ${options.scale}) in ${base} ...`);
    const start = performance.now();
    const out = await check([`${options.scriptsDir}/make-dataset.sh`, base], {
      env: { DATASET_SCALE: String(options.scale) },
    });
    buildS = (performance.now() - start) / 1000;
    console.log(out.trim());
    Deno.writeTextFileSync(stampFile, stamp);
  }
  const print = await fingerprint(`${options.scriptsDir}/fingerprint.sh`, base);
  console.log(`dataset ${reused ? "(reused) " : ""}${print}`);
  return { scale: options.scale, fingerprint: print, reused, buildS };
}
