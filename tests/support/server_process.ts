/**
 * Starts the real `main.ts server` as a subprocess on a free loopback port, signs in with the printed sign-in
 * link, and gives tests an authenticated JSON client. `stop()` sends SIGTERM and returns the exit code.
 * @module
 */
import { REPO_ROOT } from "./run_main.ts";

export interface ServerProcess {
  /** The server's process id (for /proc measurements). */
  readonly pid: number;
  readonly port: number;
  readonly baseUrl: string;
  /** Everything the server printed so far (stdout and stderr). */
  readonly output: () => string;
  /** The access token from signing in with the printed link. */
  readonly accessToken: string;
  /** The refresh cookie (`RefreshToken_<port>=...`). */
  readonly refreshCookie: string;
  /** A JSON request with the Bearer token; returns status and parsed body (text when not JSON). */
  api(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown; headers: Headers }>;
  /** SIGTERM, then waits; returns the exit code. */
  stop(signal?: Deno.Signal): Promise<number>;
  readonly exited: Promise<Deno.CommandStatus>;
}

/** Starts a server with `args` (a data folder is required) and signs in; `repoRoot` defaults to this checkout. */
export async function startServerProcess(
  args: readonly string[],
  env: { env?: Record<string, string>; signIn?: boolean; repoRoot?: string } = {},
): Promise<ServerProcess> {
  const root = env.repoRoot ?? REPO_ROOT;
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", `${root}/main.ts`, "server", "--webservice-port=0", ...args],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1", ...(env.env ?? {}) },
  }).spawn();
  let text = "";
  const decoder = new TextDecoder();
  let wake: (() => void) | undefined;
  const pump = async (stream: ReadableStream<Uint8Array>) => {
    for await (const chunk of stream) {
      text += decoder.decode(chunk, { stream: true });
      wake?.();
    }
  };
  const pumps = Promise.all([pump(child.stdout), pump(child.stderr)]);
  const exited = child.status.then(async (s) => {
    await pumps;
    wake?.();
    return s;
  });
  let finished = false;
  void exited.then(() => (finished = true));
  const waitFor = async (pattern: RegExp): Promise<RegExpMatchArray> => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const m = text.match(pattern);
      if (m) return m;
      if (finished || Date.now() > deadline) {
        throw new Error(`The server did not print ${pattern}; output:\n${text}`);
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 200);
      });
    }
  };
  try {
    const port = Number((await waitFor(/listening on \S+, port (\d+)/))[1]);
    const baseUrl = `http://127.0.0.1:${port}`;
    let accessToken = "";
    let refreshCookie = "";
    if (env.signIn !== false) {
      const token = (await waitFor(/signin\.html\?token=(\S+)/))[1]!;
      const response = await fetch(`${baseUrl}/api/v1/auth/signin`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ SigninToken: token, RememberMe: true }),
      });
      const body = await response.json() as { AccessToken: string };
      if (response.status !== 200) throw new Error(`Sign-in failed: ${response.status} ${JSON.stringify(body)}`);
      accessToken = body.AccessToken;
      refreshCookie = (response.headers.get("set-cookie") ?? "").split(";")[0]!;
    }
    const api = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${baseUrl}/api/v1${path}`, {
        method,
        headers: {
          ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
          ...(body !== undefined ? { "content-type": "application/json" } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const raw = await response.text();
      let parsed: unknown = raw;
      try {
        parsed = JSON.parse(raw);
      } catch {
        // not JSON
      }
      return { status: response.status, body: parsed, headers: response.headers };
    };
    return {
      pid: child.pid,
      port,
      baseUrl,
      output: () => text,
      accessToken,
      refreshCookie,
      api,
      exited,
      async stop(signal: Deno.Signal = "SIGTERM") {
        if (!finished) {
          try {
            child.kill(signal);
          } catch {
            // already gone
          }
        }
        const status = await exited;
        try {
          await child.stdin.close();
        } catch {
          // closed
        }
        return status.code;
      },
    };
  } catch (error) {
    try {
      child.kill("SIGKILL");
    } catch {
      // gone
    }
    await exited;
    await child.stdin.close().catch(() => {});
    throw error;
  }
}
