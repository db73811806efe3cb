/**
 * The desktop around the tray launcher: opening a URL in a browser (--browser-command or the OS default) and desktop
 * notifications (notify-send on Linux and BSD, osascript on macOS) where they exist.
 * @module
 */

/** Starts a program without waiting for it; resolves false when it cannot be started (for example not installed). */
export type Spawn = (command: readonly string[]) => Promise<boolean>;

/** The default {@link Spawn}: a detached child with no stdio that does not keep the process alive. */
export function spawnDetached(command: readonly string[]): Promise<boolean> {
  try {
    const child = new Deno.Command(command[0]!, {
      args: command.slice(1),
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).spawn();
    child.unref();
    child.status.catch(() => {});
    return Promise.resolve(true);
  } catch {
    return Promise.resolve(false);
  }
}

function fileExists(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

/**
 * The command line that opens `url`: `--browser-command` (a program path, or a program with arguments separated by
 * spaces) followed by the URL, else xdg-open (Linux), open (macOS) or `cmd /c start <url>` (Windows).
 */
export function browserCommandLine(url: string, env: { browserCommand?: string; os: typeof Deno.build.os }): string[] {
  const custom = env.browserCommand?.trim();
  if (custom) return [...(fileExists(custom) ? [custom] : custom.split(/\s+/)), url];
  if (env.os === "darwin") return ["open", url];
  // cmd parses its own line: no title argument (it would need quotes), and & escaped for cmd.
  if (env.os === "windows") return ["cmd", "/c", "start", url.replaceAll("&", "^&")];
  return ["xdg-open", url];
}

/** The command line of a desktop notification, or undefined on desktops without one. */
export function notificationCommandLine(title: string, body: string, os: typeof Deno.build.os): string[] | undefined {
  if (os === "darwin") {
    const quote = (text: string) => `"${text.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
    return ["osascript", "-e", `display notification ${quote(body)} with title ${quote(title)}`];
  }
  if (os === "windows") return undefined;
  return ["notify-send", "--app-name=Duplicati", title, body];
}

/** Sends desktop notifications; after the first failure to start the helper it stays quiet. */
export function desktopNotifier(
  env: { os: typeof Deno.build.os; spawn: Spawn },
): (title: string, body: string) => Promise<void> {
  let available = true;
  return async (title, body) => {
    if (!available) return;
    const command = notificationCommandLine(title, body, env.os);
    if (command === undefined || !(await env.spawn(command))) available = false;
  };
}
