/** Model validation runs: Avellaneda-Stoikov's 1,000-path experiment (target under 1 s). */
import { runAs2008 } from '../../electron/core/backtest/as2008';
import { medianMs, type BenchSuite } from '../measure';

export const backtestSuite: BenchSuite = {
  name: 'backtest',
  run() {
    let seed = 1;
    const ms = medianMs(() => void runAs2008({ gamma: 0.1, paths: 1000, seed: seed++, strategy: 'inventory' }), 7, 1);
    return { as2008_1000_paths_ms: ms };
  },
};
