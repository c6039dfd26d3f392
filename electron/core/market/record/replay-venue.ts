/**
 * A recording played back as a venue (venue id 'replay:<file>'): the recorded events, unchanged
 * and in their order, to whoever subscribes. Playback starts at the first subscription and keeps
 * recording time at started + speed x (clock time since then), so a test drives it with a manual
 * clock and `catchUp()`; speed Infinity sends everything as fast as the listeners take it.
 *
 * instruments() answers from the listing recorded last before the replay time, optionChain()
 * from the tickers recorded up to it (so only instruments the session subscribed appear).
 */
import { parseInstrument } from '../../../../shared/domain/instrument';
import { systemClock, type Clock } from '../../clock';
import type { MarketEvent, MarketListener } from '../events';
import { MarketState, type InstrumentMarket } from '../market-state';
import type { ChainRow, ListedInstrument, VenueAdapter } from '../venue';
import { Recording, type RecordingCursor } from './recording';

export interface ReplayOptions {
  file: string;
  /** Recorded ms per clock ms: 1 is real time, Infinity as fast as possible (default 1). */
  speed?: number;
  clock?: Clock;
  /** With Infinity, events sent before yielding to the event loop (default 4096). */
  chunk?: number;
  /** Longest wait between checks of the clock, ms (default 100; a manual clock is read this often). */
  pollMs?: number;
}

type Ticker = NonNullable<InstrumentMarket['ticker']>;

interface Subscriber {
  /** Null: every recorded event. */
  instruments: Set<string> | null;
  coins: Set<string>;
  listener: MarketListener;
}

export class ReplayVenue implements VenueAdapter {
  readonly venue: string;
  readonly recording: Recording;
  private readonly speed: number;
  private readonly clock: Clock;
  private readonly chunk: number;
  private readonly pollMs: number;
  private readonly playback: RecordingCursor;
  private subscribers: Subscriber[] = [];
  private known: Set<string> | undefined;
  /** Clock and recording time when playback started. */
  private origin: { clock: number; time: number } | undefined;
  /** Recording time of the last event sent. */
  private playedTo: number;
  private timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  private closed = false;
  /** The recorded market up to the replay time, for optionChain(); built on first use. */
  private view: { cursor: RecordingCursor; state: MarketState } | undefined;
  private resolveFinished!: () => void;
  /** Settles once every recorded event has been sent (or the venue is closed). */
  readonly finished = new Promise<void>((resolve) => (this.resolveFinished = resolve));

  constructor(options: ReplayOptions) {
    this.speed = options.speed ?? 1;
    if (!(this.speed > 0)) throw new Error(`replay: speed must be > 0 (Infinity for as fast as possible), got ${options.speed}`);
    this.clock = options.clock ?? systemClock;
    this.chunk = options.chunk ?? 4096;
    this.pollMs = options.pollMs ?? 100;
    this.venue = `replay:${options.file}`;
    this.recording = new Recording(options.file);
    this.playback = this.recording.cursor();
    this.playedTo = this.recording.info.started;
  }

  /** Where playback is in recording time, ms UTC. */
  replayTime(): number {
    if (!this.origin || this.speed === Infinity) return this.playedTo;
    return this.origin.time + this.speed * (this.clock.now() - this.origin.clock);
  }

  async instruments(base: string): Promise<ListedInstrument[]> {
    const time = this.replayTime();
    return this.recording.listing(base, time).filter(({ instrument }) => !('expiry' in instrument) || instrument.expiry > time);
  }

  async optionChain(base: string): Promise<ChainRow[]> {
    const time = this.replayTime();
    this.view ??= { cursor: this.recording.cursor(), state: new MarketState() };
    const { cursor, state } = this.view;
    for (let event = cursor.next(time); event; event = cursor.next(time)) if (event.type === 'ticker') state.applyTicker(event);
    const rows: ChainRow[] = [];
    for (const name of this.recordedInstruments()) {
      const instrument = parseInstrument(name);
      const ticker = state.get(name)?.ticker;
      if (instrument.kind !== 'option' || instrument.base !== base || !ticker || instrument.expiry <= time) continue;
      rows.push(chainRow(name, ticker));
    }
    return rows;
  }

