/** The product version, printed by `version` and written nowhere in the remote format. */
export const PRODUCT_VERSION = "0.1.0";
export const PRODUCT_NAME = "duplicati-deno";
