/**
 * An in-memory ConfigStore for route tests: the same contract as config_store.ts without SQLite or encryption.
 * @module
 */
import type {
  BackupConfig,
  BackupLogRow,
  BackupSetting,
  ConfigStore,
  NewBackup,
  Notification,
  Schedule,
  ServerLogRow,
  TokenFamily,
} from "../../lib/server/config_store/model.ts";

/** A ConfigStore over plain maps; `closed` tells whether close() ran. */
export class FakeConfigStore implements ConfigStore {
  backups = new Map<number, BackupConfig>();
  schedules = new Map<number, Schedule>();
  settings = new Map<string, string>();
  globalOptions: BackupSetting[] = [];
  uiSettings = new Map<string, Record<string, string>>();
  notifications: Notification[] = [];
  backupLog: BackupLogRow[] = [];
  serverLog: ServerLogRow[] = [];
  families = new Map<string, TokenFamily>();
  closed = false;
  #nextId = 1;

  listBackups(): BackupConfig[] {
    return [...this.backups.values()];
  }
  getBackup(id: number): BackupConfig | undefined {
    return this.backups.get(id);
  }
  findBackupByName(name: string): BackupConfig | undefined {
    return this.listBackups().find((b) => b.name.toLowerCase() === name.toLowerCase());
  }
  createBackup(backup: NewBackup): BackupConfig {
    const id = this.#nextId++;
    const config: BackupConfig = {
      ...backup,
      id,
      metadata: backup.metadata ?? {},
      dbPath: backup.dbPath ?? `/tmp/fake-${id}.sqlite`,
    };
    this.backups.set(id, config);
    return config;
  }
  updateBackup(id: number, backup: NewBackup): BackupConfig {
    const old = this.backups.get(id);
    if (!old) throw new Error(`No backup ${id}`);
    const config: BackupConfig = {
      ...backup,
      id,
      metadata: backup.metadata ?? old.metadata,
      dbPath: backup.dbPath ?? old.dbPath,
    };
    this.backups.set(id, config);
    return config;
  }
  deleteBackup(id: number): void {
    this.backups.delete(id);
    this.schedules.delete(id);
  }
  patchMetadata(id: number, patch: Readonly<Record<string, string | null>>): void {
    const old = this.backups.get(id);
    if (!old) return;
    const metadata: Record<string, string> = { ...old.metadata };
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) delete metadata[key];
      else metadata[key] = value;
    }
    this.backups.set(id, { ...old, metadata });
  }

  getSchedule(backupId: number): Schedule | undefined {
    return this.schedules.get(backupId);
  }
  setSchedule(backupId: number, schedule: Omit<Schedule, "backupId"> | null): void {
    if (schedule === null) this.schedules.delete(backupId);
    else this.schedules.set(backupId, { ...schedule, backupId });
  }
  listSchedules(): Schedule[] {
    return [...this.schedules.values()];
  }

  getSetting(key: string): string | undefined {
    return this.settings.get(key);
  }
  setSetting(key: string, value: string | null): void {
    if (value === null) this.settings.delete(key);
    else this.settings.set(key, value);
  }
  allSettings(): Record<string, string> {
    return Object.fromEntries(this.settings);
  }
  getGlobalOptions(): BackupSetting[] {
    return this.globalOptions.map((o) => ({ ...o }));
  }
  setGlobalOptions(options: readonly BackupSetting[]): void {
    this.globalOptions = options.map((o) => ({ ...o }));
  }
  getUiSettings(scheme: string): Record<string, string> {
    return { ...(this.uiSettings.get(scheme) ?? {}) };
  }
  patchUiSettings(scheme: string, patch: Readonly<Record<string, string | null>>): void {
    const current = this.getUiSettings(scheme);
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) delete current[key];
      else current[key] = value;
    }
    this.uiSettings.set(scheme, current);
  }

  addNotification(n: Omit<Notification, "id" | "timestamp"> & { timestamp?: number }): Notification {
    const notification: Notification = { ...n, id: this.#nextId++, timestamp: n.timestamp ?? Date.now() };
    this.notifications.push(notification);
    return notification;
  }
  listNotifications(): Notification[] {
    return [...this.notifications];
  }
  dismissNotification(id: number): boolean {
    const before = this.notifications.length;
    this.notifications = this.notifications.filter((n) => n.id !== id);
    return this.notifications.length !== before;
  }

  addBackupLog(row: Omit<BackupLogRow, "id">): number {
    const id = this.#nextId++;
    this.backupLog.push({ ...row, id });
    return id;
  }
  listBackupLog(backupId: number, page: { before?: number; pageSize: number; type?: string }): BackupLogRow[] {
    return this.backupLog
      .filter((r) => r.backupId === backupId && (page.before === undefined || r.id < page.before))
      .filter((r) => page.type === undefined || r.type === page.type)
      .sort((a, b) => b.id - a.id)
      .slice(0, page.pageSize);
  }
  addServerLog(row: Omit<ServerLogRow, "id">): number {
    const id = this.#nextId++;
    this.serverLog.push({ ...row, id });
    return id;
  }
  listServerLog(page: { before?: number; pageSize: number }): ServerLogRow[] {
    return this.serverLog
      .filter((r) => page.before === undefined || r.id < page.before)
      .sort((a, b) => b.id - a.id)
      .slice(0, page.pageSize);
  }
  purgeLogs(olderThan: number): number {
    const before = this.backupLog.length + this.serverLog.length;
    this.backupLog = this.backupLog.filter((r) => r.timestamp >= olderThan);
    this.serverLog = this.serverLog.filter((r) => r.timestamp >= olderThan);
    return before - this.backupLog.length - this.serverLog.length;
  }

  createTokenFamily(userId: string, now: number): TokenFamily {
    const family = { id: crypto.randomUUID(), userId, counter: 0, lastUpdated: now };
    this.families.set(family.id, family);
    return family;
  }
  getTokenFamily(id: string): TokenFamily | undefined {
    return this.families.get(id);
  }
  updateTokenFamily(id: string, counter: number, now: number): void {
    const family = this.families.get(id);
    if (family) this.families.set(id, { ...family, counter, lastUpdated: now });
  }
  deleteTokenFamily(id: string): void {
    this.families.delete(id);
  }
  deleteAllTokenFamilies(): void {
    this.families.clear();
  }

  close(): void {
    this.closed = true;
  }
}
