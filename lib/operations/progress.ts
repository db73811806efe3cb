/**
 * Progress facts the engine emits; front ends render them (CLI progress line, server progress state).
 * Phase names are Duplicati's (Library/Main/OperationPhase.cs).
 * @module
 */

export type OperationPhase =
  | "Backup_Begin"
  | "Backup_PreBackupVerify"
  | "Backup_ProcessingFiles"
  | "Backup_WaitForUpload"
  | "Backup_Complete"
  | "Restore_Begin"
  | "Restore_RecreateDatabase"
  | "Restore_PreRestoreVerify"
  | "Restore_CreateFolders"
  | "Restore_DownloadingRemoteFiles"
  | "Restore_PostRestoreVerify"
  | "Restore_Complete"
  | "List_Begin"
  | "List_Complete"
  | "Delete_Begin"
  | "Delete_Deleting"
  | "Delete_Complete"
  | "Compact_Begin"
  | "Compact_Downloading"
  | "Compact_Complete"
  | "Verify_Begin"
  | "Verify_Running"
  | "Verify_Complete"
  | "Repair_Begin"
  | "Repair_RecreateDatabase"
  | "Repair_Complete"
  | "Purge_Begin"
  | "Purge_Complete";

export type ProgressEvent =
  | { readonly type: "phase"; readonly phase: OperationPhase }
  | { readonly type: "counted"; readonly files: number; readonly bytes: number; readonly done: boolean }
  | { readonly type: "file"; readonly path: string; readonly size: number }
  | { readonly type: "processed"; readonly files: number; readonly bytes: number }
  | {
    readonly type: "transfer";
    readonly action: "put" | "get" | "list" | "delete";
    readonly remoteName: string;
    readonly size: number;
    readonly done: boolean;
  };

/** Must not block or throw. */
export type ProgressSink = (event: ProgressEvent) => void;

export const nullProgress: ProgressSink = () => {};
