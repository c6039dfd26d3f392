/**
 * Portfolio risk and hedges on a 5,000-position book: BTC, ETH (inverse) and SOL (USDC-linear)
 * options over 12 expiries from a week to a year, 70 strikes either side of the money, with the
 * three perpetuals; every option listed with a one-level book a vol point either side of theo.
 *   exposure_5000_ms   full rebuild after a fill: every position's size x greeks summed into the
 *                      cells by underlying, expiry and delta bucket, and the factor exposures;
 *   revalue_5000_ms    every position re-marked (Black-76 greeks of 5,000 options) and rebuilt:
 *                      what a move of every surface at once costs;
 *   hedge_ms           every suggestion for that book: delta bands, the cross-asset solve, and
 *                      the vega/gamma least squares over the liquid options.
 */
import { formatInstrument, parseInstrument, type Instrument, type OptionInstrument } from '../../shared/domain/instrument';
import { contractSize, futureTerms } from '../../shared/domain/venue-rules';
import { suggestHedges } from '../../electron/core/hedge/advisor';
import type { HedgeMarket, LinearHedge, OptionHedge } from '../../electron/core/hedge/market';
import { black76Price } from '../../electron/core/pricing/black76';
import { premiumParams } from '../../electron/core/premium/params';
import { RiskBook, type Mark } from '../../electron/core/risk/book';
import { RiskMeasure } from '../../electron/core/risk/measure';
import { medianMs, type BenchSuite } from '../measure';

const NOW = Date.UTC(2026, 0, 14, 8);
const DAY = 86_400_000;
const COINS = [
  { base: 'BTC', settlement: 'inverse', spot: 95_000, vol: 0.55, step: 100 },
  { base: 'ETH', settlement: 'inverse', spot: 3_300, vol: 0.7, step: 5 },
  { base: 'SOL', settlement: 'linear', spot: 140, vol: 0.9, step: 0.5 },
] as const;
const EXPIRIES = [7, 14, 21, 28, 45, 60, 90, 120, 180, 240, 300, 365];
const STRIKES_PER_SIDE = 70;

function book(): { risk: RiskBook; marks: Mark[]; market: HedgeMarket } {
  const instruments: Instrument[] = [];
  const marks: Mark[] = [];
  const options: OptionHedge[] = [];
  const linear: LinearHedge[] = [];
  for (const coin of COINS) {
    const perpetual = parseInstrument(formatInstrument({ kind: 'perpetual', base: coin.base, settlement: coin.settlement }));
    if (perpetual.kind !== 'perpetual') throw new Error('a perpetual');
    instruments.push(perpetual);
    marks.push({ forward: coin.spot, T: 0, vol: 0 });
    linear.push({ instrument: perpetual, mark: coin.spot, halfSpread: 0.00005, terms: futureTerms(perpetual) });
    for (const days of EXPIRIES) {
      const expiry = Date.UTC(2026, 0, 14 + days, 8);
      const T = (expiry - NOW) / (365 * DAY);
      const forward = coin.spot * (1 + 0.05 * T);
      for (let k = -STRIKES_PER_SIDE; k < STRIKES_PER_SIDE; k++) {
        // Strikes 1.5% apart at a month, wider with the square root of time, on the coin's step.
        const strike = Math.round((forward * Math.exp(0.015 * k * Math.sqrt(T * 12))) / coin.step) * coin.step;
        const optionType = k < 0 ? 'put' : 'call';
        const option = parseInstrument(formatInstrument({ kind: 'option', base: coin.base, settlement: coin.settlement, expiry, strike, optionType })) as OptionInstrument;
        const vol = coin.vol + 0.1 * Math.log(strike / forward) ** 2 - 0.05 * Math.log(strike / forward);
        const price = (v: number) => (contractSize(option) * black76Price(optionType, forward, strike, T, v)) / (coin.settlement === 'inverse' ? forward : 1);
        instruments.push(option);
        marks.push({ forward, T, vol });
        options.push({ instrument: option, forward, T, vol, theo: price(vol), bids: [[Math.max(price(vol - 0.01), 1e-8), 50]], asks: [[price(vol + 0.01), 50]] });
      }
    }
  }
  const params = premiumParams({ riskAversion: 2e-5 });
  const risk = new RiskBook(params, instruments);
  instruments.forEach((instrument, i) => {
    risk.setMark(i, marks[i]!);
    risk.setSize(i, instrument.kind === 'perpetual' ? -50_000 * (i % 3) : (((i * 37) % 21) - 10) * (instrument.base === 'BTC' ? 0.5 : 5));
  });
  risk.rebuild();
  return { risk, marks, market: { linear, options } };
}

export const riskSuite: BenchSuite = {
  name: 'risk',
  run() {
    const { risk, marks, market } = book();
    const params = premiumParams({ riskAversion: 2e-5 });
    const measure = new RiskMeasure(risk.space, params);
    let flip = 1;
    const exposure = medianMs(() => {
      risk.setSize(7, (flip = -flip));
      risk.rebuild();
    }, 31, 5);
    let bump = 0;
    const revalue = medianMs(() => {
      bump = bump === 0 ? 0.001 : 0;
      for (let i = 0; i < marks.length; i++) risk.setMark(i, { ...marks[i]!, vol: marks[i]!.vol + bump });
      risk.rebuild();
    }, 11, 2);
    let suggestions = 0;
    const hedge = medianMs(() => {
      suggestions = suggestHedges(risk.exposure, measure, market, params).length;
    }, 15, 3);
    return { risk_positions: risk.positionCount, exposure_5000_ms: exposure, revalue_5000_ms: revalue, hedge_ms: hedge, hedge_suggestions: suggestions };
  },
};
