/**
 * The local-folder backend.
 * @module
 */
export { FileBackend, type FileBackendOptions, PARTIAL_FILE_PATTERN } from "./file_backend.ts";
export { fileBackendFactory } from "./file_factory.ts";
export { DISABLE_LENGTH_VERIFICATION, FILE_OPTIONS } from "./file_options.ts";
