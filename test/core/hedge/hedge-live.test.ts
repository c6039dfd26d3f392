/**
 * Hedges on the desk's live market: with the embedded simulator running, hedges.suggest values the
 * stored book on every coin's chain as quoted now (books included) and suggests each coin's delta
 * in its own perpetual.
 */
import { describe, expect, it, vi } from 'vitest';
import { dispatch } from '../../../electron/core/api/dispatch';
import { systemClock } from '../../../electron/core/clock';
import { createDesk } from '../../../electron/core/desk';
import { invokeChannels } from '../../../shared/contract/channels';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs();

describe('hedges on the live market', () => {
  it("suggests each coin's delta hedge from the simulator's chains", async () => {
    const desk = createDesk({ dataDir: tempDir(), clock: systemClock, config: { hostMode: 'browser', market: { venue: 'sim', seed: 3 } } });
    try {
      const chains = await vi.waitFor(
        () => {
          const chains = desk.market!.chains();
          expect(chains.map((chain) => `${chain.underlying}:${chain.settlement}`).sort()).toEqual(['BTC:inverse', 'ETH:inverse', 'SOL:linear']);
          return chains;
        },
        { timeout: 15_000, interval: 100 },
      );
      expect(chains.every((chain) => chain.quotes.some((quote) => quote.book && quote.book.bids.length > 0))).toBe(true);
      const btcOption = chains.find((chain) => chain.underlying === 'BTC')!.quotes[0]!.instrument;
      for (const fill of [
        { instrument: 'BTC-PERPETUAL', side: 'sell', size: 5_000_000, price: 95_000 },
        { instrument: 'SOL_USDC-PERPETUAL', side: 'buy', size: 20_000, price: 150 },
        { instrument: btcOption, side: 'buy', size: 1, price: 0.01 },
      ]) {
        const stored = await dispatch(desk.handlers, 'fills.add', fill);
        expect(stored.ok, JSON.stringify(stored)).toBe(true);
      }
      const outcome = await dispatch(desk.handlers, 'hedges.suggest', {});
      if (!outcome.ok) throw new Error(outcome.error.message);
      const { suggestions, message } = invokeChannels['hedges.suggest'].response.parse(outcome.value);
      expect(message).toBeNull();
      const deltas = suggestions.filter((s) => s.kind === 'delta');
      expect(deltas.map((s) => [s.instrument, s.side])).toEqual([
        ['BTC-PERPETUAL', 'buy'],
        ['SOL_USDC-PERPETUAL', 'sell'],
      ]);
      for (const s of deltas) expect(s.riskAfter).toBeLessThan(s.riskBefore);
    } finally {
      desk.close();
    }
  }, 30_000);
});
