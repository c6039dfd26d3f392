/** `desk premium-params`: versions in a real data directory, from the defaults, a file and the dealer's skew statement. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { riskAversionFromSkew } from '../../../electron/core/premium/calibration/risk-aversion';
import { runDesk } from '../../support/desk-cli';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs();

describe('desk premium-params', () => {
  it('shows the defaults as version 1, stores a file and a skew statement as new versions, refuses bad input', () => {
    const dir = tempDir();
    const first = runDesk(['premium-params', '--data-dir', dir]);
    expect(first.code, first.stderr).toBe(0);
    const [defaults] = first.json();
    expect(defaults).toMatchObject({ id: 1, source: 'default' });

    const file = path.join(dir, 'params.json');
    fs.writeFileSync(file, JSON.stringify({ tailPrice: 0.5, limits: { ETH: { delta: 1, vega: 1, gamma: 1, notional: 1 } } }));
    const set = runDesk(['premium-params', '--data-dir', dir, '--set', file]);
    expect(set.code, set.stderr).toBe(0);
    const [fromFile] = set.json();
    expect(fromFile).toMatchObject({ id: 2, source: 'file' });
    expect(fromFile.params.tailPrice).toBe(0.5);
    expect(fromFile.params.limits.BTC).toEqual(defaults.params.limits.BTC); // other coins keep their limits

    const skew = runDesk(['premium-params', '--data-dir', dir, '--skew', '2', '--bucket', 'ETH 30-90d']);
    expect(skew.code, skew.stderr).toBe(0);
    const [statement] = skew.json();
    expect(statement).toMatchObject({ id: 3, source: 'calibrated' });
    expect(statement.params.riskAversion).toBeCloseTo(riskAversionFromSkew(2, 1, defaults.params.volOfVol.ETH[2], defaults.params.unwindYears), 15);
    expect(statement.params.tailPrice).toBe(0.5); // built on the set in force

    fs.writeFileSync(file, JSON.stringify({ sizes: [] }));
    const refused = runDesk(['premium-params', '--data-dir', dir, '--set', file]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('sizes');
    const badBucket = runDesk(['premium-params', '--data-dir', dir, '--skew', '2', '--bucket', 'ETH 5-9d']);
    expect(badBucket.code).toBe(2);
    const [current] = runDesk(['premium-params', '--data-dir', dir]).json();
    expect(current.id).toBe(3); // nothing refused was stored
  });
});
