/**
 * The one place that layers the backend wrappers (restic's wrapBackend):
 * factory.open → test hook (`wrap`) → retry → upload throttle → dry run. The outermost layer is what operations see.
 * @module
 */
import { UserInputError } from "../core/errors.ts";
import type { Logger } from "../core/log.ts";
import type { Options } from "../options/option_spec.ts";
import type { Backend } from "./backend.ts";
import { builtinBackends } from "./builtin.ts";
import type { BackendFactory, BackendRegistry } from "./registry.ts";
import { retryPolicyFromOptions, THROTTLE_UPLOAD } from "./retry_options.ts";
import { redactTargetUrl, type TargetUrl } from "./target_url.ts";
import { withDryRun } from "./wrappers/dry_run.ts";
import { withRetry } from "./wrappers/retry.ts";
import { withUploadThrottle } from "./wrappers/throttle.ts";

/** Inputs of {@link openBackend}. */
export interface OpenBackendOptions {
  /** Defaults to {@link builtinBackends}. */
  readonly registry?: BackendRegistry;
  readonly options: Options;
  readonly signal: AbortSignal;
  readonly log: Logger;
  /** Test hook: wraps the raw backend under the retry layer (for example with fault injection). */
  readonly wrap?: (backend: Backend) => Backend;
  /** Drop every write (`--dry-run`). */
  readonly dryRun?: boolean;
}

/**
 * Opens the backend for `url` with retries from the options and dry run when asked. Throws `UserInputError`
 * for a scheme no backend handles, naming the supported schemes.
 */
export async function openBackend(url: TargetUrl, o: OpenBackendOptions): Promise<Backend> {
  const registry = o.registry ?? builtinBackends();
  const factory = findFactory(registry, url.scheme);
  if (factory === undefined) {
    const supported = registry.all().map((f) => f.scheme).join(", ");
    throw new UserInputError(
      `Cannot open storage URL ${JSON.stringify(redactTargetUrl(url))}: unsupported scheme "${url.scheme}" ` +
        `(supported: ${supported === "" ? "none" : supported})`,
    );
  }
  let backend = await factory.open(url, { options: o.options, signal: o.signal, log: o.log });
  if (o.wrap) backend = o.wrap(backend);
  backend = withRetry(backend, retryPolicyFromOptions(o.options, { signal: o.signal, log: o.log }));
  const rate = o.options.get(THROTTLE_UPLOAD);
  if (rate !== undefined) backend = withUploadThrottle(backend, { bytesPerSecond: rate, signal: o.signal });
  if (o.dryRun === true) backend = withDryRun(backend, { log: o.log });
  return backend;
}

/** The factory for a scheme; "webdavs"-style schemes fall back to the base scheme's factory, which decides. */
function findFactory(registry: BackendRegistry, scheme: string): BackendFactory | undefined {
  const exact = registry.lookup(scheme);
  if (exact !== undefined || !scheme.endsWith("s") || scheme.length < 2) return exact;
  return registry.lookup(scheme.slice(0, -1));
}
