/**
 * Venue instrument names, Deribit style, parsed into one model and formatted back.
 *
 *   BTC-27DEC24-60000-C        inverse (coin-settled) option, 1 coin per contract
 *   SOL_USDC-29MAY26-150-P     USDC-linear option; decimal strikes are written with 'd' (8d6 = 8.6)
 *   BTC_USDT-26DEC25-100000-C  USDT-linear option (Binance's, Bybit's newer ones): the desk's own
 *                              name in Deribit's form for it (Deribit lists no USDT instruments)
 *   BTC-27DEC24                dated future        BTC-PERPETUAL / BTC_USDC-PERPETUAL   perpetuals
 *
 * Days carry no leading zero and every expiry is at 08:00 UTC (Deribit's rule). Only canonical
 * names parse: format(parse(name)) === name, so a name is never guessed at.
 */

/**
 * inverse: coin-settled; linear: USDC-linear; linear_usdt: USDT-linear. Both linear kinds price in
 * USD per coin (the same Black-76, the same P&L rule); they differ only in the stablecoin, so each
 * is its own chain (its own surface, its own board) and positions in each are their own currency.
 */
export const SETTLEMENTS = ['inverse', 'linear', 'linear_usdt'] as const;
export type Settlement = (typeof SETTLEMENTS)[number];
export type LinearSettlement = Exclude<Settlement, 'inverse'>;
/** The stablecoin a linear instrument is priced and settled in, and the suffix of its name. */
export const LINEAR_CURRENCY: Readonly<Record<LinearSettlement, 'USDC' | 'USDT'>> = { linear: 'USDC', linear_usdt: 'USDT' };

/** The linear settlement in a stablecoin (USDC: linear, USDT: linear_usdt); undefined for any other currency. */
export function linearSettlementOf(currency: string | undefined): LinearSettlement | undefined {
  return (Object.keys(LINEAR_CURRENCY) as LinearSettlement[]).find((settlement) => LINEAR_CURRENCY[settlement] === currency);
}
export type OptionType = 'call' | 'put';

interface InstrumentBase {
  /** Canonical venue name. */
  name: string;
  /** The coin whose price is the underlying: BTC, ETH, SOL. */
  base: string;
  /** inverse: premium and P&L in the base coin; linear: in USDC; linear_usdt: in USDT. */
  settlement: Settlement;
}
export interface OptionInstrument extends InstrumentBase {
  kind: 'option';
  /** Expiry, ms since epoch (UTC 08:00 of the expiry date). */
  expiry: number;
  strike: number;
  optionType: OptionType;
}
export interface FutureInstrument extends InstrumentBase {
  kind: 'future';
  expiry: number;
}
export interface PerpetualInstrument extends InstrumentBase {
  kind: 'perpetual';
}
export type Instrument = OptionInstrument | FutureInstrument | PerpetualInstrument;
/** An instrument before it has its name. */
export type InstrumentSpec = Instrument extends infer I ? (I extends Instrument ? Omit<I, 'name'> : never) : never;

/** Coins the desk trades, and the settlements each lists. */
const LISTED: Readonly<Record<string, readonly Settlement[]>> = {
  BTC: SETTLEMENTS,
  ETH: SETTLEMENTS,
  SOL: ['linear', 'linear_usdt'],
  XRP: ['linear', 'linear_usdt'],
};

export const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] as const;
export const EXPIRY_HOUR_UTC = 8;

export class InstrumentNameError extends Error {
  constructor(
    readonly input: string,
    reason: string,
  ) {
    super(`instrument '${input}': ${reason}`);
    this.name = 'InstrumentNameError';
  }
}

const NAME = /^([A-Z]+)(?:_(USDC|USDT))?-(?:(PERPETUAL)|([1-9]\d?)([A-Z]{3})(\d{2})(?:-([0-9]+(?:d[0-9]+)?)-([CP]))?)$/;

/** Parse a venue instrument name; throws InstrumentNameError saying what is wrong. */
export function parseInstrument(name: string): Instrument {
  const match = NAME.exec(name);
  if (!match) {
    throw new InstrumentNameError(
      name,
      'not a venue name (expected e.g. BTC-27DEC24-60000-C, SOL_USDC-29MAY26-8d6-P, BTC-27DEC24 or BTC-PERPETUAL)',
    );
  }
  const [, base, stablecoin, perpetual, day, month, year, strikeText, cp] = match as unknown as (string | undefined)[];
  const listed = LISTED[base!];
  if (!listed) throw new InstrumentNameError(name, `unknown underlying ${base}; the desk trades ${Object.keys(LISTED).join(', ')}`);
  const settlement: Settlement = stablecoin === undefined ? 'inverse' : linearSettlementOf(stablecoin)!;
  if (!listed.includes(settlement)) throw new InstrumentNameError(name, `${base} has no ${settlementLabel(settlement)} instruments`);

  if (perpetual) return { kind: 'perpetual', name, base: base!, settlement };

  const monthIndex = MONTHS.indexOf(month as (typeof MONTHS)[number]);
  if (monthIndex < 0) throw new InstrumentNameError(name, `unknown month ${month}`);
  const fullYear = 2000 + Number(year);
  const expiry = Date.UTC(fullYear, monthIndex, Number(day), EXPIRY_HOUR_UTC);
  if (new Date(expiry).getUTCDate() !== Number(day)) throw new InstrumentNameError(name, `${day}${month}${year} is not a date`);

  if (strikeText === undefined) return { kind: 'future', name, base: base!, settlement, expiry };

  const strike = Number(strikeText.replace('d', '.'));
  if (!(strike > 0) || formatStrike(strike) !== strikeText) {
    throw new InstrumentNameError(name, `strike '${strikeText}' is not a canonical positive number`);
  }
  return { kind: 'option', name, base: base!, settlement, expiry, strike, optionType: cp === 'C' ? 'call' : 'put' };
}

