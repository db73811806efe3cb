/**
 * The in-memory backend for tests and examples.
 * @module
 */
export { MemoryBackend, memoryBackendFactory, type MemoryBackendOptions } from "./memory_backend.ts";
