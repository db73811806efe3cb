/**
 * Backend factories by URL scheme. Each backend contributes one {@link BackendFactory}; `builtin.ts` registers them
 * all, and help text, the web UI and `openBackend` read the registry instead of knowing backends by name.
 * @module
 */
import type { Logger } from "../core/log.ts";
import type { Options, OptionSpec } from "../options/option_spec.ts";
import type { Backend } from "./backend.ts";
import type { TargetUrl } from "./target_url.ts";

/** What a factory gets besides the URL. */
export interface OpenContext {
  /** Resolved options; URL query parameters have already been merged in by the caller where applicable. */
  readonly options: Options;
  /** Cancels every call of the backend that is opened. */
  readonly signal: AbortSignal;
  readonly log: Logger;
}

/** Creates backends for one URL scheme. */
export interface BackendFactory {
  /** Lower-case URL scheme: "file", "webdav", "s3" … */
  readonly scheme: string;
  /** Name shown to users: "Local folder or drive". */
  readonly displayName: string;
  /** One or two sentences for `help <scheme>`. */
  readonly description: string;
  /** The backend's own options; feeds help, validation and the web UI. */
  readonly options: readonly OptionSpec<unknown>[];
  /**
   * Opens a backend for `url`. Should not touch the network or disk beyond what is needed to validate the URL and
   * options; throws `UserInputError` for a URL or option the backend cannot use.
   */
  open(url: TargetUrl, context: OpenContext): Promise<Backend>;
}

/** A set of factories keyed by scheme. */
export class BackendRegistry {
  readonly #factories = new Map<string, BackendFactory>();

  /** Adds a factory; throws TypeError when its scheme is already registered. */
  register(factory: BackendFactory): void {
    const scheme = factory.scheme.toLowerCase();
    if (this.#factories.has(scheme)) throw new TypeError(`Backend scheme "${scheme}" is already registered`);
    this.#factories.set(scheme, factory);
  }

  /** The factory for `scheme` (case-insensitive), or undefined. */
  lookup(scheme: string): BackendFactory | undefined {
    return this.#factories.get(scheme.toLowerCase());
  }

  /** Every factory, sorted by scheme. */
  all(): BackendFactory[] {
    return [...this.#factories.values()].sort((a, b) => a.scheme.localeCompare(b.scheme));
  }
}
