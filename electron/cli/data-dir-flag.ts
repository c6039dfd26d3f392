/** The --data-dir flag the store commands share, and the desk it opens. */
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { systemClock } from '../core/clock';
import { defaultDataDir } from '../core/data-dir';
import { createDesk, type Desk } from '../core/desk';

export const DATA_DIR_USAGE = '  --data-dir DIR   the desk data directory (default: the XDG data dir)';

export function openDeskFromArgs(argv: string[], extra: NonNullable<ParseArgsConfig['options']> = {}): { desk: Desk; values: Record<string, unknown> } {
  const { values } = parseArgs({ args: argv, options: { 'data-dir': { type: 'string' }, ...extra }, strict: true }) as { values: Record<string, unknown> };
  const dataDir = path.resolve((values['data-dir'] as string | undefined) ?? defaultDataDir());
  return { desk: createDesk({ dataDir, clock: systemClock, config: { hostMode: 'cli' } }), values };
}
