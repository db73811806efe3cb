/**
 * `system-info`: facts about the program and the machine it runs on, for bug reports.
 * @module
 */
import { cpus, hostname, release, type as osType } from "node:os";

/** What {@link systemInfo} reports. */
export interface SystemInfo {
  readonly product: string;
  readonly os: string;
  readonly osRelease: string;
  readonly arch: string;
  readonly target: string;
  readonly deno: string;
  readonly v8: string;
  readonly typescript: string;
  readonly dataFolder: string;
  readonly tempFolder: string;
  readonly locale: string;
  readonly timeZone: string;
  readonly hostname: string;
  readonly cpuCount: number;
}

/** Collects the facts; a fact the platform refuses to give (permissions) reads "unknown". */
export function systemInfo(
  input: { readonly product: string; readonly dataFolder: string; readonly tempFolder: string },
): SystemInfo {
  const intl = Intl.DateTimeFormat().resolvedOptions();
  return {
    product: input.product,
    os: safe(() => osType()),
    osRelease: safe(() => release()),
    arch: Deno.build.arch,
    target: Deno.build.target,
    deno: Deno.version.deno,
    v8: Deno.version.v8,
    typescript: Deno.version.typescript,
    dataFolder: input.dataFolder,
    tempFolder: input.tempFolder,
    locale: intl.locale,
    timeZone: intl.timeZone,
    hostname: safe(() => hostname()),
    cpuCount: navigator.hardwareConcurrency || safeNumber(() => cpus().length),
  };
}

function safe(read: () => string): string {
  try {
    return read() || "unknown";
  } catch {
    return "unknown";
  }
}

function safeNumber(read: () => number): number {
  try {
    return read();
  } catch {
    return 0;
  }
}
