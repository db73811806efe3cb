/**
 * Backend wrappers: each is a function Backend → Backend, composed in `open_backend.ts`.
 * @module
 */
export { type RetryPolicy, withRetry } from "./retry.ts";
export { type DryRunOptions, withDryRun } from "./dry_run.ts";
