export * from "./hash.ts";
export * from "./blocklist.ts";
