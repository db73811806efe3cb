/**
 * Request and response shapes of the REST API under /api/v1, with Duplicati 2.1+'s JSON property names (not
 * camel-cased; some lower/snake case as upstream). Shared by the server routes, serverutil, the tray launcher and
 * the web UI, so a change here is a change of the wire format.
 * @module
 */

/** Error body of every v1 error response. */
export interface ErrorBody {
  readonly Error: string;
  readonly Code: number;
  /** Stable machine-readable reason (our addition), e.g. "invalid-field", "not-found", "duplicate-name". */
  readonly Reason?: string;
  /** The request field that was wrong, when one was (our addition). */
  readonly Field?: string;
}

export interface LoginRequest {
  readonly Password: string;
  readonly RememberMe?: boolean;
}
export interface SigninRequest {
  readonly SigninToken: string;
  readonly RememberMe?: boolean;
}
export interface RefreshRequest {
  readonly Nonce?: string;
}
/** Answer of auth/login, auth/signin and auth/refresh. */
export interface TokenResponse {
  readonly AccessToken: string;
  readonly RefreshNonce: string | null;
}

export type Weekday = "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun";

/** One setting of a backup: first-class names without dashes, advanced overrides with a `--` prefix. */
export interface SettingDto {
  readonly Filter: string;
  readonly Name: string;
  readonly Value: string;
  readonly Argument?: string | null;
}
export interface FilterDto {
  readonly Order: number;
  readonly Include: boolean;
  readonly Expression: string;
}
export interface BackupDto {
  readonly ID: string;
  readonly ExternalID: string | null;
  readonly Name: string;
  readonly Description: string;
  readonly Tags: readonly string[];
  /** Credentials in the URL are replaced by {@link PASSWORD_PLACEHOLDER}. */
  readonly TargetURL: string;
  readonly ConnectionStringID: number;
  readonly OperationType: "Backup";
  readonly DBPath: string;
  readonly DBPathExists?: boolean;
  readonly Sources: readonly string[];
  readonly Settings: readonly SettingDto[];
  readonly Filters: readonly FilterDto[];
  readonly Metadata: Readonly<Record<string, string>>;
  readonly IsTemporary: boolean;
  readonly IsUnencryptedOrPassphraseStored?: boolean;
  readonly AdditionalTargetURLs?: readonly unknown[];
}
export interface ScheduleDto {
  readonly ID: number;
  readonly Tags: readonly string[];
  /** ISO 8601 UTC of the next planned run. */
  readonly Time: string;
  /** Timespan such as "1D", "1W", "2h", "1M"; empty = not repeated. */
  readonly Repeat: string;
  /** ISO 8601 UTC of the last run start, or {@link NO_TIME} when never. */
  readonly LastRun: string;
  readonly Rule: string;
  readonly AllowedDays: readonly Weekday[];
}
/** One row of GET /backups and the body of GET /backup/{id} (plus DisplayNames there). */
export interface BackupEnvelope {
  readonly Backup: BackupDto;
  readonly Schedule: ScheduleDto | null;
  readonly DisplayNames?: Readonly<Record<string, string>>;
}
/** Duplicati's `{Item1, Item2}` tuple. */
export interface Tuple<A, B> {
  readonly Item1: A;
  readonly Item2: B;
}
export type StatusIcon = "Ready" | "ReadyWarning" | "ReadyError" | "Paused" | "Active" | "ActivePaused";
export interface ServerStatus {
  readonly ActiveTask: Tuple<number, string> | null;
  readonly ProgramState: "Running" | "Paused";
  readonly SchedulerQueueIds: readonly Tuple<number, string>[];
  readonly ProposedSchedule: readonly Tuple<string, string>[];
  readonly HasWarning: boolean;
  readonly HasError: boolean;
  readonly SuggestedStatusIcon: StatusIcon;
  readonly EstimatedPauseEnd: string;
  readonly LastEventID: number;
  readonly LastDataUpdateID: number;
  readonly LastNotificationUpdateID: number;
  readonly UpdatedVersion: string | null;
  readonly UpdaterState: "Waiting";
  readonly UpdateDownloadLink: string | null;
  readonly UpdateDownloadProgress: number;
  readonly Type: "legacystatus";
}
/** GET /progressstate while a task runs. */
export interface ProgressState {
  readonly BackupID: string;
  readonly TaskID: number;
  readonly Phase: string;
  readonly OverallProgress: number;
  readonly ProcessedFileCount: number;
  readonly ProcessedFileSize: number;
  readonly TotalFileCount: number;
  readonly TotalFileSize: number;
  readonly StillCounting: boolean;
  readonly CurrentFilename: string | null;
  readonly CurrentFilesize: number;
  readonly CurrentFileoffset: number;
  readonly CurrentFilecomplete: boolean;
  readonly BackendAction: string;
  readonly BackendPath: string | null;
  readonly BackendFileSize: number;
  readonly BackendFileProgress: number;
  readonly BackendSpeed: number;
  readonly BackendIsBlocking: boolean;
  readonly ActiveTransfers: readonly unknown[];
  /** Bytes per second over the run so far (our addition). */
  readonly Speed: number;
  /** Seconds left when it can be estimated, else -1 (our addition). */
  readonly EstimatedTimeToCompletion: number;
  readonly RemoteSyncDestinationIndex: number;
  readonly RemoteSyncDestinationCount: number;
}
export type TaskStatus = "Waiting" | "Running" | "Completed" | "Failed";
export interface TaskDto {
  readonly ID: number;
  readonly Status: TaskStatus;
  /** "Backup", "Restore", "Verify", "Compact", "Repair", "Delete", "Vacuum", ... */
  readonly Operation: string;
  readonly BackupID: string;
  readonly TaskStarted: string | null;
  readonly TaskFinished: string | null;
  readonly ErrorMessage: string | null;
  readonly Exception: string | null;
}
/** `{Status:"OK", ID:<task id>}` of the run/restore/verify/... endpoints. */
export interface TaskStarted {
  readonly Status: "OK";
  readonly ID: number;
}
export interface NotificationDto {
  readonly ID: number;
  readonly Type: "Information" | "Warning" | "Error";
  readonly Title: string;
  readonly Message: string;
  readonly Exception: string;
  readonly BackupID: string | null;
  readonly Action: string;
  readonly Timestamp: string;
  readonly LogEntryID: string | null;
  readonly MessageID: string | null;
  readonly MessageLogTag: string | null;
}
/** A row of GET /backup/{id}/log: result rows hold the result JSON in Message. */
export interface LogRowDto {
  readonly ID: number;
  readonly OperationID: number;
  /** Unix epoch seconds. */
  readonly Timestamp: number;
  readonly Type: string;
  readonly Message: string;
  readonly Exception: string | null;
}
/** The JSON stored in a result log row's Message; ServerUtil reads ParsedResult. */
export interface TaskResultJson {
  readonly MainOperation: string;
  readonly ParsedResult: "Success" | "Warning" | "Error" | "Fatal";
  readonly ExitCode: number;
  readonly BeginTime: string;
  readonly EndTime: string;
  readonly Duration: string;
  readonly Messages: readonly string[];
  readonly Warnings: readonly string[];
  readonly Errors: readonly string[];
}
export interface FilesetDto {
  readonly Version: number;
  readonly IsFullBackup: boolean;
  readonly Time: string;
  readonly FileCount: number;
  readonly FileSizes: number;
}
/** One path of GET /backup/{id}/files: its size in each listed version (-1 for folders and where absent). */
export interface ListedFileDto {
  readonly Path: string;
  readonly Sizes: readonly number[];
}
/** The answer of GET /backup/{id}/files. */
export interface FilesResultDto {
  readonly Filesets: readonly FilesetDto[];
  readonly Files: readonly ListedFileDto[];
}
/** One entry of a POST /filesystem listing, with Duplicati's (lower-case) TreeNode field names. */
export interface TreeNodeDto {
  readonly text: string;
  /** The full path; folders end with the directory separator. */
  readonly id: string;
  /** "folder" or "file". */
  readonly cls: string;
  /** "x-tree-icon-parent", "x-tree-icon-leaf", "x-tree-icon-symlink", "x-tree-icon-locked", "x-tree-icon-special" ... */
  readonly iconCls: string;
  readonly check: boolean;
  readonly leaf: boolean;
  /** A symlink's target, or the real path behind a special-folder token; null otherwise. */
  readonly resolvedpath: string | null;
  readonly hidden: boolean;
  readonly systemFile: boolean;
  readonly temporary: boolean;
  readonly symlink: boolean;
  /** Bytes; -1 for folders and unreadable files. */
  readonly fileSize: number;
}
/** Body of POST /remoteoperation/dbpath. */
export interface DbPathDto {
  readonly Exists: boolean;
  readonly Path: string | null;
}