  /** Stream the instruments' recorded events (and their coins' index, and the venue's status) from where playback is. */
  async subscribe(instruments: readonly string[], listener: MarketListener): Promise<void> {
    const known = this.recordedInstruments();
    const missing = instruments.filter((name) => !known.has(name));
    if (missing.length) throw new Error(`${this.venue}: no events recorded for ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}`);
    this.join({ instruments: new Set(instruments), coins: new Set(instruments.map((name) => parseInstrument(name).base)), listener });
  }

  /** Stream every recorded event, as recorded. */
  async subscribeAll(listener: MarketListener): Promise<void> {
    this.join({ instruments: null, coins: new Set(), listener });
  }

  /** Send every event due by the clock now; returns how many went out. */
  catchUp(): number {
    if (!this.origin || this.closed) return 0;
    const due = this.replayTime();
    let sent = 0;
    for (let event = this.playback.next(due); event; event = this.closed ? undefined : this.playback.next(due)) {
      this.send(event);
      sent++;
    }
    return sent;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopTimer();
    this.subscribers = [];
    this.recording.close();
    this.resolveFinished();
  }

  private join(subscriber: Subscriber): void {
    if (this.closed) throw new Error(`${this.venue} is closed`);
    this.subscribers.push(subscriber);
    if (this.origin) return;
    this.origin = { clock: this.clock.now(), time: this.recording.info.started };
    this.schedule();
  }

  private recordedInstruments(): Set<string> {
    return (this.known ??= new Set(this.recording.instrumentNames()));
  }

  private send(event: MarketEvent): void {
    this.playedTo = event.time;
    for (const { instruments, coins, listener } of this.subscribers) {
      if (instruments === null || event.type === 'venue-status' || (event.type === 'index' ? coins.has(event.underlying) : instruments.has(event.instrument))) listener(event);
    }
  }

  /** The playback loop: chunks on setImmediate at Infinity, otherwise a timer to the next event's due time. */
  private schedule(): void {
    if (this.closed) return;
    if (this.speed === Infinity) {
      for (let i = 0; i < this.chunk && !this.closed; i++) {
        const event = this.playback.next();
        if (!event) return this.finish();
        this.send(event);
      }
      this.timer = setImmediate(() => this.schedule());
      return;
    }
    this.catchUp();
    const next = this.playback.nextTime();
    if (next === undefined) return this.finish();
    const wait = (next - this.replayTime()) / this.speed;
    this.timer = setTimeout(() => this.schedule(), Math.min(Math.max(wait, 0), this.pollMs));
  }

  private finish(): void {
    this.timer = undefined;
    this.resolveFinished();
  }

  private stopTimer(): void {
    if (this.timer === undefined) return;
    if (this.speed === Infinity) clearImmediate(this.timer as NodeJS.Immediate);
    else clearTimeout(this.timer as NodeJS.Timeout);
    this.timer = undefined;
  }
}

/** A chain row from a recorded ticker: its best levels, vols, mark and underlying (absent fields left out). */
function chainRow(instrument: string, ticker: Ticker): ChainRow {
  const row: ChainRow = {
    instrument,
    time: ticker.time,
    bid: ticker.bestBid,
    bidAmount: ticker.bestBidAmount,
    ask: ticker.bestAsk,
    askAmount: ticker.bestAskAmount,
    bidIv: ticker.bidIv,
    askIv: ticker.askIv,
    markPrice: ticker.markPrice,
    markIv: ticker.markIv,
    underlyingPrice: ticker.underlyingPrice,
    indexPrice: ticker.indexPrice,
  };
  for (const key of Object.keys(row) as (keyof ChainRow)[]) if (row[key] === undefined) delete row[key];
  return row;
}
