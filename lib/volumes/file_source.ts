/**
 * A {@link RandomAccessSource} over a local file, read with synchronous positioned reads (workers and the restore's
 * hot path use synchronous file I/O; see the Deno feasibility notes).
 * @module
 */
import { IntegrityError } from "../core/errors.ts";
import type { RandomAccessSource } from "./random_access.ts";

/** A source that holds an open file until {@link FileSource.close}. */
export interface FileSource extends RandomAccessSource {
  close(): void;
}

/** Opens `path` for reading; its size is taken now. `label` names the file in errors (the remote name). */
export function openFileSource(path: string, label = path): FileSource {
  const file = Deno.openSync(path, { read: true });
  let size: number;
  try {
    size = file.statSync().size;
  } catch (error) {
    file.close();
    throw error;
  }
  return {
    size,
    readAt(into, position) {
      file.seekSync(position, Deno.SeekMode.Start);
      let at = 0;
      while (at < into.length) {
        const n = file.readSync(into.subarray(at));
        if (n === null || n === 0) {
          throw new IntegrityError(`Cannot read "${label}": it ended at ${position + at} bytes, expected ${size}`);
        }
        at += n;
      }
    },
    close: () => file.close(),
  };
}
