/**
 * Duplicati filters: ordered `--include`/`--exclude` rules over whole paths, with wildcards, `[regex]`,
 * `@literal` and `{Group}` expressions, and the built-in filter groups per OS.
 * @module
 */
export { Filter, type FilterOptions, type FilterRule } from "./filter.ts";
export { globToRegExp, globToRegExpSource, literalToRegExpSource } from "./glob.ts";
export {
  type CompiledFilterExpression,
  compileFilterExpression,
  dotNetRegexToJs,
  expandEnvironmentVariables,
  type FilterExpressionKind,
  type FilterSyntaxOptions,
  matchesWholePath,
} from "./parse_filter.ts";
export {
  currentFilterOs,
  expandFilterGroup,
  FILTER_GROUP_NAMES,
  filterGroupAliases,
  type FilterGroupName,
  filterGroupNames,
  type FilterOs,
  resolveFilterGroups,
} from "./filter_groups.ts";
