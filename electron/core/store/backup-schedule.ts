/**
 * Backups on a schedule: every intervalMs a checked online backup into the backup directory,
 * keeping the newest `keep` files. A failed backup is reported and retried at the next tick;
 * it never stops the desk.
 */
import type Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import type { Clock } from '../clock';
import { backupDatabase, stamp, type BackupFileOptions, type CheckedBackup } from './backup';

export interface BackupSchedule {
  intervalMs: number;
  /** How many of the newest scheduled backups to keep. */
  keep: number;
  /** Default: `backups/` in the data directory. */
  dir?: string;
}

export const DEFAULT_BACKUP_SCHEDULE: BackupSchedule = { intervalMs: 60 * 60_000, keep: 48 };

const BACKUP_NAME = /^desk-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z\.sqlite$/;

export class BackupScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<CheckedBackup> | undefined;
  private lastStamp = -Infinity;

  constructor(
    private readonly db: Database.Database,
    readonly dir: string,
    private readonly schedule: BackupSchedule,
    private readonly clock: Clock,
    private readonly onError: (error: unknown) => void,
    private readonly fileOptions: BackupFileOptions = {},
  ) {
    if (!(Number.isFinite(schedule.intervalMs) && schedule.intervalMs >= 1000)) throw new Error('backup interval must be at least 1 s');
    if (!(Number.isInteger(schedule.keep) && schedule.keep >= 1)) throw new Error('backups to keep must be a whole number, at least 1');
  }

  start(): void {
    this.timer ??= setInterval(() => this.backupNow().catch(this.onError), this.schedule.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One backup now (on demand or from the timer), then the oldest beyond `keep` are removed. */
  backupNow(): Promise<CheckedBackup> {
    // Two backups at once would contend for the same pages for nothing: share the one running.
    // Names are ms stamps; two within one ms (or a stopped test clock) take the next ms, never a clash.
    if (!this.running) this.lastStamp = Math.max(this.clock.now(), this.lastStamp + 1);
    this.running ??= backupDatabase(this.db, path.join(this.dir, `desk-${stamp(this.lastStamp)}.sqlite`), this.fileOptions)
      .then((backup) => {
        this.prune();
        return backup;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  /** The scheduled backups present, oldest first. */
  list(): string[] {
    if (!fs.existsSync(this.dir)) return [];
    return fs
      .readdirSync(this.dir)
      .filter((name) => BACKUP_NAME.test(name))
      .sort()
      .map((name) => path.join(this.dir, name));
  }

  private prune(): void {
    const backups = this.list();
    for (const file of backups.slice(0, Math.max(0, backups.length - this.schedule.keep))) fs.rmSync(file, { force: true });
  }
}
