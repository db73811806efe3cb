/**
 * The data folder (dbconfig.json, local databases, the server database) and the storage-URL → local-database map.
 * @module
 */
export { type DataFolderInput, defaultDataFolder, ensureDataFolder, resolveDataFolder } from "./data_folder.ts";
export { type DbLookup, findDatabase, type FindDatabaseOptions, randomDatabaseName } from "./db_locator.ts";
export {
  DBCONFIG_FILE_NAME,
  type DbConfigEntry,
  formatDbConfig,
  readDbConfig,
  writeDbConfig,
} from "./dbconfig_file.ts";