/** The result form of parseInstrument, for validators. */
export function checkInstrumentName(name: string): { ok: true; instrument: Instrument } | { ok: false; reason: string } {
  try {
    return { ok: true, instrument: parseInstrument(name) };
  } catch (error) {
    if (error instanceof InstrumentNameError) return { ok: false, reason: error.message };
    throw error;
  }
}

export function formatExpiry(expiry: number): string {
  const date = new Date(expiry);
  return `${date.getUTCDate()}${MONTHS[date.getUTCMonth()]}${String(date.getUTCFullYear() % 100).padStart(2, '0')}`;
}

export function formatStrike(strike: number): string {
  return String(strike).replace('.', 'd');
}

/** The canonical venue name of an instrument (inverse of parseInstrument). */
export function formatInstrument(instrument: InstrumentSpec): string {
  const prefix = instrument.settlement === 'inverse' ? instrument.base : `${instrument.base}_${LINEAR_CURRENCY[instrument.settlement]}`;
  if (instrument.kind === 'perpetual') return `${prefix}-PERPETUAL`;
  const dated = `${prefix}-${formatExpiry(instrument.expiry)}`;
  if (instrument.kind === 'future') return dated;
  return `${dated}-${formatStrike(instrument.strike)}-${instrument.optionType === 'call' ? 'C' : 'P'}`;
}

/** The currency an instrument's price, fees and P&L are in. */
export function priceCurrency(instrument: Instrument): string {
  if (instrument.settlement !== 'inverse') return LINEAR_CURRENCY[instrument.settlement];
  return instrument.kind === 'option' ? instrument.base : 'USD';
}

/**
 * The currency P&L and fees settle in: the coin for inverse instruments (options priced in it,
 * and futures priced in USD but settled in coin), the stablecoin (USDC, USDT) for linear ones.
 */
export function settlementCurrency(instrument: Pick<Instrument, 'settlement' | 'base'>): string {
  return instrument.settlement === 'inverse' ? instrument.base : LINEAR_CURRENCY[instrument.settlement];
}

/** A settlement as a person reads it: 'coin-settled', 'USDC-linear', 'USDT-linear'. */
export function settlementLabel(settlement: Settlement): string {
  return settlement === 'inverse' ? 'coin-settled' : `${LINEAR_CURRENCY[settlement]}-linear`;
}

/**
 * USD per unit of the stablecoins linear instruments settle in, at par: what a USD figure takes
 * for them unless a price for them is given.
 */
export const STABLECOIN_USD: Readonly<Record<string, number>> = { USDC: 1, USDT: 1 };

/** USD per unit of a currency: its given price, else a stablecoin's par; undefined for a coin with no price. */
export function usdPerUnit(currency: string, usdPrice: Readonly<Record<string, number>> = {}): number | undefined {
  return usdPrice[currency] ?? STABLECOIN_USD[currency];
}

/**
 * An inverse future or perpetual: its amount is USD and its P&L the 1/price rule in coin,
 * amount x (1/entry - 1/exit). Every other instrument's P&L is size x (exit - entry).
 */
export function isInverseFuture(instrument: Instrument): boolean {
  return instrument.kind !== 'option' && instrument.settlement === 'inverse';
}

const KIND_ORDER = { perpetual: 0, future: 1, option: 2 } as const;

/** Blotter order: underlying, settlement, perpetual before futures before options, expiry, strike, calls first. */
export function compareInstruments(a: Instrument, b: Instrument): number {
  const expiry = (instrument: Instrument) => (instrument.kind === 'perpetual' ? 0 : instrument.expiry);
  return (
    a.base.localeCompare(b.base) ||
    a.settlement.localeCompare(b.settlement) ||
    expiry(a) - expiry(b) ||
    KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
    (a.kind === 'option' && b.kind === 'option' ? a.strike - b.strike || a.optionType.localeCompare(b.optionType) : 0)
  );
}