/** The Schedule object of a configuration export file. AllowedDays is null when every day is allowed. */
export interface ExportedSchedule {
  readonly ID: number;
  readonly Tags: readonly string[];
  readonly Time: string;
  readonly Repeat: string;
  /** .NET's round-trip form without a zone for "never": "0001-01-01T00:00:00". */
  readonly LastRun: string;
  readonly Rule: string;
  readonly AllowedDays: readonly Weekday[] | null;
}
/** The Backup object of a configuration export file, in Duplicati's property order. */
export interface ExportedBackup {
  readonly ID: string | null;
  readonly ExternalID: string | null;
  readonly Name: string;
  readonly Description: string;
  readonly Tags: readonly string[];
  readonly TargetURL: string;
  readonly DBPath: string;
  readonly ConnectionStringID: number;
  readonly OperationType: "Backup";
  readonly Sources: readonly string[];
  readonly Settings: readonly { Filter: string; Name: string; Value: string; Argument: null }[];
  readonly Filters: readonly { Order: number; Include: boolean; Expression: string }[];
  readonly Metadata: Readonly<Record<string, string>>;
  readonly AdditionalTargetURLs: readonly unknown[];
  readonly IsTemporary: boolean;
}
/** Duplicati's backup configuration export file (GET /backup/{id}/export before any encryption). */
export interface ExportStructure {
  readonly CreatedByVersion: string;
  readonly Schedule: ExportedSchedule | null;
  readonly Backup: ExportedBackup;
  readonly DisplayNames: Readonly<Record<string, string>>;
}

/** What the server returns in place of a stored secret; sending it back keeps the stored value. */
export const PASSWORD_PLACEHOLDER = "***************";

/** What Duplicati sends for "no time", such as a schedule's LastRun before its first run (DateTime.MinValue, UTC). */
export const NO_TIME = "0001-01-01T00:00:00Z";
