/**
 * `import-fills` as a user runs it: a real process on a real data directory, one JSON summary line
 * or every problem by line on stderr with exit 1 and nothing written; from Deribit with the key
 * sealed by secret-set, never printed and never in a file in plain text.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PASSPHRASE_ENV } from '../../../electron/cli/commands/secrets';
import { DeribitVenue } from '../../support/deribit-venue/server';
import { runDesk, startDesk } from '../../support/desk-cli';
import { FIXTURES_DIR } from '../../support/fixtures';
import { useTempDirs } from '../../support/temp-dir';
import { BTC_LOG, HEADER, row } from '../../support/trade-logs';

const tempDir = useTempDirs();
const PASSPHRASE = 'correct horse battery staple';
const KEYS = { clientId: 'cli-read-only-id', clientSecret: 'cli-Secret-that-never-shows-42' };

const venues: DeribitVenue[] = [];
afterEach(async () => {
  for (const venue of venues.splice(0)) await venue.close();
});

/** Every byte under a directory, as text, to search for a secret. */
function allText(dir: string): string {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => fs.readFileSync(path.join(entry.parentPath, entry.name), 'latin1'))
    .join('\n');
}

describe('desk import-fills', () => {
  it('imports a Deribit log, reports a bad file by line with nothing written', () => {
    const dataDir = tempDir();
    const file = path.join(tempDir(), 'transaction_log-BTC.csv');
    fs.writeFileSync(file, BTC_LOG);
    const first = runDesk(['import-fills', '--data-dir', dataDir, '--file', file]);
    expect(first.stderr).toBe('');
    expect(first.json()).toEqual([{ source: 'transaction_log-BTC.csv', added: 4, duplicates: 0, skipped: { delivery: 1, deposit: 1 } }]);

    const bad = path.join(tempDir(), 'bad.csv');
    const trade = { id: 9, seq: 9, date: '19/05/26 12:00:00', instrument: 'BTC-PERPETUAL', side: 'open buy', amount: '10', price: '97000', fee: '0', trade: 'n1' };
    fs.writeFileSync(bad, [HEADER, row(trade), row({ ...trade, trade: 'n2', side: 'hold' }), row({ ...trade, trade: 'n3', price: 'x' })].join('\n'));
    const refused = runDesk(['import-fills', '--data-dir', dataDir, '--file', bad]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr.split('\n')).toEqual([
      'desk: import refused, nothing was written (2 problems)',
      'bad.csv line 3: Side: "hold" is not a buy or a sell',
      'bad.csv line 4: Price: "x" is not a number',
      '',
    ]);
    expect(runDesk(['status', '--data-dir', dataDir]).json()[0].store).toMatchObject({ fills: 4 });

    const usage = runDesk(['import-fills', '--data-dir', dataDir, '--file', file, '--format', 'xlsx']);
    expect([usage.code, usage.stderr]).toEqual([2, 'desk: --format must be deribit or desk\n']);

    // Under issue 7's name, `import --fills FILE`: the same import; the same file again adds nothing.
    const again = runDesk(['import', '--data-dir', dataDir, '--fills', file]);
    expect(again.json()).toEqual([{ source: 'transaction_log-BTC.csv', added: 0, duplicates: 4, skipped: { delivery: 1, deposit: 1 } }]);
  });

  it('imports the desk\'s own export into another desk', () => {
    const [a, b] = [tempDir(), tempDir()];
    const file = path.join(tempDir(), 'log.csv');
    fs.writeFileSync(file, BTC_LOG);
    runDesk(['import-fills', '--data-dir', a, '--file', file]);
    const exported = path.join(tempDir(), 'export');
    expect(runDesk(['export', '--data-dir', a, '--out', exported]).code).toBe(0);
    expect(runDesk(['import-fills', '--data-dir', b, '--file', path.join(exported, 'fills.csv')]).json()).toEqual([
      { source: 'fills.csv', added: 4, duplicates: 0, skipped: {} },
    ]);
    expect(runDesk(['positions', '--data-dir', b]).json()).toEqual(runDesk(['positions', '--data-dir', a]).json());
  });

  it('imports from Deribit with the sealed key; a wrong key is refused by name, never shown', async () => {
    const venue = await DeribitVenue.start({ chainFile: path.join(FIXTURES_DIR, 'btc-chain-2020-05-21.csv'), account: KEYS, currencies: ['USDC'] });
    venues.push(venue);
    venue.account!.addTrade({ instrument_name: 'BTC-29MAY26-100000-C', direction: 'buy', price: 0.02, amount: 1, fee: 0.0003, timestamp: Date.UTC(2026, 4, 11) });
    venue.account!.addTrade({ instrument_name: 'SOL_USDC-29MAY26-180-P', direction: 'sell', price: 6.5, amount: 10, fee: 0.5, timestamp: Date.UTC(2026, 4, 12) });
    const dataDir = tempDir();
    const env = { [PASSPHRASE_ENV]: PASSPHRASE };
    expect(runDesk(['secret-set', '--data-dir', dataDir, '--name', 'deribit.client-id'], `${KEYS.clientId}\n`, env).code).toBe(0);
    expect(runDesk(['secret-set', '--data-dir', dataDir, '--name', 'deribit.client-secret'], 'wrong-secret-also-hidden\n', env).code).toBe(0);

    const args = ['import-fills', '--data-dir', dataDir, '--venue', 'deribit', '--currency', 'BTC,USDC', '--deribit-url', venue.restUrl];
    const previous = process.env[PASSPHRASE_ENV];
    process.env[PASSPHRASE_ENV] = PASSPHRASE; // the spawned desk inherits it
    try {
      const wrong = await startDesk(args).exited;
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toMatch(/deribit refused the API key .*deribit\.client-id and deribit\.client-secret/);
      expect(wrong.stdout + wrong.stderr).not.toContain('wrong-secret-also-hidden');

      expect(runDesk(['secret-set', '--data-dir', dataDir, '--name', 'deribit.client-secret'], `${KEYS.clientSecret}\n`, env).code).toBe(0);
      const done = await startDesk(args).exited;
      expect(done.stderr).toBe('');
      expect(done.json()).toEqual([{ source: 'deribit', added: 2, duplicates: 0, skipped: {} }]);
      expect(done.stdout + done.stderr).not.toContain(KEYS.clientSecret);
    } finally {
      if (previous === undefined) delete process.env[PASSPHRASE_ENV];
      else process.env[PASSPHRASE_ENV] = previous;
    }
    expect(runDesk(['positions', '--data-dir', dataDir]).json().map((p: { instrument: string; size: number }) => [p.instrument, p.size])).toEqual([
      ['BTC-29MAY26-100000-C', 1],
      ['SOL_USDC-29MAY26-180-P', -10],
    ]);
    const files = allText(dataDir);
    expect(files).not.toContain(KEYS.clientSecret);
    expect(files).not.toContain(KEYS.clientId);
  });
});
