/**
 * The V8 flags our program runs with: baked into the compiled executables (`deno compile --v8-flags`), passed by
 * `deno task start`/`deno task cli`, and by the benchmark, which measures what we ship.
 *
 * `--max-semi-space-size=1` (MB): V8 lets each isolate's young generation grow to 16 MB per semi-space, and the
 * main thread and every worker is an isolate. Measured on the full benchmark dataset (1.5 GB, 30,026 files, 2 CPUs),
 * peak RSS without / with the flag, same code: full backup 512 / 322 MiB, no-change backup 237 / 203 MiB, full
 * restore 624 / 561 MiB; wall and CPU times stayed within run-to-run noise (backup 11.3-11.6 s, restore 5.1-5.6 s).
 * Objects here are short-lived (per block, per file), so smaller semi-spaces mean cheap, frequent scavenges.
 *
 * `--heap-growing-percent=50`: after each full collection V8 lets the old generation grow by a factor it picks from
 * the collector's speed, up to about 3x the live size; this fixes it at 1.5x. With small semi-spaces much garbage
 * is promoted before it dies, so the old generation fills up to its limit between full collections: a restore of
 * the full dataset (47 MB live on the main thread after planning) grew its main heap to 137 MB. Measured on the
 * full dataset, peak RSS without / with the flag: full restore 410 / 322 MiB, full backup 291-372 / 282-308 MiB;
 * wall and CPU times within run-to-run noise (restore 5.8-6.0 s, backup 11.2-11.5 s).
 *
 * The flags cannot be set from inside the program: V8 sizes each heap when the isolate is created.
 * @module
 */
export const V8_FLAGS: readonly string[] = ["--max-semi-space-size=1", "--heap-growing-percent=50"];

/** The `--v8-flags=...` argument of `deno run` and `deno compile`. */
export function v8FlagsArgument(): string {
  return `--v8-flags=${V8_FLAGS.join(",")}`;
}
