/**
 * The `file://` scheme (and bare paths, which `parseTargetUrl` turns into `file` URLs).
 * @module
 */
import { UserInputError } from "../../core/errors.ts";
import { backendOption } from "../backend_option.ts";
import type { BackendFactory } from "../registry.ts";
import { redactTargetUrl } from "../target_url.ts";
import { FileBackend } from "./file_backend.ts";
import { DISABLE_LENGTH_VERIFICATION, FILE_OPTIONS } from "./file_options.ts";

/** Factory for local folders. */
export const fileBackendFactory: BackendFactory = {
  scheme: "file",
  displayName: "Local folder or drive",
  description: "Stores the backup in a folder on a local disk, a mounted network share or a removable drive.",
  options: FILE_OPTIONS,
  open(url, context) {
    try {
      if (url.scheme !== "file") {
        const shown = JSON.stringify(redactTargetUrl(url));
        throw new UserInputError(`Cannot open storage URL ${shown}: the file backend has no scheme "${url.scheme}"`);
      }
      const verifyLength = !backendOption(DISABLE_LENGTH_VERIFICATION, { url, options: context.options });
      return Promise.resolve(new FileBackend(url.path, { verifyLength, signal: context.signal }));
    } catch (error) {
      return Promise.reject(error);
    }
  },
};
