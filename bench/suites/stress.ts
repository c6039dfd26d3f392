/**
 * Stress by full revaluation: 2,000 positions of the simulated BTC+ETH+SOL listing under the
 * 104-scenario spot x vol grid: the P&L of each (stress_grid_ms, target under 200 ms), and with
 * the unwind cost through the stressed books as the stress command reports it (stress_grid_unwind_ms).
 */
import { SimMarket } from '../../electron/core/market/sim/market';
import { premiumParams } from '../../electron/core/premium/params';
import { StressBook, type StressPosition } from '../../electron/core/stress/revalue';
import { spotVolGrid } from '../../electron/core/stress/shocks';
import { medianMs, type BenchSuite } from '../measure';

export const stressSuite: BenchSuite = {
  name: 'stress',
  run() {
    const market = new SimMarket({ seed: 3, start: Date.UTC(2026, 0, 14, 12) });
    const positions: StressPosition[] = market
      .options()
      .slice(0, 2000)
      .map((instrument, i) => {
        const fair = market.fairValue(instrument.name);
        return { instrument, size: ((i * 37) % 41) - 20 || 1, forward: fair.forward, T: fair.years, vol: fair.iv };
      });
    const grid = spotVolGrid();
    const revaluation = medianMs(() => {
      const book = new StressBook(positions, premiumParams({}));
      for (const scenario of grid) for (const point of scenario.points) book.pnl(point);
    }, 5, 1);
    const withUnwind = medianMs(() => {
      const book = new StressBook(positions, premiumParams({}));
      for (const scenario of grid) book.run(scenario);
    }, 5, 1);
    return { stress_positions: positions.length, stress_scenarios: grid.length, stress_grid_ms: revaluation, stress_grid_unwind_ms: withUnwind };
  },
};
