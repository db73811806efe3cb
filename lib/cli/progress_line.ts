/**
 * The one-line live progress shown on a terminal: phase, files and bytes done (and in total when known), speed
 * and ETA. Nothing is drawn when output is not a terminal.
 * @module
 */
import type { ProgressEvent, ProgressSink } from "../operations/progress.ts";
import { formatSize } from "./output.ts";

const PHASE_TEXT: Record<string, string> = {
  Backup_Begin: "Starting backup",
  Backup_PreBackupVerify: "Checking remote backup",
  Backup_ProcessingFiles: "Processing files",
  Backup_WaitForUpload: "Waiting for uploads",
  Backup_Complete: "Backup complete",
  Restore_Begin: "Starting restore",
  Restore_RecreateDatabase: "Reading remote index",
  Restore_CreateFolders: "Creating folders",
  Restore_DownloadingRemoteFiles: "Downloading and restoring",
  Restore_PostRestoreVerify: "Verifying restored files",
  Restore_Complete: "Restore complete",
};

export interface ProgressLine {
  readonly sink: ProgressSink;
  /** Clears the line (call before printing results). */
  done(): void;
}

/** The progress line for `io`; the total comes from the operation's "counted" events. */
export function progressLine(
  io: { isTty: boolean; raw: (text: string) => void; progress?: ProgressSink },
): ProgressLine {
  const tee = io.progress;
  if (!io.isTty) return { sink: tee ?? (() => {}), done: () => {} };
  let phase = "";
  let files = 0, bytes = 0, uploaded = 0, counted = 0;
  let current = "";
  const started = Date.now();
  let lastDraw = 0;
  let width = 0;
  const draw = (force = false) => {
    const now = Date.now();
    if (!force && now - lastDraw < 200) return;
    lastDraw = now;
    const seconds = Math.max(0.001, (now - started) / 1000);
    const speed = bytes / seconds;
    const total = counted;
    const eta = total > bytes && speed > 0 ? ` ETA ${Math.ceil((total - bytes) / speed)}s` : "";
    const name = current.length > 40 ? "…" + current.slice(-39) : current;
    const text =
      `${PHASE_TEXT[phase] ?? phase}: ${files} files, ${formatSize(bytes)}${total ? ` of ${formatSize(total)}` : ""}` +
      ` (${formatSize(Math.round(speed))}/s${eta}), uploaded ${formatSize(uploaded)} ${name}`;
    const line = text.slice(0, 150);
    io.raw("\r" + line.padEnd(width));
    width = line.length;
  };
  const sink = (event: ProgressEvent) => {
    tee?.(event);
    switch (event.type) {
      case "phase":
        phase = event.phase;
        break;
      case "file":
        files++;
        bytes += event.size;
        current = event.path;
        break;
      case "counted":
        counted = event.bytes;
        break;
      case "processed":
        bytes += event.bytes;
        break;
      case "transfer":
        if (event.action === "put" && event.done) uploaded += event.size;
        break;
      default:
        break;
    }
    draw(event.type === "phase");
  };
  return { sink, done: () => width > 0 && io.raw("\r" + " ".repeat(width) + "\r") };
}
