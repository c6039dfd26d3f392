/**
 * Vega and gamma hedges: cost-aware least squares over liquid listed options (MODEL.md, "Hedging").
 * Per underlying and expiry the candidates are the options nearest the money with a two-sided
 * book (at most CANDIDATES_PER_EXPIRY); their contracts q minimise
 *   R_perp(E + A q) + sum_j cost_j(q_j),
 * R_perp the book's risk after its best delta hedge (risk/measure.ts), so the delta an option
 * brings is left to the delta hedge, whose cost is charged here per contract (|m Delta F| at the
 * perpetual's rate). cost_j is the spread to theo on the side traded plus the fee; the solution
 * is rounded to the venue's lot and its expected cost is the full book walk (costs.ts).
 * A line is named gamma when the option's gamma carries more of its own risk than its vega.
 */
import { contractSize, optionFee, optionLot, roundToLot } from '../../../shared/domain/venue-rules';
import { black76, Valuation } from '../pricing/black76';
import { FactorExposure, optionExposure } from '../premium/exposure';
import type { PremiumParams } from '../premium/params';
import type { RiskMeasure } from '../risk/measure';
import { cheapestLinearHedge, linearCostRate, optionImpactLaw, optionTradeCost, usdPerPrice } from './costs';
import type { HedgeMarket, OptionHedge } from './market';
import { minimiseQuadraticL1 } from './solver';
import type { HedgeSuggestion } from './suggestion';

const CANDIDATES_PER_EXPIRY = 2;

interface Candidate {
  option: OptionHedge;
  exposure: FactorExposure;
  gammaFactor: number;
  volFactor: number;
  volOfVol: number;
}

/**
 * The liquid options nearest the money, per underlying and expiry: smallest |d1| (the call delta
 * N(d1) nearest one half), found without valuing every option; only the chosen are valued.
 */
function candidates(market: HedgeMarket, measure: RiskMeasure, params: PremiumParams): Candidate[] {
  const { space } = measure;
  const nearest = new Map<number, { distance: number; option: OptionHedge }[]>();
  for (const option of market.options) {
    const { instrument, forward, T, vol } = option;
    if (option.bids.length === 0 || option.asks.length === 0 || !space.underlyings.includes(instrument.base)) continue;
    const s = vol * Math.sqrt(T);
    if (!(s > 0)) continue; // expired or without a vol: nothing to hedge with
    const distance = Math.abs(Math.log(forward / instrument.strike) / s + 0.5 * s);
    const key = space.coinIndex(instrument.base) * 1e14 + instrument.expiry;
    let list = nearest.get(key);
    if (!list) nearest.set(key, (list = []));
    if (list.length === CANDIDATES_PER_EXPIRY && distance >= list[list.length - 1]!.distance) continue;
    let at = Math.min(list.length, CANDIDATES_PER_EXPIRY - 1);
    while (at > 0 && list[at - 1]!.distance > distance) at--;
    list.splice(at, 0, { distance, option });
    if (list.length > CANDIDATES_PER_EXPIRY) list.pop();
  }
  const valuation = new Valuation();
  return [...nearest.values()].flatMap((list) =>
    list.map(({ option }) => {
      const { instrument } = option;
      const v = black76(valuation, instrument.optionType, option.forward, instrument.strike, option.T, option.vol);
      const c = space.coinIndex(instrument.base);
      const bucket = space.bucketOf(option.T);
      return {
        option,
        exposure: optionExposure(new FactorExposure(), v, contractSize(instrument), option.forward),
        gammaFactor: space.gamma(c),
        volFactor: space.vol(c, bucket),
        volOfVol: params.volOfVol[instrument.base]![bucket]!,
      };
    }),
  );
}

export function optionHedges(E: Float64Array, measure: RiskMeasure, market: HedgeMarket, params: PremiumParams): HedgeSuggestion[] {
  const list = candidates(market, measure, params);
  const k = list.length;
  if (k === 0) return [];
  const { space, hedgedSigma: S, riskAversion: gamma } = measure;
  const n = space.size;
  const SE = new Float64Array(n);
  for (let f = 0; f < n; f++) for (let h = 0; h < n; h++) SE[f]! += S[f * n + h]! * E[h]!;
  const Q = new Float64Array(k * k);
  const g = new Float64Array(k);
  const up = new Float64Array(k);
  const down = new Float64Array(k);
  list.forEach((a, i) => {
    g[i] = gamma * (a.exposure.gamma * SE[a.gammaFactor]! + a.exposure.vol * SE[a.volFactor]!);
    list.forEach((b, j) => {
      Q[i * k + j] =
        gamma *
        (a.exposure.gamma * (S[a.gammaFactor * n + b.gammaFactor]! * b.exposure.gamma + S[a.gammaFactor * n + b.volFactor]! * b.exposure.vol) +
          a.exposure.vol * (S[a.volFactor * n + b.gammaFactor]! * b.exposure.gamma + S[a.volFactor * n + b.volFactor]! * b.exposure.vol));
    });
    const { option } = a;
    const perp = cheapestLinearHedge(market, option.instrument.base);
    const rehedge = perp ? Math.abs(a.exposure.spot) * linearCostRate(perp) : 0;
    const fee = optionFee(option.instrument, option.forward, option.theo) * usdPerPrice(option);
    up[i] = Math.max(option.asks[0]![0] - option.theo, 0) * usdPerPrice(option) + fee + rehedge;
    down[i] = Math.max(option.theo - option.bids[0]![0], 0) * usdPerPrice(option) + fee + rehedge;
  });
  const q = minimiseQuadraticL1({ Q, g, up, down });
  const suggestions: HedgeSuggestion[] = [];
  const book = Float64Array.from(E);
  list.forEach((a, i) => {
    const contracts = roundToLot(q[i]!, optionLot(a.option.instrument));
    if (contracts === 0) return;
    const riskBefore = measure.hedgedRisk(book);
    book[space.spot(space.coinIndex(a.option.instrument.base))]! += contracts * a.exposure.spot;
    book[a.gammaFactor]! += contracts * a.exposure.gamma;
    book[a.volFactor]! += contracts * a.exposure.vol;
    const gammaRisk = a.exposure.gamma ** 2 * S[a.gammaFactor * n + a.gammaFactor]!;
    const vegaRisk = a.exposure.vol ** 2 * S[a.volFactor * n + a.volFactor]!;
    suggestions.push({
      kind: gammaRisk > vegaRisk ? 'gamma' : 'vega',
      instrument: a.option.instrument.name,
      side: contracts > 0 ? 'buy' : 'sell',
      size: Math.abs(contracts),
      price: a.option.theo,
      cost: optionTradeCost(a.option, contracts, optionImpactLaw(a.option, a.exposure, params, a.volOfVol)),
      riskBefore,
      riskAfter: measure.hedgedRisk(book),
    });
  });
  return suggestions;
}
