/**
 * Chain snapshots from files, into ChainQuote rows:
 *   - Deribit ticker fields as CSV (the fixtures in test/fixtures/deribit/): IVs in percent,
 *     an empty side as IV 0 (bid) or 0/500 (ask), underlying_price the expiry's forward;
 *   - Tardis's options_chain CSV: the same fields under its own names, timestamps in microseconds,
 *     every coin of the venue in one file;
 *   - one `markprice.options` JSON-RPC message: IV as a fraction, mark price in coin, no forward.
 * Each row's instrument name is parsed by the instrument model, so expiry, strike and type come
 * from the venue's name. A row that does not parse is an error naming its line: a snapshot with
 * a corrupt row is not calibrated on quietly.
 */
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { parseInstrument, type Settlement } from '../../../shared/domain/instrument';
import type { Level } from '../market/events';
import type { ChainQuote } from './chain';
import type { VolSurface } from './vol-surface';

export interface ChainSnapshot {
  quotes: ChainQuote[];
  /** The coin the options are on (BTC). */
  underlying: string;
  settlement: Settlement;
  /** The chain's calibrated surface when the source already has one (the live market); else fitted from the quotes. */
  surface?: VolSurface;
}

interface ParsedRow {
  quote: ChainQuote;
  underlying: string;
  settlement: Settlement;
}

/** The quote of one row: the option's terms come from its venue name, the rest from the row. */
function quoteOf(
  name: string,
  where: string,
  fields: Omit<ChainQuote, 'instrument' | 'optionType' | 'strike' | 'expiry'>,
): ParsedRow {
  const instrument = parseInstrument(name);
  if (instrument.kind !== 'option') throw new Error(`${where}: ${name} is not an option`);
  const { optionType, strike, expiry, settlement, base } = instrument;
  return { quote: { instrument: instrument.name, optionType, strike, expiry, ...fields }, underlying: base, settlement };
}

/**
 * The snapshot of parsed rows on one coin (`underlying`, needed when the file holds several, as
 * Tardis's Deribit files do); one chain is either all inverse or all linear.
 */
function snapshotOf(rows: readonly ParsedRow[], underlying?: string): ChainSnapshot {
  const coins = [...new Set(rows.map((row) => row.underlying))].sort();
  const coin = underlying ?? (coins.length === 1 ? coins[0] : undefined);
  if (coin === undefined) throw new Error(coins.length ? `the chain holds ${coins.join(', ')}: choose one underlying` : 'the chain has no options');
  const chosen = rows.filter((row) => row.underlying === coin);
  if (chosen.length === 0) throw new Error(`the chain has no ${coin} options (it holds ${coins.join(', ') || 'none'})`);
  if (new Set(chosen.map((row) => row.settlement)).size > 1) throw new Error(`the ${coin} chain mixes inverse and linear options`);
  return { quotes: chosen.map((row) => row.quote), underlying: coin, settlement: chosen[0]!.settlement };
}

/** A number from a CSV cell; empty means absent. */
function cell(row: Record<string, string>, column: string, where: string): number | null {
  const text = row[column];
  if (text === undefined) throw new Error(`${where}: no column ${column}`);
  if (text.trim() === '') return null;
  const value = Number(text);
  if (!Number.isFinite(value)) throw new Error(`${where}: ${column} is not a number: '${text}'`);
  return value;
}

const Levels = z.array(z.tuple([z.number().positive(), z.number().positive()]));

