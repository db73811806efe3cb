/**
 * The real console for runCli(): stdout/stderr, TTY detection, a no-echo passphrase prompt, SIGINT as abort.
 * @module
 */
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import type { CommandIo } from "./command.ts";

const encoder = new TextEncoder();

function writeAll(stream: { writeSync(p: Uint8Array): number }, text: string): void {
  const bytes = encoder.encode(text);
  let at = 0;
  while (at < bytes.length) at += stream.writeSync(bytes.subarray(at));
}

/** Reads a line from the terminal without echo; undefined when stdin is not a terminal. */
export async function readSecret(prompt: string): Promise<string | undefined> {
  if (!Deno.stdin.isTerminal()) return undefined;
  writeAll(Deno.stderr, prompt);
  Deno.stdin.setRaw(true);
  const chunks: number[] = [];
  const buffer = new Uint8Array(64);
  try {
    outer: for (;;) {
      const n = await Deno.stdin.read(buffer);
      if (n === null) break;
      for (const byte of buffer.subarray(0, n)) {
        if (byte === 13 || byte === 10) break outer;
        if (byte === 3) throw new Error("Passphrase entry was cancelled");
        if (byte === 127 || byte === 8) chunks.pop();
        else chunks.push(byte);
      }
    }
  } finally {
    Deno.stdin.setRaw(false);
    writeAll(Deno.stderr, "\n");
  }
  return new TextDecoder().decode(new Uint8Array(chunks));
}

/** Folder of the compiled executable, or of main.ts under `deno run`. */
export function executableDir(mainUrl: string): string {
  const exe = Deno.execPath();
  const isDeno = /(^|[\\/])deno(\.exe)?$/i.test(exe);
  return isDeno ? dirname(fileURLToPath(mainUrl)) : dirname(exe);
}

export function terminalIo(mainUrl: string): CommandIo {
  const controller = new AbortController();
  try {
    Deno.addSignalListener("SIGINT", () => controller.abort(new Error("Stopped by the user (Ctrl-C)")));
  } catch {
    // signals not supported here
  }
  return {
    out: (line) => writeAll(Deno.stdout, line + "\n"),
    err: (line) => writeAll(Deno.stderr, line + "\n"),
    raw: (text) => writeAll(Deno.stdout, text),
    isTty: Deno.stdout.isTerminal(),
    readSecret: Deno.stdin.isTerminal() ? readSecret : undefined,
    env: Deno.env.toObject(),
    cwd: Deno.cwd(),
    executableDir: executableDir(mainUrl),
    signal: controller.signal,
  };
}
