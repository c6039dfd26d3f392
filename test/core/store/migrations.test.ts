import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/core/store/database';
import { migrate, MIGRATIONS, SCHEMA_VERSION, SchemaTooNewError, schemaVersion, type Migration } from '../../../electron/core/store/migrations';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs();

describe('the store schema', () => {
  it('migrates an empty file to the current version with WAL, FULL sync and foreign keys', () => {
    const db = openDatabase(path.join(tempDir(), 'desk.sqlite'));
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['fills', 'positions']));
    db.close();
  });

  it('is idempotent: reopening runs nothing again', () => {
    const file = path.join(tempDir(), 'desk.sqlite');
    openDatabase(file).close();
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('refuses a database written by a newer desk, and leaves it untouched', () => {
    const file = path.join(tempDir(), 'desk.sqlite');
    const future = new Database(file);
    future.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    future.exec('CREATE TABLE from_the_future (x)');
    future.close();

    expect(() => openDatabase(file)).toThrow(SchemaTooNewError);
    expect(() => openDatabase(file)).toThrow(/newer than this desk understands/);
    const after = new Database(file);
    expect(after.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 5);
    expect(after.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'fills'").pluck().get()).toBe(0);
    after.close();
  });

  it('runs each migration whole or not at all', () => {
    const db = new Database(path.join(tempDir(), 'desk.sqlite'));
    const broken: Migration[] = [
      ...MIGRATIONS,
      { version: MIGRATIONS.length + 1, description: 'half good', sql: 'CREATE TABLE half (x); INSERT INTO nowhere VALUES (1);' },
    ];
    expect(() => migrate(db, broken)).toThrow(/no such table: nowhere/);
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'half'").pluck().get()).toBe(0);
    db.close();
  });

  it('refuses migrations numbered out of order', () => {
    const db = new Database(':memory:');
    expect(() => migrate(db, [{ version: 2, description: 'skips one', sql: 'SELECT 1' }])).toThrow(/migration 1 is numbered 2/);
    db.close();
  });
});
