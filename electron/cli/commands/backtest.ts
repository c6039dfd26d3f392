/**
 * `backtest`: model validation runs.
 *   `--scenario as2008`: Avellaneda & Stoikov's published experiment (Section 3.3) with the premium
 *   engine's formulas, one JSON line.
 *   `--scenario sim` or `--recording FILE`: the engine in the loop on the embedded simulator's
 *   market or a recording replayed, with a fill model, latency and hedge policy, over one or more
 *   paths; premium quoting against symmetric quoting on the same market, one JSON line per strategy.
 */
import { parseArgs } from 'node:util';
import { runAs2008 } from '../../core/backtest/as2008';
import { runConfigured } from '../../core/backtest/configured-run';
import { RecordingError } from '../../core/backtest/recording-source';
import { RecordingFormatError } from '../../core/market/record/format';
import { premiumParams, PremiumParamsError } from '../../core/premium/params';
import { BacktestConfig, FillModel } from '../../../shared/contract/backtest';
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
  summary: "model validation: Avellaneda-Stoikov's published experiment, or the engine on the simulated market or a recording",
  usage:
    '  --scenario as2008       Avellaneda & Stoikov (2008), Section 3.3\n' +
    '  --gamma G               risk aversion (default 0.1)\n' +
    '  --paths N               Monte Carlo paths (default 1000)\n' +
    '  --seed S                random seed (default 1)\n' +
    '  --strategy inventory|symmetric   quote around the reservation price or around mid (default inventory)\n' +
    '  stdout: {"spread","profit_mean","profit_std","q_mean","q_std"}\n' +
    '  --scenario sim          the premium engine on the embedded simulator (its client flow is the intensity fill model)\n' +
    '  --recording FILE        the premium engine on a recording replayed (marks, books, prints; surfaces fitted from its chain)\n' +
    '  --hours H               hours (sim default 1; a recording: all of it, at most 24)    --seed S   the market\'s seed\n' +
    '  --paths N               seeds S .. S+N-1, summarised (default 1)\n' +
    '  --strategy premium|symmetric|both   (default both)    --risk-aversion-scale X   gamma as a multiple of the parameters\'\n' +
    '  --fill-model intensity|trade-through|queue   (default intensity)\n' +
    '  --latency-ms N          quotes take effect N ms after they are computed (default 0)\n' +
    '  --hedge-band USD        hedge the delta only outside this band, to its edge (default 0)\n' +
    '  --hedge-delay-ms N      execute a hedge N ms after it is decided (default 0)\n' +
    '  --hedge-cost C          hedge cost, fraction of notional (default the parameters\' hedgeCost)\n' +
    '  --params FILE           premium parameters (default: the defaults)\n' +
    '  --no-hedge              leave the delta unhedged (default: hedged in the perpetuals)\n' +
    '  stdout per strategy, USD: {"strategy","pnl","spread","inventory","hedge","hedge_cost","fees","fills","informed_fills","contracts","max_drawdown",\n' +
    '    "greeks":{delta,gamma,vega,theta,residual},"terms":{base,...,rounding,theoVsMark},"markouts":[{horizonMs,fills,total,mean}],"stats":{...}}',
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        scenario: { type: 'string' },
        recording: { type: 'string' },
        gamma: { type: 'string', default: '0.1' },
        paths: { type: 'string' },
        seed: { type: 'string', default: '1' },
        strategy: { type: 'string' },
        hours: { type: 'string' },
        params: { type: 'string' },
        'no-hedge': { type: 'boolean', default: false },
        'fill-model': { type: 'string', default: 'intensity' },
        'latency-ms': { type: 'string', default: '0' },
        'hedge-band': { type: 'string', default: '0' },
        'hedge-delay-ms': { type: 'string', default: '0' },
        'hedge-cost': { type: 'string' },
        'risk-aversion-scale': { type: 'string', default: '1' },
      },
      strict: true,
    });
    const seed = Number(values.seed);
    if (!Number.isInteger(seed)) throw new UsageError(`--seed ${values.seed}: a whole number`);
    if (values.recording !== undefined && values.scenario !== undefined) throw new UsageError('--recording replays a recording: leave out --scenario');
    if (values.scenario === 'sim' || values.recording !== undefined) return engineInLoop(values, seed);
    if (values.scenario !== 'as2008') throw new UsageError(`--scenario ${values.scenario ?? '(missing)'}: as2008 or sim (or --recording FILE)`);
    const strategy = values.strategy ?? 'inventory';
    if (strategy !== 'inventory' && strategy !== 'symmetric') throw new UsageError(`--strategy ${strategy}: inventory or symmetric`);
    const result = runAs2008({
      gamma: positiveNumber('gamma', values.gamma),
      paths: positiveNumber('paths', values.paths ?? '1000', true),
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

function nonNegative(flag: string, text: string): number {
  const value = Number(text);
  if (!(value >= 0) || !Number.isFinite(value)) throw new UsageError(`--${flag} ${text}: a number >= 0`);
  return value;
}

type EngineFlags = {
  recording?: string;
  hours?: string;
  paths?: string;
  strategy?: string;
  params?: string;
  'no-hedge': boolean;
  'fill-model': string;
  'latency-ms': string;
  'hedge-band': string;
  'hedge-delay-ms': string;
  'hedge-cost'?: string;
  'risk-aversion-scale': string;
};

function engineInLoop(values: EngineFlags, seed: number): number {
  const fillModel = FillModel.safeParse(values['fill-model']);
  if (!fillModel.success) throw new UsageError(`--fill-model ${values['fill-model']}: ${FillModel.options.join(', ')}`);
  const strategies = values.strategy === undefined || values.strategy === 'both' ? (['premium', 'symmetric'] as const) : [values.strategy];
  let params;
  try {
    params = premiumParams(values.params ? readJsonFile('--params', values.params) : {});
  } catch (error) {
    if (error instanceof PremiumParamsError) throw new UsageError(error.message);
    throw error;
  }
  for (const strategy of strategies) {
    const parsed = BacktestConfig.safeParse({
      seed,
      hours: values.hours === undefined ? (values.recording ? 24 : 1) : positiveNumber('hours', values.hours),
      strategy,
      hedge: !values['no-hedge'],
      riskAversionScale: positiveNumber('risk-aversion-scale', values['risk-aversion-scale']),
      ...(values.recording ? { recording: values.recording } : {}),
      fillModel: fillModel.data,
      latencyMs: nonNegative('latency-ms', values['latency-ms']),
      hedgeBandUsd: nonNegative('hedge-band', values['hedge-band']),
      hedgeDelayMs: nonNegative('hedge-delay-ms', values['hedge-delay-ms']),
      ...(values['hedge-cost'] === undefined ? {} : { hedgeCost: nonNegative('hedge-cost', values['hedge-cost']) }),
      paths: values.paths === undefined ? 1 : positiveNumber('paths', values.paths, true),
    });
    if (!parsed.success) throw new UsageError(`backtest: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
    const bar = progressBar(strategy);
    let s;
    try {
      s = runConfigured({ config: parsed.data, params }, bar).summary;
    } catch (error) {
      if (error instanceof RecordingFormatError || error instanceof RecordingError) throw new UsageError(error.message);
      throw error;
    }
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
      greeks: s.greeks,
      terms: s.terms,
      markouts: s.markouts,
      stats: s.stats,
    });
  }
  return 0;
}
