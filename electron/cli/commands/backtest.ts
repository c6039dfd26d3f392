/**
 * `backtest`: model validation runs. Today one scenario, `as2008`: Avellaneda & Stoikov's
 * published experiment (Section 3.3) with the premium engine's formulas, one JSON line.
 */
import { parseArgs } from 'node:util';
import { runAs2008 } from '../../core/backtest/as2008';
import { UsageError, type Command } from '../command';
import { writeJson } from '../jsonl';

function positiveNumber(flag: string, text: string, integer = false): number {
  const value = Number(text);
  if (!(value > 0) || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw new UsageError(`--${flag} ${text}: a positive ${integer ? 'whole ' : ''}number`);
  }
  return value;
}

export const backtest: Command = {
  name: 'backtest',
  summary: "model validation: --scenario as2008 runs Avellaneda-Stoikov's published experiment",
  usage:
    '  --scenario as2008       Avellaneda & Stoikov (2008), Section 3.3\n' +
    '  --gamma G               risk aversion (default 0.1)\n' +
    '  --paths N               Monte Carlo paths (default 1000)\n' +
    '  --seed S                random seed (default 1)\n' +
    '  --strategy inventory|symmetric   quote around the reservation price or around mid (default inventory)\n' +
    '  stdout: {"spread","profit_mean","profit_std","q_mean","q_std"}',
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        scenario: { type: 'string' },
        gamma: { type: 'string', default: '0.1' },
        paths: { type: 'string', default: '1000' },
        seed: { type: 'string', default: '1' },
        strategy: { type: 'string', default: 'inventory' },
      },
      strict: true,
    });
    if (values.scenario !== 'as2008') throw new UsageError(`--scenario ${values.scenario ?? '(missing)'}: the scenario is as2008`);
    if (values.strategy !== 'inventory' && values.strategy !== 'symmetric') throw new UsageError(`--strategy ${values.strategy}: inventory or symmetric`);
    const seed = Number(values.seed);
    if (!Number.isInteger(seed)) throw new UsageError(`--seed ${values.seed}: a whole number`);
    const result = runAs2008({
      gamma: positiveNumber('gamma', values.gamma),
      paths: positiveNumber('paths', values.paths, true),
      seed,
      strategy: values.strategy,
    });
    writeJson({ spread: result.spread, profit_mean: result.profitMean, profit_std: result.profitStd, q_mean: result.qMean, q_std: result.qStd });
    return 0;
  },
};
