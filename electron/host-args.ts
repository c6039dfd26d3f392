/** The flags every host understands: npm start, the Electron main process and `desk serve`. */
import { parseArgs } from 'node:util';
import type { MarketConfig } from './core/market/session';
import { deribitUrls, inWords, isOptionVenue, OPTION_VENUE_IDS, venueUrl } from './core/market/venue-names';
import { DEFAULT_BACKUP_SCHEDULE, type BackupSchedule } from './core/store/backup-schedule';

export interface HostArgs {
  hostMode?: 'electron' | 'browser';
  port?: number;
  host?: string;
  allowRemote: boolean;
  dataDir?: string;
  /** The live market the desk runs; undefined with --venue none. */
  market: MarketConfig | undefined;
  backups: BackupSchedule;
}

export const HOST_FLAGS_HELP = `  --host-mode electron|browser   run in Electron's window, or serve the desk to a browser
  --port N                       browser host port (default: a free one)
  --host ADDR                    browser host address (default 127.0.0.1)
  --allow-remote                 permit a non-loopback --host (exposes the book: think twice)
  --data-dir DIR                 where the desk keeps its database
  --venue sim|deribit|${OPTION_VENUE_IDS.join('|')}|none  the live market (default sim: the embedded simulator, no network)
  --deribit-url URL              Deribit's address other than www.deribit.com (e.g. https://test.deribit.com)
  --venue-url URL                --venue ${OPTION_VENUE_IDS.join('|')}: another server of the venue (e.g. a local venue)
  --seed N                       the simulator's seed (default 1)
  --sim-speed X                  simulated time per real time (default 1)
  --backup-every MINUTES         online backup interval into <data dir>/backups (default ${DEFAULT_BACKUP_SCHEDULE.intervalMs / 60_000})
  --backup-keep N                scheduled backups kept, newest first (default ${DEFAULT_BACKUP_SCHEDULE.keep})`;

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
      'venue-url': { type: 'string' },
      seed: { type: 'string' },
      'sim-speed': { type: 'string' },
      'backup-every': { type: 'string' },
      'backup-keep': { type: 'string' },
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
  const every = values['backup-every'] === undefined ? DEFAULT_BACKUP_SCHEDULE.intervalMs / 60_000 : Number(values['backup-every']);
  if (!(Number.isFinite(every) && every > 0)) throw new Error(`--backup-every must be a positive number of minutes, not ${String(values['backup-every'])}`);
  const keep = values['backup-keep'] === undefined ? DEFAULT_BACKUP_SCHEDULE.keep : Number(values['backup-keep']);
  if (!(Number.isInteger(keep) && keep >= 1)) throw new Error(`--backup-keep must be a whole number, at least 1, not ${String(values['backup-keep'])}`);
  return {
    hostMode,
    port,
    host: typeof values.host === 'string' ? values.host : undefined,
    allowRemote: values['allow-remote'] === true,
    dataDir: typeof values['data-dir'] === 'string' ? values['data-dir'] : undefined,
    market: marketConfig(values),
    backups: { intervalMs: every * 60_000, keep },
  };
}

function marketConfig(values: Record<string, string | boolean | (string | boolean)[] | undefined>): MarketConfig | undefined {
  const venue = values.venue ?? 'sim';
  if (venue === 'none') return undefined;
  if (values['deribit-url'] !== undefined && venue !== 'deribit') throw new Error('--deribit-url needs --venue deribit');
  const venueUrlFlag = values['venue-url'];
  if (venueUrlFlag !== undefined && !(typeof venue === 'string' && isOptionVenue(venue))) throw new Error(`--venue-url needs --venue ${inWords(OPTION_VENUE_IDS)}`);
  if (venue === 'deribit') return values['deribit-url'] === undefined ? { venue } : { venue, urls: deribitUrls(String(values['deribit-url'])) };
  if (typeof venue === 'string' && isOptionVenue(venue)) {
    return venueUrlFlag === undefined ? { venue } : { venue, url: venueUrl(venue, String(venueUrlFlag)).href };
  }
  if (venue !== 'sim') throw new Error(`--venue must be ${inWords(['sim', 'deribit', ...OPTION_VENUE_IDS, 'none'])}, not ${String(venue)}`);
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  if (!Number.isSafeInteger(seed)) throw new Error(`--seed must be an integer, not ${String(values.seed)}`);
  const speed = values['sim-speed'] === undefined ? 1 : Number(values['sim-speed']);
  if (!(Number.isFinite(speed) && speed > 0)) throw new Error(`--sim-speed must be a number > 0, not ${String(values['sim-speed'])}`);
  return { venue, seed, speed };
}
