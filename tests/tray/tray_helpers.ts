/**
 * Test doubles for the tray launcher: a key queue, captured signal handlers, and waiting for output lines.
 * @module
 */

/** Keys pushed by the test, read by the launcher as an async iterable. */
export class KeyQueue implements AsyncIterable<string> {
  #pending: string[] = [];
  #wake: (() => void) | undefined;
  #ended = false;

  push(key: string): void {
    this.#pending.push(key);
    this.#wake?.();
  }

  end(): void {
    this.#ended = true;
    this.#wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<string> {
    for (;;) {
      while (this.#pending.length > 0) yield this.#pending.shift()!;
      if (this.#ended) return;
      await new Promise<void>((resolve) => (this.#wake = resolve));
      this.#wake = undefined;
    }
  }
}

/** Signal handlers registered through `onSignal`, to be fired by the test. */
export class SignalBox {
  readonly handlers = new Map<string, () => void>();
  readonly onSignal = (signal: Deno.Signal, handler: () => void) => {
    this.handlers.set(signal, handler);
    return () => this.handlers.delete(signal);
  };
  fire(signal: Deno.Signal): void {
    const handler = this.handlers.get(signal);
    if (!handler) throw new Error(`No handler for ${signal}`);
    handler();
  }
}

/** Waits (up to 30 s) until a line after index `from` matches; returns its index. */
export async function waitForLine(lines: readonly string[], pattern: RegExp, from = 0): Promise<number> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const index = lines.findIndex((line, i) => i >= from && pattern.test(line));
    if (index >= 0) return index;
    if (Date.now() > deadline) throw new Error(`No line matching ${pattern} after ${from}:\n${lines.join("\n")}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
