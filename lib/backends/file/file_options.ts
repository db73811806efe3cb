/**
 * Options of the file backend. Duplicati's `--use-move-for-put`, `--alternate-target-paths`,
 * `--alternate-destination-marker` and `--disable-filename-sanitation` are not offered: given on a command line they
 * are reported as unsupported options and ignored, as Duplicati does with any unknown option.
 * @module
 */
import { booleanOption } from "../../options/define.ts";

/** Skips the check that an upload wrote exactly the announced number of bytes. */
export const DISABLE_LENGTH_VERIFICATION = booleanOption({
  name: "disable-length-verification",
  summary: "Do not check that an uploaded file has the expected length",
  category: "backend",
});

/** Every option of the file backend. */
export const FILE_OPTIONS = [DISABLE_LENGTH_VERIFICATION] as const;
