/**
 * Runs small Python scripts from tests, for cross-checks against an independent implementation (the standard
 * library's `zipfile`). Tests that need Python are ignored, with a printed reason, when no interpreter exists.
 * @module
 */

/** The interpreter: /usr/bin/python3 when present, else `python3` from PATH, else undefined. */
export const PYTHON: string | undefined = findPython();

/** Deno.test `ignore` flag for Python-dependent tests; prints why once when Python is missing. */
export const SKIP_PYTHON: boolean = PYTHON === undefined;
if (SKIP_PYTHON) console.warn("python3 not found (/usr/bin/python3 or PATH): skipping the zipfile interop tests");

function findPython(): string | undefined {
  for (const candidate of ["/usr/bin/python3", "python3"]) {
    try {
      const { success } = new Deno.Command(candidate, {
        args: ["-c", "import zipfile"],
        stdout: "null",
        stderr: "null",
      })
        .outputSync();
      if (success) return candidate;
    } catch {
      // not installed under that name
    }
  }
  return undefined;
}

/** Runs `script` (via `-c`) with `args` and optional stdin; resolves to stdout, rejects with stderr on failure. */
export async function runPython(
  script: string,
  options: { args?: readonly string[]; stdin?: Uint8Array } = {},
): Promise<Uint8Array> {
  if (!PYTHON) throw new Error("Cannot run Python: no interpreter found");
  const child = new Deno.Command(PYTHON, {
    args: ["-c", script, ...(options.args ?? [])],
    stdin: options.stdin ? "piped" : "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (options.stdin) {
    const writer = child.stdin.getWriter();
    await writer.write(options.stdin);
    await writer.close();
  }
  const output = await child.output();
  if (!output.success) {
    throw new Error(`Python failed (exit ${output.code}): ${new TextDecoder().decode(output.stderr)}`);
  }
  return output.stdout;
}
