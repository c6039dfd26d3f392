/**
 * Durability on real files and real processes: SIGKILL during fast ingestion loses no
 * acknowledged fill and leaves integrity_check = ok; a full database and a read-only data
 * directory answer with a clear error and corrupt nothing.
 *
 * The crash test runs CRASH_TRIALS kills in `npm test`; DESK_SOAK=1 runs SOAK_TRIALS.
 */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/core/api/dispatch';
import { ManualClock } from '../../../electron/core/clock';
import { createDesk } from '../../../electron/core/desk';
import { DATABASE_FILE, openDatabase } from '../../../electron/core/store/database';
import { FillStore } from '../../../electron/core/store/fill-store';
import { PROJECT_ROOT } from '../../support/browser-host-process';
import { runDesk } from '../../support/desk-cli';
import { rowCounts } from '../../support/seeded-store';
import { useTempDirs } from '../../support/temp-dir';
import { runThenKill } from '../../support/kill-child';

const tempDir = useTempDirs();
const SOAK = process.env.DESK_SOAK === '1';
const TRIALS = SOAK ? 200 : 8;

/** Seeded, so a failing kill schedule can be replayed. */
function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Run the ingesting child, SIGKILL it `delayMs` after its first ack, and return what it acknowledged. */
async function ingestThenKill(file: string, prefix: string, delayMs: number): Promise<string[]> {
  return (await runThenKill('ingest-child.ts', [file, prefix], delayMs)).map((line) => line.replace(/^ack /, ''));
}

describe('a store killed while ingesting', () => {
  it(
    `loses no acknowledged fill and stays whole over ${TRIALS} SIGKILLs`,
    async () => {
      const file = path.join(tempDir(), DATABASE_FILE);
      const random = mulberry32(20241101);
      let acknowledged = 0;
      for (let trial = 0; trial < TRIALS; trial++) {
        const acked = await ingestThenKill(file, `t${trial}`, Math.floor(random() * 400));
        expect(acked.length, `trial ${trial} acknowledged nothing`).toBeGreaterThan(0);
        acknowledged += acked.length;

        const db = openDatabase(file); // recovery from the WAL happens here
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        const stored = new Set(db.prepare('SELECT venue_trade_id FROM fills WHERE venue_trade_id LIKE ?').pluck().all(`t${trial}-%`) as string[]);
        const lost = acked.filter((id) => !stored.has(id));
        expect(lost, `trial ${trial}: acknowledged fills missing after the kill`).toEqual([]);
        // Each fill and its position commit together: the positions count every stored fill.
        const fillCount = db.prepare('SELECT count(*) FROM fills').pluck().get();
        expect(db.prepare('SELECT sum(fill_count) FROM positions').pluck().get()).toBe(fillCount);
        db.close();
      }
      expect(acknowledged).toBeGreaterThan(TRIALS);
    },
    TRIALS * 15_000,
  );
});

describe('a store that cannot grow or cannot be written', () => {
  it('answers a full database with a clear error, writes nothing partial, and works again once there is room', async () => {
    const dataDir = tempDir();
    const desk = createDesk({ dataDir, clock: new ManualClock(Date.UTC(2024, 10, 1)), config: { hostMode: 'cli' } });
    // The desk's own connection: cap the file a few pages beyond its size, as a full disk would.
    const db = (desk.fills as unknown as { db: Database.Database }).db;
    db.pragma(`max_page_count = ${(db.pragma('page_count', { simple: true }) as number) + 3}`);
    let accepted = 0;
    let refusal: { code: string; message: string } | undefined;
    for (let i = 0; i < 10_000 && !refusal; i++) {
      const before = rowCounts(db);
      const outcome = await dispatch(desk.handlers, 'fills.add', {
        instrument: 'BTC-27DEC24-60000-C',
        side: 'buy',
        size: 1,
        price: 0.05,
        note: 'x'.repeat(400), // fills pages quickly
      });
      if (outcome.ok) accepted += 1;
      else {
        refusal = outcome.error;
        expect(rowCounts(db)).toEqual(before); // neither the fill nor its position
      }
    }
    expect(refusal).toMatchObject({ code: 'storage', message: expect.stringMatching(/the disk or the database is full, nothing was written/) });
    expect(accepted).toBeGreaterThan(0);
    desk.close();

    const reopened = createDesk({ dataDir, clock: new ManualClock(Date.UTC(2024, 10, 2)), config: { hostMode: 'cli' } });
    expect(reopened.fills.count()).toBe(accepted);
    expect(reopened.fills.position('BTC-27DEC24-60000-C')).toMatchObject({ size: accepted, fillCount: accepted });
    const check = new Database(path.join(dataDir, DATABASE_FILE), { readonly: true });
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    check.close();
    expect((await dispatch(reopened.handlers, 'fills.add', { instrument: 'BTC-PERPETUAL', side: 'buy', size: 10, price: 1 })).ok).toBe(true);
    reopened.close();
  });

  it('refuses writes to a read-only data directory with a clear error and leaves the store as it was', () => {
    const dataDir = tempDir();
    const first = runDesk(['add-fills', '--data-dir', dataDir], '{"instrument":"BTC-PERPETUAL","side":"buy","size":10,"price":60000}\n');
    expect(first.code).toBe(0);
    const file = path.join(dataDir, DATABASE_FILE);
    const before = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    fs.chmodSync(file, 0o444);
    fs.chmodSync(dataDir, 0o555);
    try {
      // root ignores permission bits: run the desk as an unprivileged user, as a real user would be.
      const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
      const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'electron/cli/desk.ts'), 'add-fills', '--data-dir', dataDir], {
        cwd: PROJECT_ROOT,
        input: '{"instrument":"BTC-PERPETUAL","side":"buy","size":10,"price":61000}\n',
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, HOME: '/tmp' },
        ...asUser,
      });
      expect(result.status).not.toBe(0);
      expect(`${result.stdout}${result.stderr}`).toMatch(/read-only|not writable/);
    } finally {
      fs.chmodSync(dataDir, 0o755);
      fs.chmodSync(file, 0o644);
    }
    expect(crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex')).toBe(before);
    const db = openDatabase(file);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(new FillStore(db).count()).toBe(1);
    db.close();
  }, 120_000);
});
