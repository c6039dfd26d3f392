/**
 * Chain snapshots from files, into ChainQuote rows:
 *   - Deribit ticker fields as CSV (the fixtures in test/fixtures/deribit/): IVs in percent,
 *     an empty side as IV 0 (bid) or 0/500 (ask), underlying_price the expiry's forward;
 *   - one `markprice.options` JSON-RPC message: IV as a fraction, mark price in coin, no forward.
 * Each row's instrument name is parsed by the instrument model, so expiry, strike and type come
 * from the venue's name. A row that does not parse is an error naming its line: a snapshot with
 * a corrupt row is not calibrated on quietly.
 */
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { parseInstrument, type Settlement } from '../../../shared/domain/instrument';
import type { ChainQuote } from './chain';

export interface ChainSnapshot {
  quotes: ChainQuote[];
  /** The coin the options are on (BTC). */
  underlying: string;
  settlement: Settlement;
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

/** The snapshot of parsed rows; one chain is on one coin and either all inverse or all linear. */
function snapshotOf(rows: readonly ParsedRow[]): ChainSnapshot {
  if (rows.length === 0) throw new Error('the chain has no options');
  if (new Set(rows.map((row) => row.settlement)).size > 1) throw new Error('the chain mixes inverse and linear options');
  if (new Set(rows.map((row) => row.underlying)).size > 1) throw new Error('the chain mixes underlyings');
  return { quotes: rows.map((row) => row.quote), underlying: rows[0]!.underlying, settlement: rows[0]!.settlement };
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

const DERIBIT_COLUMNS = ['instrument_name', 'timestamp', 'bid_iv', 'ask_iv', 'best_bid_amount', 'best_ask_amount', 'mark_iv', 'mark_price', 'underlying_price'];

/** True when a CSV header is Deribit's ticker fields. */
export function isDeribitTickerCsv(header: string): boolean {
  const columns = header.split(',');
  return DERIBIT_COLUMNS.every((column) => columns.includes(column));
}

export function parseDeribitTickerCsv(text: string): ChainSnapshot {
  const rows = parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  return snapshotOf(
    rows.map((row, index) => {
      const where = `line ${index + 2}`;
      const percent = (column: string) => {
        const value = cell(row, column, where);
        return value === null ? null : value / 100;
      };
      const timestamp = cell(row, 'timestamp', where);
      if (timestamp === null) throw new Error(`${where}: no timestamp`);
      return quoteOf(row.instrument_name ?? '', where, {
        timestamp,
        bidIv: percent('bid_iv'),
        askIv: percent('ask_iv'),
        bidSize: cell(row, 'best_bid_amount', where),
        askSize: cell(row, 'best_ask_amount', where),
        markIv: percent('mark_iv'),
        markPrice: cell(row, 'mark_price', where),
        underlyingPrice: cell(row, 'underlying_price', where),
      });
    }),
  );
}

const MarkPriceMessage = z.object({
  params: z.object({
    channel: z.string().startsWith('markprice.options.'),
    data: z.array(z.object({ instrument_name: z.string(), timestamp: z.number(), iv: z.number(), mark_price: z.number() })),
  }),
});

export function parseMarkPriceMessage(text: string): ChainSnapshot {
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
  );
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
