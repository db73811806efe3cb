/**
 * Storage backends: the Backend contract, storage URLs, the factory registry, the wrappers and the built-in
 * implementations. Operations get a backend from {@link openBackend} and never construct one themselves.
 * @module
 */
export {
  type Backend,
  type BackendProperties,
  checkRemoteName,
  getBytes,
  type Quota,
  readAll,
  type RemoteEntry,
  type UploadSource,
  uploadSourceFromBytes,
  uploadSourceFromFile,
} from "./backend.ts";
export {
  isSecretQueryKey,
  parseTargetUrl,
  type ParseTargetUrlOptions,
  redactTargetUrl,
  type TargetUrl,
} from "./target_url.ts";
export { type BackendFactory, BackendRegistry, type OpenContext } from "./registry.ts";
export { builtinBackends } from "./builtin.ts";
export { openBackend, type OpenBackendOptions } from "./open_backend.ts";
export { backendOption } from "./backend_option.ts";
export {
  NUMBER_OF_RETRIES,
  RETRY_DELAY,
  RETRY_OPTIONS,
  RETRY_WITH_EXPONENTIAL_BACKOFF,
  retryDelayMs,
  retryPolicyFromOptions,
} from "./retry_options.ts";
export * from "./wrappers/mod.ts";
export * from "./file/mod.ts";
export * from "./memory/mod.ts";
