/** The flags every host understands: npm start, the Electron main process and `desk serve`. */
import { parseArgs } from 'node:util';
import type { MarketConfig } from './core/market/session';

export interface HostArgs {
  hostMode?: 'electron' | 'browser';
  port?: number;
  host?: string;
  allowRemote: boolean;
  dataDir?: string;
  /** The live market the desk runs; undefined with --venue none. */
  market: MarketConfig | undefined;
}

export const HOST_FLAGS_HELP = `  --host-mode electron|browser   run in Electron's window, or serve the desk to a browser
  --port N                       browser host port (default: a free one)
  --host ADDR                    browser host address (default 127.0.0.1)
  --allow-remote                 permit a non-loopback --host (exposes the book: think twice)
  --data-dir DIR                 where the desk keeps its database
  --venue sim|deribit|none       the live market (default sim: the embedded simulator, no network)
  --deribit-url URL              Deribit's address other than www.deribit.com (e.g. https://test.deribit.com)
  --seed N                       the simulator's seed (default 1)
  --sim-speed X                  simulated time per real time (default 1)`;

export function parseHostArgs(argv: string[]): HostArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      'host-mode': { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      'allow-remote': { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      venue: { type: 'string' },
      'deribit-url': { type: 'string' },
      seed: { type: 'string' },
      'sim-speed': { type: 'string' },
    },
    strict: false,
    allowPositionals: true,
  });
  const hostMode = values['host-mode'];
  if (hostMode !== undefined && hostMode !== 'electron' && hostMode !== 'browser') {
    throw new Error(`--host-mode must be electron or browser, not ${String(hostMode)}`);
  }
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536)) {
    throw new Error(`--port must be an integer from 0 to 65535, not ${String(values.port)}`);
  }
  return {
    hostMode,
    port,
    host: typeof values.host === 'string' ? values.host : undefined,
    allowRemote: values['allow-remote'] === true,
    dataDir: typeof values['data-dir'] === 'string' ? values['data-dir'] : undefined,
    market: marketConfig(values),
  };
}

function marketConfig(values: Record<string, string | boolean | (string | boolean)[] | undefined>): MarketConfig | undefined {
  const venue = values.venue ?? 'sim';
  if (venue === 'none') return undefined;
  if (values['deribit-url'] !== undefined && venue !== 'deribit') throw new Error('--deribit-url needs --venue deribit');
  if (venue === 'deribit') return values['deribit-url'] === undefined ? { venue } : { venue, urls: deribitUrls(String(values['deribit-url'])) };
  if (venue !== 'sim') throw new Error(`--venue must be sim, deribit or none, not ${String(venue)}`);
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  if (!Number.isSafeInteger(seed)) throw new Error(`--seed must be an integer, not ${String(values.seed)}`);
  const speed = values['sim-speed'] === undefined ? 1 : Number(values['sim-speed']);
  if (!(Number.isFinite(speed) && speed > 0)) throw new Error(`--sim-speed must be a number > 0, not ${String(values['sim-speed'])}`);
  return { venue, seed, speed };
}

/** Deribit's endpoints on one host: REST at its root, the WebSocket API at /ws/api/v2 (its convention, testnet included). */
function deribitUrls(text: string): { rest: string; ws: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`--deribit-url must be an http(s) URL, not ${text}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`--deribit-url must be an http(s) URL, not ${text}`);
  return { rest: url.origin, ws: `${url.protocol === 'https:' ? 'wss' : 'ws'}://${url.host}/ws/api/v2` };
}
