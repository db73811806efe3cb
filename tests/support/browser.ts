/**
 * Browser tests: Debian's Chromium driven by playwright-core against a real `server` process. `startUi` starts
 * the server without signing in (the test signs in through the page with the printed link), launches Chromium,
 * and records every console error, page error, failed request and HTTP error answer; `finish` fails the test when
 * any appeared that the test did not declare expected. `shot` saves a full-page screenshot of a screen into
 * WEB_SCREENSHOTS (default /tmp/web-screenshots) for a person to look at.
 * @module
 */
import { type Browser, chromium, type Page } from "playwright-core";
import { type ServerProcess, startServerProcess } from "./server_process.ts";

export type { Page };

/** Where Chromium is; CHROMIUM_PATH overrides. */
export function chromiumPath(): string {
  const candidates = [Deno.env.get("CHROMIUM_PATH"), "/usr/bin/chromium", "/usr/bin/chromium-browser"];
  for (const path of candidates) {
    if (!path) continue;
    try {
      if (Deno.statSync(path).isFile) return path;
    } catch {
      // next
    }
  }
  throw new Error(
    "Cannot run the browser tests: Chromium is not installed (apt-get install chromium, or set CHROMIUM_PATH)",
  );
}

export const SCREENSHOT_DIR = Deno.env.get("WEB_SCREENSHOTS") ?? "/tmp/web-screenshots";

export interface Ui {
  readonly server: ServerProcess;
  readonly browser: Browser;
  readonly page: Page;
  /** The sign-in link the server printed (single use). */
  readonly signinLink: string;
  /** The data folder of the server. */
  readonly dataFolder: string;
  /** Problems seen so far: console errors, page errors, failed requests, HTTP errors not expected. */
  readonly problems: string[];
  /** Declares an HTTP error answer as expected (method and a path pattern, status). */
  expectHttpError(match: { status: number; path: RegExp }): void;
  /** Signs in through the page with the printed link and waits for the home page. */
  signIn(): Promise<void>;
  /** Saves a full-page screenshot named `<prefix>-<name>.png`. */
  shot(name: string): Promise<void>;
  /** Closes the browser and stops the server; throws when problems were recorded. */
  finish(): Promise<void>;
}

/** Starts a server (data folder `dataFolder`, extra server args) and a browser page; `prefix` names screenshots. */
export async function startUi(
  options: {
    dataFolder: string;
    prefix: string;
    args?: readonly string[];
    env?: Record<string, string>;
    /** A server password (--webservice-password); the sign-in link is then issued with it, not printed. */
    password?: string;
  },
): Promise<Ui> {
  const passwordArgs = options.password === undefined ? [] : [`--webservice-password=${options.password}`];
  const server = await startServerProcess(
    [`--server-datafolder=${options.dataFolder}`, ...passwordArgs, ...(options.args ?? [])],
    { signIn: false, ...(options.env ? { env: options.env } : {}) },
  );
  let browser: Browser | undefined;
  try {
    const signinLink = options.password === undefined
      ? await printedLink(server)
      : await issuedLink(server, options.password);
    browser = await chromium.launch({
      executablePath: chromiumPath(),
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-sync"],
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: "en-US" });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const problems: string[] = [];
    const expected: { status: number; path: RegExp }[] = [];
    let closing = false;
    page.on("console", (message) => {
      if (message.type() !== "error") return;
      // Chromium logs every HTTP error answer as a console error too; those are judged by the response handler.
      if (/^Failed to load resource: the server responded with a status of \d+/.test(message.text())) return;
      problems.push(`console error: ${message.text()}`);
    });
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("requestfailed", (request) => {
      const failure = request.failure()?.errorText ?? "";
      // A read the browser cancelled (a reload, a navigation or closing the page cut it short) is not a failure;
      // a cancelled write, or any other network error, is.
      if (failure.includes("ERR_ABORTED") && (closing || request.method() === "GET")) return;
      problems.push(`request failed: ${request.method()} ${request.url()} (${failure})`);
    });
    page.on("response", (response) => {
      if (response.status() < 400) return;
      const url = new URL(response.url());
      if (expected.some((e) => e.status === response.status() && e.path.test(url.pathname))) return;
      problems.push(`HTTP ${response.status()}: ${response.request().method()} ${url.pathname}${url.search}`);
    });
    Deno.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const ui: Ui = {
      server,
      browser,
      page,
      signinLink,
      dataFolder: options.dataFolder,
      problems,
      expectHttpError: (match) => void expected.push(match),
      async signIn() {
        await page.goto(signinLink);
        await page.getByRole("navigation", { name: "Main" }).waitFor();
      },
      async shot(name) {
        await page.screenshot({ path: `${SCREENSHOT_DIR}/${options.prefix}-${name}.png`, fullPage: true });
      },
      async finish() {
        closing = true;
        try {
          await browser!.close();
        } finally {
          await server.stop();
        }
        if (problems.length > 0) throw new Error(`The page had problems:\n${problems.join("\n")}`);
      },
    };
    return ui;
  } catch (error) {
    await browser?.close().catch(() => {});
    await server.stop();
    throw error;
  }
}

async function printedLink(server: ServerProcess): Promise<string> {
  const deadline = Date.now() + 30_000;
  let match: RegExpMatchArray | null = null;
  while (!(match = server.output().match(/(http\S+\/signin\.html\?token=\S+)/)) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (!match) throw new Error(`The server printed no sign-in link:\n${server.output()}`);
  return match[1]!.replace(/^http:\/\/[^/]+/, server.baseUrl);
}

async function issuedLink(server: ServerProcess, password: string): Promise<string> {
  const response = await fetch(`${server.baseUrl}/api/v1/auth/issuesignintoken`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ Password: password }),
  });
  const body = await response.json() as { Token?: string };
  if (response.status !== 200 || !body.Token) throw new Error(`Cannot issue a sign-in token: ${JSON.stringify(body)}`);
  return `${server.baseUrl}/signin.html?token=${body.Token}`;
}

/** A JSON client signed in with the server password (for setting up and checking state beside the page). */
export async function passwordApi(
  server: ServerProcess,
  password: string,
): Promise<(method: string, path: string, body?: unknown) => Promise<{ status: number; body: unknown }>> {
  const login = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ Password: password }),
  });
  const tokens = await login.json() as { AccessToken?: string };
  if (login.status !== 200 || !tokens.AccessToken) throw new Error(`Cannot sign in: ${JSON.stringify(tokens)}`);
  return async (method, path, body) => {
    const response = await fetch(`${server.baseUrl}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${tokens.AccessToken}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: response.status, body: parsed };
  };
}
