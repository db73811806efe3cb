/**
 * `--ping-pong-keepalive`: the supervisor (`service run`) writes "ping" lines to the server's standard input and
 * expects "pong"; a "shutdown" line (or the end of input) stops the server.
 * @module
 */

/** Starts answering; returns a function that stops reading. */
export function pingPong(env: { onShutdown: () => void; write?: (line: string) => void }): () => void {
  const write = env.write ?? ((line: string) => Deno.stdout.writeSync(new TextEncoder().encode(line + "\n")));
  const reader = Deno.stdin.readable.pipeThrough(new TextDecoderStream()).getReader();
  let stopped = false;
  void (async () => {
    let buffer = "";
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let newline: number;
        while ((newline = buffer.indexOf("\n")) >= 0) {
          const line = buffer.slice(0, newline).trim().toLowerCase();
          buffer = buffer.slice(newline + 1);
          if (line === "shutdown") {
            env.onShutdown();
            return;
          }
          if (line !== "") write("pong");
        }
      }
    } catch {
      // stdin closed
    }
    if (!stopped) env.onShutdown();
  })();
  return () => {
    stopped = true;
    reader.cancel().catch(() => {});
  };
}
