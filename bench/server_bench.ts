/**
 * The server part of `deno task bench` (issue 4's targets): a real `main.ts server` with 200 configured backups
 * answers `GET /api/v1/backups` in under 50 ms at the median, and an idle server uses ~0% CPU (measured from
 * /proc/<pid>/stat over an idle window, Linux only).
 * The server is started and signed in to with tests/support/server_process.ts, as the server tests do.
 * @module
 */
import { type ServerProcess, startServerProcess } from "../tests/support/server_process.ts";

export interface ServerBenchResult {
  readonly backups: number;
  readonly requests: number;
  readonly listMedianMs: number;
  readonly listP95Ms: number;
  /** Bytes of one GET /backups answer. */
  readonly listBytes: number;
  /** CPU time over wall time while idle, in percent; null when /proc is not available. */
  readonly idleCpuPercent: number | null;
  readonly idleSeconds: number;
}

const BACKUPS = 200;
const REQUESTS = 100;

/** Starts `main.ts server` from `repoRoot`, creates the backups, times GET /backups, then measures idle CPU. */
export async function runServerBench(
  env: { repoRoot: string; workDir: string; idleSeconds?: number },
): Promise<ServerBenchResult> {
  const dataFolder = `${env.workDir}/server-bench-data`;
  Deno.mkdirSync(dataFolder, { recursive: true });
  let server: ServerProcess | undefined;
  try {
    server = await startServerProcess([`--server-datafolder=${dataFolder}`], { repoRoot: env.repoRoot });
    for (let i = 0; i < BACKUPS; i++) {
      const created = await server.api("POST", "/backups", sampleBackup(i, env.workDir));
      if (created.status !== 200) throw new Error(`Creating backup ${i} failed: ${JSON.stringify(created.body)}`);
    }
    // Timed with a plain fetch: the response bytes, not the harness's JSON parsing.
    const headers = { authorization: `Bearer ${server.accessToken}` };
    const times: number[] = [];
    let listBytes = 0;
    for (let i = 0; i < REQUESTS + 5; i++) {
      const started = performance.now();
      const response = await fetch(`${server.baseUrl}/api/v1/backups`, { headers });
      const body = await response.arrayBuffer();
      const elapsed = performance.now() - started;
      if (response.status !== 200) throw new Error(`GET /backups answered ${response.status}`);
      listBytes = body.byteLength;
      if (i >= 5) times.push(elapsed); // the first requests warm up the JIT
    }
    times.sort((a, b) => a - b);
    const idleSeconds = env.idleSeconds ?? 10;
    const idleCpuPercent = await idleCpu(server.pid, idleSeconds);
    return {
      backups: BACKUPS,
      requests: REQUESTS,
      listMedianMs: times[Math.floor(times.length / 2)]!,
      listP95Ms: times[Math.floor(times.length * 0.95)]!,
      listBytes,
      idleCpuPercent,
      idleSeconds,
    };
  } finally {
    await server?.stop();
    Deno.removeSync(dataFolder, { recursive: true });
  }
}

/** Lines of the report and PASS/MISS for the two targets. */
export function formatServerBench(result: ServerBenchResult): string {
  const list = result.listMedianMs < 50 ? "PASS" : "MISS";
  const idle = result.idleCpuPercent === null ? "n/a" : result.idleCpuPercent < 1 ? "PASS" : "MISS";
  return [
    "Server (issue 4 targets)",
    `  GET /api/v1/backups with ${result.backups} backups: median ${result.listMedianMs.toFixed(1)} ms, ` +
    `p95 ${result.listP95Ms.toFixed(1)} ms over ${result.requests} requests, ${
      (result.listBytes / 1024).toFixed(0)
    } KiB` +
    `  [target < 50 ms median: ${list}]`,
    `  idle CPU over ${result.idleSeconds} s: ` +
    `${result.idleCpuPercent === null ? "not measured (no /proc)" : `${result.idleCpuPercent.toFixed(2)} %`}` +
    `  [target ~0 %: ${idle}]`,
  ].join("\n");
}

function sampleBackup(i: number, workDir: string) {
  return {
    Backup: {
      Name: `Backup ${String(i).padStart(3, "0")}`,
      Description: `Bench backup number ${i}`,
      TargetURL: `file://${workDir}/server-bench-dest/${i}`,
      Sources: [`/home/user${i % 7}/Documents/`, `/srv/data/${i}/`],
      Settings: [
        { Name: "passphrase", Value: `secret ${i}` },
        { Name: "dblock-size", Value: "50mb" },
        { Name: "keep-versions", Value: "5" },
        { Name: "--exclude-files-attributes", Value: "temporary" },
      ],
      Filters: [{ Order: 0, Include: false, Expression: "*.tmp" }, {
        Order: 1,
        Include: false,
        Expression: "[.*/cache/.*]",
      }],
      Metadata: {},
    },
    Schedule: {
      Repeat: "1D",
      Time: new Date(Date.UTC(2030, 0, 1, 2, i % 60)).toISOString(),
      AllowedDays: ["mon", "wed", "fri"],
    },
  };
}

/** CPU percent of a process over `seconds`, from utime+stime in /proc/<pid>/stat; null without /proc. */
async function idleCpu(pid: number, seconds: number): Promise<number | null> {
  const ticks = () => {
    const fields = Deno.readTextFileSync(`/proc/${pid}/stat`).split(") ")[1]!.split(" ");
    return Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
  };
  let before: number;
  try {
    before = ticks();
  } catch {
    return null;
  }
  const started = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const used = (ticks() - before) / 100; // USER_HZ is 100 on Linux
  return (used / ((performance.now() - started) / 1000)) * 100;
}
