import {
  CONFIG_BLOCK_HASH,
  CONFIG_BLOCKSIZE,
  CONFIG_ENCRYPTION,
  CONFIG_FILE_HASH,
  CONFIG_PASSPHRASE_CHECK,
  CONFIG_PREFIX,
  getConfig,
  setConfig,
} from "../../lib/database/configuration.ts";
import { assertEquals } from "../support/assert.ts";
import { withDb } from "./db_fixtures.ts";

Deno.test("setConfig() inserts and replaces; getConfig() reads or gives undefined", () => {
  withDb((db) => {
    assertEquals(getConfig(db, CONFIG_BLOCKSIZE), undefined);
    setConfig(db, CONFIG_BLOCKSIZE, "1048576");
    assertEquals(getConfig(db, CONFIG_BLOCKSIZE), "1048576");
    setConfig(db, CONFIG_BLOCKSIZE, "102400");
    assertEquals(getConfig(db, CONFIG_BLOCKSIZE), "102400");
    setConfig(db, CONFIG_PREFIX, "");
    assertEquals(getConfig(db, CONFIG_PREFIX), "");
  });
});

Deno.test("CONFIG_* keys have stable names", () => {
  assertEquals(
    [CONFIG_BLOCKSIZE, CONFIG_BLOCK_HASH, CONFIG_FILE_HASH, CONFIG_ENCRYPTION, CONFIG_PASSPHRASE_CHECK, CONFIG_PREFIX],
    ["blocksize", "block-hash-algorithm", "file-hash-algorithm", "encryption-module", "passphrase-check", "prefix"],
  );
});
