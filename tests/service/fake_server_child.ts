/**
 * A stand-in for `main.ts server --ping-pong-keepalive=true` in service tests. Options (after "server"):
 *   --fake-dir=<dir>          records each start in <dir>/starts and the stdin lines in <dir>/received-<pid>
 *   --fake-mode=pong|silent|ignore-shutdown   answer pings (default), never answer, or answer but ignore shutdown
 *   --fake-crash-first=<n>    exit 1 at once on the first n starts
 *   --fake-live-ms=<ms>       exit 1 after this long
 * Each start records its arguments and the DUPLICATI__WEBSERVICE_PASSWORD it got in its environment (as "secret").
 * Prints "fake server up" on stdout when started.
 * @module
 */
const options = new Map<string, string>();
for (const arg of Deno.args) {
  const match = /^--([^=]+)=(.*)$/.exec(arg);
  if (match) options.set(match[1]!, match[2]!);
}
const dir = options.get("fake-dir")!;
const countFile = `${dir}/count`;
let count = 0;
try {
  count = Number(Deno.readTextFileSync(countFile));
} catch {
  count = 0;
}
count++;
Deno.writeTextFileSync(countFile, String(count));
const secret = Deno.env.get("DUPLICATI__WEBSERVICE_PASSWORD") ?? null;
Deno.writeTextFileSync(`${dir}/starts`, `${JSON.stringify({ pid: Deno.pid, args: Deno.args, secret })}\n`, {
  append: true,
});
if (count <= Number(options.get("fake-crash-first") ?? "0")) Deno.exit(1);
const liveMs = options.get("fake-live-ms");
if (liveMs) setTimeout(() => Deno.exit(1), Number(liveMs));
const mode = options.get("fake-mode") ?? "pong";
console.log("fake server up");
const encoder = new TextEncoder();
let buffer = "";
for await (const chunk of Deno.stdin.readable.pipeThrough(new TextDecoderStream())) {
  buffer += chunk;
  let newline: number;
  while ((newline = buffer.indexOf("\n")) >= 0) {
    const line = buffer.slice(0, newline).trim();
    buffer = buffer.slice(newline + 1);
    Deno.writeTextFileSync(`${dir}/received-${Deno.pid}`, `${line}\n`, { append: true });
    if (line === "shutdown" && mode !== "ignore-shutdown") Deno.exit(0);
    if (line === "ping" && mode !== "silent") await Deno.stdout.write(encoder.encode("pong\n"));
  }
}
if (mode === "ignore-shutdown") await new Promise(() => setInterval(() => {}, 1000));
