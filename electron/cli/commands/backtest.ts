/**
 * `backtest`: model validation runs.
 *   `--scenario as2008`: Avellaneda & Stoikov's published experiment (Section 3.3) with the premium
 *   engine's formulas, one JSON line.
 *   `--scenario sim`: the engine in the loop on the embedded simulator's market and client flow,
 *   premium quoting against symmetric quoting on the same seed, one JSON line per strategy.
 */
import { parseArgs } from 'node:util';
import { runAs2008 } from '../../core/backtest/as2008';
import { runConfigured } from '../../core/backtest/backtest-worker';
import { summaryOf } from '../../core/backtest/sim-backtest';
import { premiumParams, PremiumParamsError } from '../../core/premium/params';
import { readJsonFile } from '../chain-flag';
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
  summary: "model validation: Avellaneda-Stoikov's published experiment, or the engine on the simulated market",
  usage:
    '  --scenario as2008       Avellaneda & Stoikov (2008), Section 3.3\n' +
    '  --gamma G               risk aversion (default 0.1)\n' +
    '  --paths N               Monte Carlo paths (default 1000)\n' +
    '  --seed S                random seed (default 1)\n' +
    '  --strategy inventory|symmetric   quote around the reservation price or around mid (default inventory)\n' +
    '  stdout: {"spread","profit_mean","profit_std","q_mean","q_std"}\n' +
    '  --scenario sim          the premium engine quoting the embedded simulator\'s client flow, against symmetric quoting\n' +
    '  --hours H               simulated hours (default 1)    --seed S   the market\'s seed\n' +
    '  --params FILE           premium parameters (default: the defaults)\n' +
    '  --no-hedge              leave the delta unhedged (default: hedged in the perpetuals every second)\n' +
    '  stdout: {"strategy","pnl","spread","inventory","hedge","hedge_cost","fees","fills","informed_fills","contracts","max_drawdown"} per strategy, USD',
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        scenario: { type: 'string' },
        gamma: { type: 'string', default: '0.1' },
        paths: { type: 'string', default: '1000' },
        seed: { type: 'string', default: '1' },
        strategy: { type: 'string' },
        hours: { type: 'string', default: '1' },
        params: { type: 'string' },
        'no-hedge': { type: 'boolean', default: false },
      },
      strict: true,
    });
    const seed = Number(values.seed);
    if (!Number.isInteger(seed)) throw new UsageError(`--seed ${values.seed}: a whole number`);
    if (values.scenario === 'sim') return simulated(values, seed);
    if (values.scenario !== 'as2008') throw new UsageError(`--scenario ${values.scenario ?? '(missing)'}: as2008 or sim`);
    const strategy = values.strategy ?? 'inventory';
    if (strategy !== 'inventory' && strategy !== 'symmetric') throw new UsageError(`--strategy ${strategy}: inventory or symmetric`);
    const result = runAs2008({
      gamma: positiveNumber('gamma', values.gamma),
      paths: positiveNumber('paths', values.paths, true),
      seed,
      strategy,
    });
    writeJson({ spread: result.spread, profit_mean: result.profitMean, profit_std: result.profitStd, q_mean: result.qMean, q_std: result.qStd });
    return 0;
  },
};

/** A progress bar on stderr when it is a terminal (stdout stays JSON lines). */
function progressBar(label: string): ((done: number) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  const width = 30;
  return (done) => {
    const filled = Math.round(done * width);
    process.stderr.write(`\r${label.padEnd(10)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.round(done * 100)}%`);
  };
}

function simulated(values: { hours: string; params?: string; 'no-hedge': boolean }, seed: number): number {
  const hours = positiveNumber('hours', values.hours);
  let params;
  try {
    params = premiumParams(values.params ? readJsonFile('--params', values.params) : {});
  } catch (error) {
    if (error instanceof PremiumParamsError) throw new UsageError(error.message);
    throw error;
  }
  for (const strategy of ['premium', 'symmetric'] as const) {
    const config = { seed, hours, strategy, hedge: !values['no-hedge'], riskAversionScale: 1 };
    const bar = progressBar(strategy);
    const s = summaryOf(runConfigured({ config, params }, bar));
    if (bar) {
      bar(1);
      process.stderr.write('\n');
    }
    writeJson({
      strategy,
      pnl: s.pnl,
      spread: s.spread,
      inventory: s.inventory,
      hedge: s.hedge,
      hedge_cost: s.hedgeCost,
      fees: s.fees,
      fills: s.fills,
      informed_fills: s.informedFills,
      contracts: s.contracts,
      max_drawdown: s.maxDrawdown,
    });
  }
  return 0;
}
