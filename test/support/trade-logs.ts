/** Deribit transaction logs (its CSV download's columns) for the fill import's tests. */

export const HEADER =
  'ID,UserSeq,Date,Instrument,Type,Side,Amount,Position,Price,Mark Price,Index Price,Cash Flow,Funding,Fee Rate,Fee Charged,Fee Balance,Change,Balance,Equity,Trade ID,Order ID,Info,Note';

/** A row of Deribit's log; the columns the import does not read carry plausible values. */
export function row(r: { id: number; seq: number; date: string; instrument: string; type?: string; side: string; amount: string; price: string; fee: string; trade: string }): string {
  return [r.id, r.seq, r.date, r.instrument, r.type ?? 'trade', r.side, r.amount, '0', r.price, r.price, '95000', '0', '0', '0.0003', r.fee, '0', '0', '1', '1', r.trade, `ORD-${r.id}`, '', ''].join(',');
}

/** The BTC log, newest first as Deribit lists it: two buys and a sell of a call, a perpetual, a deposit and a delivery. */
export const BTC_LOG = [
  HEADER,
  row({ id: 6, seq: 1006, date: '18/05/26 08:00:00', instrument: 'BTC-29MAY26-100000-C', type: 'delivery', side: 'close sell', amount: '0', price: '0', fee: '0', trade: '' }),
  row({ id: 5, seq: 1005, date: '15/05/26 10:00:00', instrument: 'BTC-PERPETUAL', side: 'open sell', amount: '3000', price: '96000', fee: '0.0000156', trade: '900005' }),
  row({ id: 4, seq: 1004, date: '14/05/26 09:30:00', instrument: 'BTC-29MAY26-100000-C', side: 'close sell', amount: '1', price: '0.03', fee: '0.0003', trade: '900004' }),
  // Two trades in one second: UserSeq orders them (the sell after the buy it reduces).
  row({ id: 3, seq: 1003, date: '12/05/26 16:00:05', instrument: 'BTC-29MAY26-100000-C', side: 'open buy', amount: '0.5', price: '0.025', fee: '-0.00005', trade: '900003' }),
  row({ id: 2, seq: 1002, date: '12/05/26 16:00:05', instrument: 'BTC-29MAY26-100000-C', side: 'open buy', amount: '1.5', price: '0.02', fee: '0.00045', trade: '900002' }),
  row({ id: 1, seq: 1001, date: '10/05/26 07:00:00', instrument: '', type: 'deposit', side: '-', amount: '0', price: '0', fee: '0', trade: '' }),
].join('\r\n');

/** The USDC log: linear options, priced and charged in USDC. */
export const USDC_LOG = [
  HEADER,
  row({ id: 13, seq: 2003, date: '2026-05-16 11:00:00', instrument: 'SOL_USDC-29MAY26-180-P', side: 'close buy', amount: '4', price: '5.1', fee: '0.2', trade: '910003' }),
  row({ id: 12, seq: 2002, date: '2026-05-13 11:00:00', instrument: 'SOL_USDC-29MAY26-180-P', side: 'open sell', amount: '10', price: '6.5', fee: '0.5', trade: '910002' }),
  row({ id: 11, seq: 2001, date: '11/05/2026 08:15', instrument: 'BTC_USDC-29MAY26-100000-C', side: 'open buy', amount: '2', price: '21.5', fee: '0.6', trade: '910001' }),
].join('\n');
