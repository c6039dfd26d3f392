import type { Side } from '../../shared/contract/schemas';

/** What the trader enters on a fill form, whichever way it is recorded (a fill by hand, a hedge done). */
export interface FillEntry {
  instrument: string;
  side: Side;
  size: number;
  price: number;
  fee: number;
  venueTradeId?: string;
  note?: string;
}
