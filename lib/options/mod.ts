/**
 * Options: typed specs declared beside their consumers, Duplicati's value syntaxes, the registry, resolution of
 * raw command-line maps into typed {@link Options}, `--parameters-file` and help text.
 * @module
 */
export type { OptionKind, Options, OptionSpec } from "./option_spec.ts";
export * from "./define.ts";
export { InvalidValueError } from "./invalid_value_error.ts";
export { formatSizeText, parseSize, sizeHasNoSuffix, type SizeUnit } from "./parse_size.ts";
export {
  addCalendarSpan,
  isTimespan,
  parseTimespan,
  parseTimespanParts,
  type TimespanPart,
  type TimespanUnit,
} from "./parse_timespan.ts";
export { parseDateTime } from "./parse_datetime.ts";
export { MAX_VERSION_LIST_LENGTH, parseVersionList } from "./parse_version_list.ts";
export { type OptionToken, parseOptionToken } from "./parse_option_token.ts";
export { INTERNAL_OPTION_NAMES, normalizeOptionName, OptionRegistry } from "./registry.ts";
export { optionsFromRecord, type ResolvedOptions, resolveOptions } from "./resolve.ts";
export * from "./parameters_file.ts";
export { formatOptionHelp, formatOptionList, type HelpLayout } from "./help_text.ts";
export * from "./common_options.ts";
export * from "./backup_options.ts";
export * from "./restore_options.ts";
export * from "./logging_options.ts";
