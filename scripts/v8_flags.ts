/**
 * The V8 flags our program runs with: baked into the compiled executables (`deno compile --v8-flags`), passed by
 * `deno task start`/`deno task cli`, and by the benchmark, which measures what we ship.
 *
 * `--max-semi-space-size=1` (MB): V8 lets each isolate's young generation grow to 16 MB per semi-space, and the
 * main thread and every worker is an isolate. Measured on the full benchmark dataset (1.5 GB, 30,026 files, 2 CPUs),
 * peak RSS without / with the flag, same code: full backup 512 / 322 MiB, no-change backup 237 / 203 MiB, full
 * restore 624 / 561 MiB; wall and CPU times stayed within run-to-run noise (backup 11.3-11.6 s, restore 5.1-5.6 s).
 * Objects here are short-lived (per block, per file), so smaller semi-spaces mean cheap, frequent scavenges.
 * The flag cannot be set from inside the program: V8 sizes each heap when the isolate is created.
 * @module
 */
export const V8_FLAGS: readonly string[] = ["--max-semi-space-size=1"];

/** The `--v8-flags=...` argument of `deno run` and `deno compile`. */
export function v8FlagsArgument(): string {
  return `--v8-flags=${V8_FLAGS.join(",")}`;
}
