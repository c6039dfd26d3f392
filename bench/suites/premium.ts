/**
 * The premium engine on a full simulated BTC+ETH+SOL listing (about 2,000 options, inverse and
 * USDC-linear), each with a five-level book a side and a book of positions:
 *   requote_2000_ms   every option, both sides, the size ladder (1, 5, 25, 100), every term of the
 *                     breakdown, after a fill (so every inventory and tail term is recomputed);
 *   requote_one_us    one option after a fill (the book-wide refresh included);
 *   revalue_2000_ms   a market move of every option: theo, greeks, exposures, book walks and the
 *                     full revaluation under every stress scenario (run on surface or spot changes).
 */
import { SimMarket } from '../../electron/core/market/sim/market';
import { premiumParams } from '../../electron/core/premium/params';
import { QuoteEngine } from '../../electron/core/premium/quote-engine';
import { medianMs, timed, type BenchSuite } from '../measure';

const START = Date.UTC(2026, 0, 14, 12);

function simulatedBook(): { engine: QuoteEngine; markets: { forward: number; T: number; vol: number }[] } {
  const market = new SimMarket({ seed: 7, start: START });
  const options = market.options();
  const engine = new QuoteEngine(premiumParams({}), options);
  const markets = options.map((option) => {
    const fair = market.fairValue(option.name);
    return { forward: fair.forward, T: fair.years, vol: fair.iv };
  });
  options.forEach((option, i) => {
    engine.setMarket(i, markets[i]!);
    const { bids, asks } = market.bookOf(option.name);
    engine.setBook(i, bids, asks);
    if (i % 7 === 0) engine.addFill(i, ((i * 37) % 50) - 25);
  });
  engine.requote();
  return { engine, markets };
}

export const premiumSuite: BenchSuite = {
  name: 'premium',
  run() {
    const { engine, markets } = simulatedBook();
    const n = engine.optionCount;
    let flip = 1;
    // Wall and CPU time: a sub-millisecond run on this shared machine is often preempted.
    const requoteAll = timed(
      () => {
        engine.addFill(3, (flip = -flip));
        engine.requote();
      },
      31,
      5,
    );
    const ONE = 1000;
    const one =
      medianMs(
        () => {
          for (let r = 0; r < ONE; r++) {
            engine.addFill(r % n, (flip = -flip));
            engine.requoteOption((r * 13) % n);
          }
        },
        15,
        3,
      ) /
      ONE *
      1000;
    let bump = 0;
    const revalue = medianMs(
      () => {
        bump = bump === 0 ? 0.001 : 0;
        for (let i = 0; i < n; i++) engine.setMarket(i, { ...markets[i]!, vol: markets[i]!.vol + bump });
      },
      11,
      2,
    );
    return { premium_options: n, requote_2000_ms: requoteAll.wallMs, requote_2000_cpu_ms: requoteAll.cpuMs, requote_one_us: one, revalue_2000_ms: revalue };
  },
};
