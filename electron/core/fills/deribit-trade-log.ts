/**
 * Deribit's transaction log as its web UI downloads it (Account > Transaction log > Download logs:
 * one CSV per currency). Columns as Deribit's support article "Transaction log" lists them for the
 * CSV (ID, UserSeq, Date, Instrument, Type, Side, Amount, Position, Price, Mark Price, Index Price,
 * Cash Flow, Funding, Fee Rate, Fee Charged, Fee Balance, Change, Balance, Equity, Trade ID,
 * Order ID, Info, Note); older downloads name the amount "Base Amount" or "Size" and the fee "Fee
 * Paid", as the header revisions that tax tools (BittyTax's Deribit parser) recognise show.
 *
 * Mapped: Type 'trade' rows only (deposits, transfers, settlements, deliveries and position moves
 * are not fills: skipped and counted by type); Instrument as is; Side 'open buy' / 'close buy' /
 * 'buy' to buy, likewise sell; Amount (contracts for options, USD for inverse futures and
 * perpetuals, coin for linear ones: the desk's sizes are the venue's amounts); Price in the
 * instrument's price currency (coin for inverse options, USDC for linear ones); Fee Charged in the
 * log's currency (negative: a rebate); Trade ID as the venue trade id; Date (DD/MM/YY HH:MM:SS,
 * UTC; ISO 8601 accepted too) as the execution time, UserSeq (the account's sequence) ordering
 * trades within one second.
 */
import type { Cell, FillCsvShape } from './fill-csv';
import { numberCell } from './fill-csv';

const REQUIRED = ['Date', 'Instrument', 'Type', 'Side', 'Price', 'Trade ID'] as const;
const AMOUNT = ['Amount', 'Base Amount', 'Size'] as const;
const FEE = ['Fee Charged', 'Fee Paid'] as const;

const DMY = /^(\d{2})\/(\d{2})\/(\d{2}|\d{4}) (\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/;
const ISO = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Deribit's log date (UTC) as ms since the epoch; undefined when it is no date. */
export function deribitLogTime(text: string): number | undefined {
  const dmy = DMY.exec(text);
  if (dmy) {
    const [, d, m, y, hh, mm, ss = '0', ms = '0'] = dmy;
    const year = y!.length === 2 ? 2000 + Number(y) : Number(y);
    const time = Date.UTC(year, Number(m) - 1, Number(d), Number(hh), Number(mm), Number(ss), Number(ms.padEnd(3, '0')));
    // Date.UTC rolls 31/02 over into March: a date that does not come back as written is no date.
    const back = new Date(time);
    return back.getUTCDate() === Number(d) && back.getUTCMonth() === Number(m) - 1 && back.getUTCHours() === Number(hh) ? time : undefined;
  }
  if (ISO.test(text)) {
    const time = Date.parse(text.replace(' ', 'T') + (/(Z|[+-]\d{2}:?\d{2})$/.test(text) ? '' : 'Z'));
    return Number.isFinite(time) ? time : undefined;
  }
  return undefined;
}

const SIDES: Readonly<Record<string, 'buy' | 'sell'>> = {
  buy: 'buy',
  'open buy': 'buy',
  'close buy': 'buy',
  sell: 'sell',
  'open sell': 'sell',
  'close sell': 'sell',
};

export function deribitTradeLog(): FillCsvShape {
  let at: Record<string, number> = {};
  let width = 0;
  let amountColumn = '';
  let feeColumn = '';
  const cell = (cells: Cell[], column: string): string => (cells[at[column]!] ?? '').trim();
  return {
    header(names) {
      at = Object.fromEntries(names.map((name, i) => [(name ?? '').trim(), i]));
      width = names.length;
      amountColumn = AMOUNT.find((name) => name in at) ?? '';
      feeColumn = FEE.find((name) => name in at) ?? '';
      const missing = [...REQUIRED.filter((name) => !(name in at)), ...(amountColumn ? [] : ['Amount']), ...(feeColumn ? [] : ['Fee Charged'])];
      return missing.length ? `not a Deribit transaction log: no column ${missing.join(', ')} in the header` : null;
    },
    row(cells, line, batch) {
      if (cells.length !== width) return batch.problem(line, `${cells.length} fields, the header has ${width}`);
      const type = cell(cells, 'Type');
      if (type !== 'trade') return batch.skip(type || '(no type)');
      const problems: string[] = [];
      const time = deribitLogTime(cell(cells, 'Date'));
      if (time === undefined) problems.push(`Date: ${JSON.stringify(cell(cells, 'Date'))} is not a date (DD/MM/YY HH:MM:SS)`);
      const side = SIDES[cell(cells, 'Side')];
      if (!side) problems.push(`Side: ${JSON.stringify(cell(cells, 'Side'))} is not a buy or a sell`);
      const [size, price, fee] = [amountColumn, 'Price', feeColumn].map((column) => numberCell(cells[at[column]!] ?? null, column));
      for (const value of [size, price, fee]) if (typeof value === 'string') problems.push(value);
      if (problems.length) return batch.problem(line, problems.join('; '));
      const seq = Number(cell(cells, 'UserSeq'));
      batch.add({
        line,
        order: 'UserSeq' in at && Number.isFinite(seq) ? seq : -line,
        fill: { instrument: cell(cells, 'Instrument'), side, size, price, fee, time, venue: 'deribit', venueTradeId: cell(cells, 'Trade ID') },
      });
    },
  };
}
