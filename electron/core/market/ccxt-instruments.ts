/**
 * A ccxt market in the desk's instrument model, whatever the venue: the desk names an instrument
 * from its terms (underlying, settlement, expiry, strike, type) in the canonical form of
 * shared/domain/instrument.ts. Settlement from ccxt's settle currency: the coin itself is inverse
 * (Deribit, OKX's BTC-USD options), USDC or USDT is linear in that stablecoin (Deribit's and
 * Bybit's USDC options; Binance's and Bybit's USDT ones). Anything else the model cannot represent
 * is said, not guessed: another settle currency, an underlying the desk does not trade, an expiry
 * other than 08:00 UTC.
 */
import type { MarketInterface } from 'ccxt';
import {
  checkInstrumentName,
  EXPIRY_HOUR_UTC,
  formatInstrument,
  LINEAR_CURRENCY,
  linearSettlementOf,
  type Instrument,
  type InstrumentSpec,
} from '../../../shared/domain/instrument';

export type MarketTerms = { ok: true; instrument: Instrument } | { ok: false; reason: string };

/** The desk's instrument of a ccxt market; undefined for what is not a derivative the desk follows (spot). */
export function instrumentOfMarket(market: MarketInterface): MarketTerms | undefined {
  const { base, settle, expiry } = market;
  let spec: InstrumentSpec;
  const settlement = settle === base ? 'inverse' : linearSettlementOf(settle);
  const unsettled = (): MarketTerms => ({
    ok: false,
    reason: `settles in ${settle ?? 'an unnamed currency'}; the desk's linear instruments settle in ${Object.values(LINEAR_CURRENCY).join(' or ')}`,
  });
  if (market.option && typeof expiry === 'number' && typeof market.strike === 'number') {
    if (market.optionType !== 'call' && market.optionType !== 'put') return { ok: false, reason: `option type ${String(market.optionType)}` };
    if (!settlement) return unsettled();
    spec = { kind: 'option', base, settlement, expiry, strike: market.strike, optionType: market.optionType };
  } else if (market.future && typeof expiry === 'number') {
    if (!settlement) return unsettled();
    spec = { kind: 'future', base, settlement, expiry };
  } else if (market.swap) {
    if (!settlement) return unsettled();
    spec = { kind: 'perpetual', base, settlement };
  } else {
    return undefined;
  }
  const checked = checkInstrumentName(formatInstrument(spec));
  if (!checked.ok) return checked;
  if (spec.kind !== 'perpetual' && checked.instrument.kind !== 'perpetual' && checked.instrument.expiry !== spec.expiry) {
    return { ok: false, reason: `expires at ${new Date(spec.expiry).toISOString()}, not ${String(EXPIRY_HOUR_UTC).padStart(2, '0')}:00 UTC` };
  }
  return checked;
}
