/**
 * The venues' names and addresses, without loading any venue (ccxt, the simulator): what the hosts'
 * flags and the settings need before a market starts.
 */

import type { MarketVenue } from '../../../shared/contract/market';

/** Option venues reached through ccxt's unified API (ccxt-options/venues.ts). */
export const OPTION_VENUE_IDS = ['okx', 'bybit', 'binance'] as const satisfies readonly MarketVenue[];
export type OptionVenueId = (typeof OPTION_VENUE_IDS)[number];

export function isOptionVenue(spec: string): spec is OptionVenueId {
  return (OPTION_VENUE_IDS as readonly string[]).includes(spec);
}

/** Names in words, for a message: 'okx, bybit or binance'. */
export function inWords(names: readonly string[]): string {
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}

/** Another server of a venue: an http(s) URL, said plainly when it is not one. */
export function venueUrl(venue: string, url: string): URL {
  let base: URL;
  try {
    base = new URL(url);
  } catch {
    throw new Error(`${venue} url ${url}: not a URL (expected e.g. http://127.0.0.1:8123)`);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new Error(`${venue} url ${url}: expected http:// or https://`);
  return base;
}

/** Deribit's endpoints on another host: REST at its root, the WebSocket at /ws/api/v2 (Deribit's path, testnet included). */
export function deribitUrls(url: string): { rest: string; ws: string } {
  const base = venueUrl('deribit', url);
  return { rest: base.origin, ws: `${base.protocol === 'https:' ? 'wss' : 'ws'}://${base.host}/ws/api/v2` };
}
