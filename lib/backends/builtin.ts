/**
 * The registry of every backend this build ships (restic's backend/all). The memory backend is not in it: a
 * `memory://` URL would silently lose a user's backup, and a process-global store would be an ambient singleton.
 * Tests register `memoryBackendFactory(files)` in their own registry instead.
 * @module
 */
import { fileBackendFactory } from "./file/file_factory.ts";
import { BackendRegistry } from "./registry.ts";

/** A new registry holding the built-in backends. */
export function builtinBackends(): BackendRegistry {
  const registry = new BackendRegistry();
  registry.register(fileBackendFactory);
  return registry;
}
