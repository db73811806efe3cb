/**
 * Per-instance fault injection for backends (in the manner of kopia's FaultyStorage): rules pick calls by method,
 * remote name and call number, and fail, corrupt or drop them. No static hooks: each wrapper has its own rules and
 * counters.
 *
 * ```ts
 * const faulty = withFaults(new MemoryBackend(), [
 *   { method: "put", on: 2, fault: { kind: "throw", error: new Error("connection reset") } },
 *   { method: "get", name: /dblock/, fault: { kind: "bitflip" } },
 * ]);
 * ```
 * @module
 */
import {
  type Backend,
  readAll,
  type RemoteEntry,
  type UploadSource,
  uploadSourceFromBytes,
} from "../../lib/backends/backend.ts";

/** The backend methods a rule can target. */
export type FaultMethod = "list" | "put" | "get" | "delete" | "createFolder" | "quota";

/** What happens to a call a rule selects. */
export type Fault =
  /** Throw `error` without calling the inner backend. */
  | { readonly kind: "throw"; readonly error: unknown }
  /** Call the inner backend (so the put or delete does happen), then throw `error`: a lost reply. */
  | { readonly kind: "throwAfter"; readonly error: unknown }
  /** get: hand `consume` only the first `bytes` bytes (default: half, rounded down). */
  | { readonly kind: "truncate"; readonly bytes?: number }
  /** get: flip the lowest bit of the byte at `offset` (default: the last byte; negative counts from the end). */
  | { readonly kind: "bitflip"; readonly offset?: number }
  /** put: report success without storing anything. */
  | { readonly kind: "drop" }
  /** list: yield `entries` entries, then throw `error`. */
  | { readonly kind: "listFailAfter"; readonly entries: number; readonly error: unknown };

/** Selects calls and the fault to apply to them. */
export interface FaultRule {
  readonly method: FaultMethod;
  /** Only calls for this remote name (exact or pattern); ignored for list, createFolder and quota. */
  readonly name?: string | RegExp;
  /** The first matching call to hit, 1-based. Default 1. */
  readonly on?: number;
  /** How many matching calls in a row to hit, starting at `on`. Default 1; `Infinity` for all. */
  readonly times?: number;
  readonly fault: Fault;
}

/** A backend with faults, plus a record of every call it received. */
export interface FaultBackend extends Backend {
  /** One line per call, such as `put a.bin` or `list`, in call order. */
  readonly calls: readonly string[];
  /** How many faults have been applied. */
  readonly faultsApplied: number;
}

/** Wraps `inner` so the calls `rules` select fail, are corrupted or dropped. The first matching rule wins. */
export function withFaults(inner: Backend, rules: readonly FaultRule[]): FaultBackend {
  const seen = rules.map(() => 0);
  const calls: string[] = [];
  let faultsApplied = 0;

  function pick(method: FaultMethod, name?: string): Fault | undefined {
    calls.push(name === undefined ? method : `${method} ${name}`);
    let chosen: Fault | undefined;
    rules.forEach((rule, index) => {
      if (rule.method !== method || !nameMatches(rule.name, name)) return;
      const count = ++seen[index]!;
      const first = rule.on ?? 1;
      const hit = count >= first && count < first + (rule.times ?? 1);
      if (hit && chosen === undefined) chosen = rule.fault;
    });
    if (chosen !== undefined) faultsApplied++;
    return chosen;
  }

  async function around<T>(fault: Fault | undefined, call: () => Promise<T>): Promise<T> {
    if (fault?.kind === "throw") throw fault.error;
    const result = await call();
    if (fault?.kind === "throwAfter") throw fault.error;
    return result;
  }

  async function* list(): AsyncIterable<RemoteEntry> {
    const fault = pick("list");
    if (fault?.kind === "throw") throw fault.error;
    let count = 0;
    for await (const entry of inner.list()) {
      if (fault?.kind === "listFailAfter" && count >= fault.entries) throw fault.error;
      count++;
      yield entry;
    }
    if (fault?.kind === "listFailAfter") throw fault.error;
    if (fault?.kind === "throwAfter") throw fault.error;
  }

  return {
    properties: inner.properties,
    get calls() {
      return calls;
    },
    get faultsApplied() {
      return faultsApplied;
    },
    list,
    put(name: string, source: UploadSource) {
      const fault = pick("put", name);
      if (fault?.kind === "drop") return Promise.resolve();
      return around(fault, () => inner.put(name, source));
    },
    get<T>(name: string, consume: (body: ReadableStream<Uint8Array>) => Promise<T>) {
      const fault = pick("get", name);
      if (fault?.kind !== "truncate" && fault?.kind !== "bitflip") return around(fault, () => inner.get(name, consume));
      return inner.get(name, async (body) => consume(uploadSourceFromBytes(damage(await readAll(body), fault)).open()));
    },
    delete(name: string) {
      return around(pick("delete", name), () => inner.delete(name));
    },
    createFolder() {
      return around(pick("createFolder"), () => inner.createFolder());
    },
    quota() {
      return around(pick("quota"), () => inner.quota());
    },
    close: () => inner.close(),
  };
}

function nameMatches(pattern: string | RegExp | undefined, name: string | undefined): boolean {
  if (pattern === undefined || name === undefined) return true;
  return typeof pattern === "string" ? pattern === name : pattern.test(name);
}

function damage(bytes: Uint8Array, fault: Extract<Fault, { kind: "truncate" | "bitflip" }>): Uint8Array {
  if (fault.kind === "truncate") return bytes.slice(0, fault.bytes ?? Math.floor(bytes.length / 2));
  const copy = bytes.slice();
  if (copy.length === 0) return copy;
  const offset = fault.offset ?? -1;
  const index = offset < 0 ? copy.length + offset : offset;
  copy[index] = copy[index]! ^ 1;
  return copy;
}

/** A plain (transient, retryable) error for rules. */
export function transientError(message = "injected transient failure"): Error {
  return new Error(message);
}
