/**
 * `hedge`: the hedges the desk suggests for a book on a chain snapshot, one JSON line each; it
 * never sends an order. Sizes are whole venue lots in the instrument's unit (contracts for
 * options, USD for inverse perpetuals, coins for linear ones); cost and risk in USD.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_PERPETUAL_HALF_SPREAD, hedgeForChains } from '../../core/hedge/chain-hedge';
import { premiumParams, PremiumParamsError } from '../../core/premium/params';
import { chainAt, readChain, readJsonFile, readPositions } from '../chain-flag';
import { UsageError, type Command } from '../command';
import { writeJson } from '../jsonl';


export const hedge: Command = {
  name: 'hedge',
  summary: 'suggest delta, cross-asset, vega and gamma hedges for a book on a chain snapshot (never sends orders)',
  usage:
    '  --chain FILE       a chain snapshot (formats as for calibrate); repeat it for each coin of the book\n' +
    '  --positions FILE   JSON [{"instrument","size"}]: the book, size signed (contracts; USD for inverse perpetuals)\n' +
    '  --params FILE      JSON premium parameters (risk aversion, horizons, covariance; any subset)\n' +
    '  --underlying U     the coin, when a file holds several (one --underlying per --chain, in order)\n' +
    '  --at TIME          the snapshot as of TIME (ms or ISO 8601)\n' +
    '  stdout: {"kind":"delta"|"cross"|"vega"|"gamma","instrument","side","size","cost","risk_before","risk_after"}\n' +
    `  the perpetual is marked at the nearest expiry's forward, half-spread ${DEFAULT_PERPETUAL_HALF_SPREAD * 1e4} bp`,
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        chain: { type: 'string', multiple: true },
        positions: { type: 'string' },
        params: { type: 'string' },
        underlying: { type: 'string', multiple: true },
        at: { type: 'string' },
      },
      strict: true,
    });
    const files = values.chain ?? [];
    if (files.length === 0) throw new UsageError('hedge needs --chain FILE');
    if (!values.positions) throw new UsageError('hedge needs --positions FILE');
    const coins = values.underlying ?? [];
    if (coins.length > files.length) throw new UsageError('more --underlying than --chain');
    const chains = files.map((file, i) => chainAt(readChain(file, coins[i]), values.at));
    let params;
    try {
      params = premiumParams(values.params ? readJsonFile('--params', values.params) : {});
    } catch (error) {
      if (error instanceof PremiumParamsError) throw new UsageError(error.message);
      throw error;
    }
    const positions = readPositions(values.positions);
    let result;
    try {
      result = hedgeForChains(chains, params, positions);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    for (const s of result.suggestions) {
      writeJson({ kind: s.kind, instrument: s.instrument, side: s.side, size: s.size, cost: s.cost, risk_before: s.riskBefore, risk_after: s.riskAfter });
    }
    return 0;
  },
};