/** Book levels from a cell such as [[0.042, 15.5], [0.0405, 8.2]]; an absent column or empty cell is an empty side. */
function levels(row: Record<string, string>, column: string, where: string): Level[] {
  const text = row[column]?.trim();
  if (!text) return [];
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${where}: ${column} is not a list of [price, amount] levels`);
  }
  const parsed = Levels.safeParse(json);
  if (!parsed.success) throw new Error(`${where}: ${column} is not a list of [price, amount] levels`);
  return parsed.data;
}

/**
 * A CSV of ticker rows: which column holds each field, and the unit of its timestamps. Both known
 * layouts give IVs in percent and an empty side as an empty cell or IV 0.
 */
interface TickerCsvLayout {
  name: string;
  columns: {
    instrument: string;
    timestamp: string;
    bidIv: string;
    askIv: string;
    bidSize: string;
    askSize: string;
    markIv: string;
    markPrice: string;
    underlyingPrice: string;
  };
  /** Columns holding the book's levels as [[price, amount], ...], when the layout has depth. */
  depth?: { bids: string; asks: string };
  /** Timestamp units per ms. */
  unitsPerMs: number;
}

/** Deribit's ticker fields as columns (the fixtures). */
const DERIBIT_TICKER: TickerCsvLayout = {
  name: 'Deribit ticker CSV',
  columns: {
    instrument: 'instrument_name',
    timestamp: 'timestamp',
    bidIv: 'bid_iv',
    askIv: 'ask_iv',
    bidSize: 'best_bid_amount',
    askSize: 'best_ask_amount',
    markIv: 'mark_iv',
    markPrice: 'mark_price',
    underlyingPrice: 'underlying_price',
  },
  depth: { bids: 'bids', asks: 'asks' },
  unitsPerMs: 1,
};

/** Tardis's options_chain dataset: microsecond timestamps, Deribit's units otherwise. */
const TARDIS_OPTIONS_CHAIN: TickerCsvLayout = {
  name: 'Tardis options_chain CSV',
  columns: {
    instrument: 'symbol',
    timestamp: 'timestamp',
    bidIv: 'bid_iv',
    askIv: 'ask_iv',
    bidSize: 'bid_amount',
    askSize: 'ask_amount',
    markIv: 'mark_iv',
    markPrice: 'mark_price',
    underlyingPrice: 'underlying_price',
  },
  unitsPerMs: 1000,
};

/** The layout a CSV header matches, or null. Tardis's is tried first: its header is distinctive. */
export function tickerCsvLayout(header: string): TickerCsvLayout | null {
  const columns = new Set(header.trim().split(','));
  return [TARDIS_OPTIONS_CHAIN, DERIBIT_TICKER].find((layout) => Object.values(layout.columns).every((c) => columns.has(c))) ?? null;
}

export function parseTickerCsv(text: string, layout: TickerCsvLayout, underlying?: string): ChainSnapshot {
  const rows = parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const { columns } = layout;
  return snapshotOf(
    rows.map((row, index) => {
      const where = `line ${index + 2}`;
      const percent = (column: string) => {
        const value = cell(row, column, where);
        return value === null ? null : value / 100;
      };
      const timestamp = cell(row, columns.timestamp, where);
      if (timestamp === null) throw new Error(`${where}: no timestamp`);
      return quoteOf(row[columns.instrument] ?? '', where, {
        timestamp: timestamp / layout.unitsPerMs,
        bidIv: percent(columns.bidIv),
        askIv: percent(columns.askIv),
        bidSize: cell(row, columns.bidSize, where),
        askSize: cell(row, columns.askSize, where),
        markIv: percent(columns.markIv),
        markPrice: cell(row, columns.markPrice, where),
        underlyingPrice: cell(row, columns.underlyingPrice, where),
        ...(layout.depth ? { book: { bids: levels(row, layout.depth.bids, where), asks: levels(row, layout.depth.asks, where) } } : {}),
      });
    }),
    underlying,
  );
}

/** The fixtures' format. */
export function parseDeribitTickerCsv(text: string, underlying?: string): ChainSnapshot {
  return parseTickerCsv(text, DERIBIT_TICKER, underlying);
}

const MarkPriceMessage = z.object({
  params: z.object({
    channel: z.string().startsWith('markprice.options.'),
    data: z.array(z.object({ instrument_name: z.string(), timestamp: z.number(), iv: z.number(), mark_price: z.number() })),
  }),
});

export function parseMarkPriceMessage(text: string, underlying?: string): ChainSnapshot {
  const parsed = MarkPriceMessage.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`not a markprice.options message: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
  return snapshotOf(
    parsed.data.params.data.map((entry, index) =>
      quoteOf(entry.instrument_name, `data[${index}]`, {
        timestamp: entry.timestamp,
        bidIv: null,
        askIv: null,
        bidSize: null,
        askSize: null,
        markIv: entry.iv,
        markPrice: entry.mark_price,
        underlyingPrice: null,
      }),
    ),
    underlying,
  );
}

/** A chain file in any known format: one markprice.options message, or a ticker CSV. */
export function parseChainFile(text: string, underlying?: string): ChainSnapshot {
  if (text.trimStart().startsWith('{')) return parseMarkPriceMessage(text, underlying);
  const layout = tickerCsvLayout(text.slice(0, text.indexOf('\n')));
  if (!layout) throw new Error('not a known chain format (Deribit ticker CSV, Tardis options_chain CSV, markprice.options JSON)');
  return parseTickerCsv(text, layout, underlying);
}

/** The snapshot as of `at` (ms): each instrument's latest quote stamped at or before it. */
export function snapshotAt(quotes: readonly ChainQuote[], at: number): ChainQuote[] {
  const latest = new Map<string, ChainQuote>();
  for (const q of quotes) {
    if (q.timestamp > at) continue;
    const seen = latest.get(q.instrument);
    if (!seen || q.timestamp > seen.timestamp) latest.set(q.instrument, q);
  }
  return [...latest.values()];
}
