/**
 * `deno task compile`: builds one executable per platform into dist/. Needs Deno's denort runtime, which
 * `deno compile` downloads from Deno's release server, or takes from the DENORT_BIN environment variable.
 * Workers are included explicitly so the compiled binary can start them.
 */
const TARGETS = [
  { target: "x86_64-unknown-linux-gnu", name: "duplicati-linux-x64" },
  { target: "aarch64-unknown-linux-gnu", name: "duplicati-linux-arm64" },
  { target: "x86_64-apple-darwin", name: "duplicati-macos-x64" },
  { target: "aarch64-apple-darwin", name: "duplicati-macos-arm64" },
  { target: "x86_64-pc-windows-msvc", name: "duplicati-windows-x64.exe" },
];
const PERMISSIONS = ["--allow-read", "--allow-write", "--allow-env", "--allow-net", "--allow-run", "--allow-sys"];
const INCLUDES = ["lib/operations/backup/compress_worker.ts", "lib/operations/restore/restore_worker.ts"];

import { v8FlagsArgument } from "./v8_flags.ts";

const only = Deno.args.find((a) => a.startsWith("--target="))?.slice("--target=".length);
const root = new URL("..", import.meta.url).pathname;
let failures = 0;
for (const { target, name } of TARGETS.filter((t) => !only || t.target === only)) {
  const args = [
    "compile",
    ...PERMISSIONS,
    v8FlagsArgument(),
    ...INCLUDES.flatMap((file) => ["--include", file]),
    "--target",
    target,
    "--output",
    `dist/${name}`,
    "main.ts",
  ];
  console.log(`deno ${args.join(" ")}`);
  const { code } = await new Deno.Command(Deno.execPath(), { args, cwd: root, stdout: "inherit", stderr: "inherit" })
    .output();
  if (code !== 0) {
    failures++;
    console.error(
      `Cannot build ${name} (exit ${code}). deno compile needs the denort runtime: set DENORT_BIN or allow downloads.`,
    );
  }
}
Deno.exit(failures === 0 ? 0 : 1);
