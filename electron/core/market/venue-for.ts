/**
 * The one place a market source is built from a spec, as the CLI and the config name it:
 *   sim             the embedded simulated market (seeded; paced by the clock at `speed`, or
 *                   unpaced at speed Infinity, for the caller to advance)
 *   deribit         Deribit through ccxt; `url` points it at another server (a local venue)
 *   okx | bybit | binance
 *                   that venue's options through ccxt's unified API; `url` as for deribit
 *   replay:<file>   a recording played back at `speed` on the clock
 */
import { systemClock, type Clock } from '../clock';
import { CcxtOptionsAdapter } from './ccxt-options/adapter';
import { OPTION_VENUES } from './ccxt-options/venues';
import { DeribitAdapter } from './deribit/adapter';
import { ReplayVenue } from './record/replay-venue';
import { SimVenue } from './sim/venue';
import type { VenueAdapter } from './venue';
import { deribitUrls, isOptionVenue, OPTION_VENUE_IDS, venueUrl } from './venue-names';

export interface VenueSpecOptions {
  clock?: Clock;
  /** Source ms per clock ms for sim and replay: 1 real time, Infinity unpaced (default 1). */
  speed?: number;
  /** sim: the seed (default 1) and the simulated start, ms UTC (default now, to the second). */
  seed?: number;
  start?: number;
  /** deribit, okx, bybit, binance: the REST base of another server, e.g. http://127.0.0.1:8123 (the venue's WebSocket path there). */
  url?: string;
}

export const VENUE_SPECS = `sim | deribit | ${OPTION_VENUE_IDS.join(' | ')} | replay:<file>`;

export function venueFor(spec: 'sim', options?: VenueSpecOptions): SimVenue;
export function venueFor(spec: `replay:${string}`, options?: VenueSpecOptions): ReplayVenue;
export function venueFor(spec: string, options?: VenueSpecOptions): VenueAdapter;
export function venueFor(spec: string, options: VenueSpecOptions = {}): VenueAdapter {
  const clock = options.clock ?? systemClock;
  const speed = options.speed ?? 1;
  if (!(speed > 0)) throw new Error(`venue ${spec}: speed must be > 0 (Infinity for as fast as possible), got ${speed}`);
  if (options.url !== undefined && spec !== 'deribit' && !isOptionVenue(spec)) throw new Error(`venue ${spec}: a url is for a ccxt venue`);
  if (spec === 'sim') {
    const start = options.start ?? Math.floor(clock.now() / 1000) * 1000;
    return new SimVenue({ seed: options.seed ?? 1, start, ...(speed === Infinity ? {} : { pace: { clock, speed } }) });
  }
  if (spec === 'deribit') {
    return new DeribitAdapter({ clock, ...(options.url === undefined ? {} : { urls: deribitUrls(options.url) }) });
  }
  if (isOptionVenue(spec)) return new CcxtOptionsAdapter(OPTION_VENUES[spec], { clock, ...(options.url === undefined ? {} : { url: venueUrl(spec, options.url) }) });
  if (spec.startsWith('replay:') && spec.length > 'replay:'.length) {
    return new ReplayVenue({ file: spec.slice('replay:'.length), speed, clock });
  }
  throw new Error(`unknown venue '${spec}' (expected ${VENUE_SPECS})`);
}
