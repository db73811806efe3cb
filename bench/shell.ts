/**
 * Untimed helpers of the bench: run a command and check it, tree sizes, `du`, the shared fingerprint script,
 * and installing a missing Debian package.
 * @module
 */

/** Result of an untimed command. */
export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion and captures its output; never throws for a non-zero exit. */
export async function capture(
  argv: readonly string[],
  options: { env?: Record<string, string>; cwd?: string } = {},
): Promise<CommandResult> {
  const [cmd, ...args] = argv;
  if (cmd === undefined) throw new TypeError("capture() needs a command");
  try {
    const out = await new Deno.Command(cmd, {
      args,
      stdin: "null",
      ...(options.env ? { env: options.env } : {}),
      ...(options.cwd ? { cwd: options.cwd } : {}),
    }).output();
    const text = new TextDecoder();
    return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return { code: 127, stdout: "", stderr: `${cmd}: not found` };
    throw error;
  }
}

/** Runs a command and throws an Error naming it, with its stderr tail, when it exits non-zero. */
export async function check(
  argv: readonly string[],
  options: { env?: Record<string, string>; cwd?: string } = {},
): Promise<string> {
  const result = await capture(argv, options);
  if (result.code !== 0) {
    const tail = result.stderr.trim().split("\n").slice(-10).join("\n");
    throw new Error(`Cannot run "${argv.join(" ")}": exit code ${result.code}\n${tail}`);
  }
  return result.stdout;
}

/** Sum of the sizes of all regular files under `root` (symlinks are not followed). */
export function treeBytes(root: string): number {
  let total = 0;
  for (const entry of Deno.readDirSync(root)) {
    const path = `${root}/${entry.name}`;
    if (entry.isDirectory) total += treeBytes(path);
    else if (entry.isFile) total += Deno.lstatSync(path).size;
  }
  return total;
}

/** Disk usage of a path in bytes (`du -s -B1`), or 0 when it does not exist. */
export async function diskUsage(path: string): Promise<number> {
  const result = await capture(["du", "-s", "-B1", path]);
  if (result.code !== 0) return 0;
  return Number(result.stdout.split("\t")[0]);
}

/** Output line of fingerprint.sh: `files=N bytes=B fingerprint=HEX`. */
export async function fingerprint(script: string, dir: string): Promise<string> {
  return (await check([script, dir])).trim();
}

/** True when `path` exists (any kind). */
export function exists(path: string): boolean {
  try {
    Deno.lstatSync(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

/** Removes a path recursively if it exists. */
export function remove(path: string): void {
  if (exists(path)) Deno.removeSync(path, { recursive: true });
}

/**
 * Makes sure `command` runs (`probe` exits 0); if not, tries `apt-get update && apt-get install -y <pkg>`.
 * Returns null when usable, else a sentence saying why not.
 */
export async function ensureInstalled(pkg: string, probe: readonly string[]): Promise<string | null> {
  if ((await capture(probe)).code === 0) return null;
  console.log(`"${probe[0]}" is missing; installing Debian package "${pkg}" with apt-get ...`);
  const update = await capture(["apt-get", "update"]);
  const install = update.code === 0 ? await capture(["apt-get", "install", "-y", pkg]) : update;
  if (install.code === 0 && (await capture(probe)).code === 0) return null;
  const tail = install.stderr.trim().split("\n").slice(-3).join(" / ");
  return `Cannot install "${pkg}" with apt-get (exit code ${install.code}): ${tail || "no output"}`;
}
