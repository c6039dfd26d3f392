/**
 * `premium-params`: the premium parameter set in force, with its version, source and age; store a
 * new version from a file (merged over the one in force), or set risk aversion from the dealer's
 * statement "at the vega limit of a bucket, skew by x vol points".
 */
import { premiumParams, PremiumParamsError } from '../../core/premium/params';
import { SettingsError, skewStatement } from '../../core/premium/settings';
import type { StoredParams } from '../../core/store/premium-params-store';
import { readJsonFile } from '../chain-flag';
import { UsageError, type Command } from '../command';
import { DATA_DIR_USAGE, openDeskFromArgs } from '../data-dir-flag';
import { writeJson } from '../jsonl';

function line(stored: StoredParams, now: number) {
  return { id: stored.id, source: stored.source, created: new Date(stored.created).toISOString(), age_s: (now - stored.created) / 1000, note: stored.note, params: stored.params };
}

export const premiumParamsCommand: Command = {
  name: 'premium-params',
  summary: 'the premium parameters in force (version, source, age); store a new version',
  usage:
    `${DATA_DIR_USAGE}\n` +
    '  --set FILE          store FILE (JSON, any subset) merged over the set in force as a new version\n' +
    '  --skew X --bucket B risk aversion from "at the vega limit of bucket B (e.g. \'BTC 7-30d\'), skew by X vol points"\n' +
    '  stdout: {"id","source","created","age_s","note","params"}',
  async run(argv) {
    const { desk, values } = openDeskFromArgs(argv, { set: { type: 'string' }, skew: { type: 'string' }, bucket: { type: 'string' } });
    try {
      const now = desk.clock.now();
      const current = desk.premiumParams.current(now);
      if (values.set !== undefined && values.skew !== undefined) throw new UsageError('--set and --skew are separate versions: one at a time');
      if (typeof values.set === 'string') {
        const file = readJsonFile('--set', values.set);
        if (typeof file !== 'object' || file === null || Array.isArray(file)) throw new UsageError(`--set ${values.set}: a JSON object of parameters`);
        const merged = tryParams({ ...current.params, ...file });
        writeJson(line(desk.premiumParams.save(merged, now, 'file', `from ${values.set}`), now));
        return 0;
      }
      if (values.skew !== undefined) {
        const skew = Number(values.skew);
        const bucket = values.bucket as string | undefined;
        if (!(skew > 0)) throw new UsageError(`--skew ${values.skew}: a positive number of vol points`);
        if (!bucket) throw new UsageError("--skew needs --bucket, e.g. 'BTC 7-30d'");
        let statement;
        try {
          statement = skewStatement(current.params, bucket, skew);
        } catch (error) {
          if (error instanceof SettingsError) throw new UsageError(`--${error.field} ${error.message}`);
          throw error;
        }
        writeJson(line(desk.premiumParams.save(statement.params, now, 'calibrated', statement.note), now));
        return 0;
      }
      writeJson(line(current, now));
      return 0;
    } finally {
      desk.close();
    }
  },
};

function tryParams(input: unknown) {
  try {
    return premiumParams(input);
  } catch (error) {
    if (error instanceof PremiumParamsError) throw new UsageError(error.message);
    throw error;
  }
}
