/**
 * Runs runServerUtil() in-process against a fake or real server with a temporary data folder.
 * @module
 */
import { runServerUtil } from "../../lib/serverutil/run_serverutil.ts";
import type { StoredLogin } from "../../lib/serverutil/settings_file.ts";

export interface UtilRun {
  readonly code: number;
  readonly out: string[];
  readonly err: string[];
  readonly text: string;
}

export interface UtilEnv {
  readonly dataFolder: string;
  readonly cwd?: string;
  readonly env?: Record<string, string>;
  readonly readSecret?: (prompt: string) => Promise<string | undefined>;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Runs serverutil with `args`, adding --server-datafolder=<dataFolder>. */
export async function runUtil(args: readonly string[], env: UtilEnv): Promise<UtilRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runServerUtil([...args, `--server-datafolder=${env.dataFolder}`], {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    env: env.env ?? {},
    cwd: env.cwd ?? env.dataFolder,
    executableDir: env.dataFolder,
    sleep: env.sleep ?? (() => Promise.resolve()),
    ...(env.readSecret ? { readSecret: env.readSecret } : {}),
  });
  return { code, out, err, text: [...out, ...err].join("\n") };
}

/** The parsed settings.json of a data folder. */
export function storedLogins(dataFolder: string): StoredLogin[] {
  return JSON.parse(Deno.readTextFileSync(`${dataFolder}/settings.json`));
}
