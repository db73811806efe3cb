export * from "./zip_writer.ts";
export * from "./zip_reader.ts";
