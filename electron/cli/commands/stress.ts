/**
 * `stress`: a book of positions on a chain snapshot under the spot x vol grid and the named stress
 * paths, by full revaluation: one JSON line per scenario with the final and worst P&L and the
 * cost of unwinding the book through the stressed books (USD).
 */
import { parseArgs } from 'node:util';
import { chainMarket, positionsOn } from '../../core/premium/chain-engine';
import { premiumParams, PremiumParamsError } from '../../core/premium/params';
import { StressBook, type StressPosition } from '../../core/stress/revalue';
import { spotVolGrid, stressPaths } from '../../core/stress/shocks';
import { chainAt, readChain, readJsonFile, readPositions } from '../chain-flag';
import { UsageError, type Command } from '../command';
import { writeJson } from '../jsonl';

export const stress: Command = {
  name: 'stress',
  summary: 'stress a book on a chain snapshot: spot x vol grid and named paths, full revaluation',
  usage:
    '  --chain FILE       a chain snapshot (formats as for calibrate)\n' +
    '  --positions FILE   JSON [{"instrument","size"}], size signed in contracts\n' +
    '  --underlying U     the coin, when the file holds several      --at TIME   the snapshot time\n' +
    '  --params FILE      premium parameters (impact law for books the chain lacks)\n' +
    '  --only grid|paths  one family of scenarios (default both)\n' +
    '  stdout: {"scenario","kind","pnl","worst_pnl","unwind_cost"} per scenario, USD',
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        chain: { type: 'string' },
        positions: { type: 'string' },
        underlying: { type: 'string' },
        at: { type: 'string' },
        params: { type: 'string' },
        only: { type: 'string' },
      },
      strict: true,
    });
    if (!values.chain || !values.positions) throw new UsageError('stress needs --chain FILE and --positions FILE');
    if (values.only !== undefined && values.only !== 'grid' && values.only !== 'paths') throw new UsageError(`--only ${values.only}: grid or paths`);
    const chain = chainAt(readChain(values.chain, values.underlying), values.at);
    const positions = readPositions(values.positions);
    let params;
    try {
      params = premiumParams(values.params ? readJsonFile('--params', values.params) : {});
    } catch (error) {
      if (error instanceof PremiumParamsError) throw new UsageError(error.message);
      throw error;
    }
    let book: StressPosition[];
    try {
      const { options } = chainMarket(chain);
      book = [...positionsOn(options, positions)].map(([i, size]) => ({ instrument: options[i]!.instrument, size, ...options[i]!.market, book: options[i]!.book }));
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const scenarios = [...(values.only === 'paths' ? [] : spotVolGrid()), ...(values.only === 'grid' ? [] : stressPaths())];
    const stressBook = new StressBook(book, params);
    for (const scenario of scenarios) {
      const result = stressBook.run(scenario);
      writeJson({ scenario: result.scenario, kind: scenario.kind, pnl: result.pnl, worst_pnl: result.worstPnl, unwind_cost: result.unwindCost });
    }
    return 0;
  },
};
