/**
 * Single key presses from a terminal: the terminal is put in non-canonical no-echo mode (`stty -icanon -echo` on
 * Unix, which keeps output and Ctrl-C processing as they are; raw mode on Windows) and restored by `close()`.
 * @module
 */

/** Keys typed by the user, one character per item. */
export interface KeySource {
  readonly keys: AsyncIterable<string>;
  /** Restores the terminal mode. A read still pending on stdin stays pending until the process exits. */
  close(): Promise<void>;
}

async function stty(args: readonly string[]): Promise<string | undefined> {
  try {
    const result = await new Deno.Command("stty", {
      args: [...args],
      stdin: "inherit",
      stdout: "piped",
      stderr: "null",
    })
      .output();
    return result.success ? new TextDecoder().decode(result.stdout).trim() : undefined;
  } catch {
    return undefined;
  }
}

async function* readKeys(): AsyncGenerator<string> {
  const buffer = new Uint8Array(64);
  const decoder = new TextDecoder();
  for (;;) {
    const n = await Deno.stdin.read(buffer);
    if (n === null) return;
    for (const char of decoder.decode(buffer.subarray(0, n), { stream: true })) yield char;
  }
}

/** Key presses from stdin when it is a terminal, else undefined. */
export async function terminalKeys(): Promise<KeySource | undefined> {
  if (!Deno.stdin.isTerminal()) return undefined;
  if (Deno.build.os !== "windows") {
    const saved = await stty(["-g"]);
    if (saved !== undefined && (await stty(["-icanon", "-echo", "min", "1", "time", "0"])) !== undefined) {
      return { keys: readKeys(), close: async () => void (await stty([saved])) };
    }
  }
  try {
    Deno.stdin.setRaw(true);
  } catch {
    return undefined;
  }
  return {
    keys: readKeys(),
    close: () => {
      try {
        Deno.stdin.setRaw(false);
      } catch {
        // the terminal is gone
      }
      return Promise.resolve();
    },
  };
}
