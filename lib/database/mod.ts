export * from "./connection.ts";
export * from "./schema.ts";
export * from "./configuration.ts";
export * from "./remote_volumes.ts";
export * from "./blocks.ts";
export * from "./filesets.ts";
export * from "./batch.ts";
