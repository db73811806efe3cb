/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * Entry point of the web UI bundle (scripts/build_web.ts bundles it into web/dist/app.js).
 * @module
 */
import { render } from "preact";
import { App } from "./app.tsx";
import { applyTheme, storedTheme } from "./theme.ts";

applyTheme(storedTheme());
render(<App />, document.getElementById("app")!);
