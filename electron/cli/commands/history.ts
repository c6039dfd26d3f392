/**
 * `history`: the desk's history by time range for offline review: the inventory's chartable
 * series downsampled for a chart (the `history.inventory` channel), the snapshots in full, the
 * quote journal of an instrument, or the hedge suggestions and what became of them.
 * `compact-history`: the 1 s snapshots older than the retention folded into the minute tier.
 */
import { dispatch } from '../../core/api/dispatch';
import { UsageError, type Command } from '../command';
import { DATA_DIR_USAGE, openDeskFromArgs } from '../data-dir-flag';
import { writeJson } from '../jsonl';
import { parseTimeFlag } from '../time-flag';

const DAY_MS = 24 * 3600_000;
const KINDS = ['inventory', 'snapshots', 'quotes', 'hedges'] as const;

export const history: Command = {
  name: 'history',
  summary: 'inventory series (downsampled), snapshots, quotes or hedges over a time range',
  usage:
    `${DATA_DIR_USAGE}\n` +
    '  --from TIME --to TIME   the range, ms or ISO 8601 (default: the last day)\n' +
    '  --of inventory|snapshots|quotes|hedges   what to read (default inventory)\n' +
    '  --points N       inventory: most points per series (default 2000)\n' +
    '  --series a,b     inventory: deltaUsd, gammaUsd, vega, theta, vanna, volga, realizedPnl,\n' +
    '                   unrealizedPnl, fees, netPnl, paramsId (default all)\n' +
    '  --instrument I   quotes: the instrument      --limit N   snapshots, hedges: most lines (default 10000)\n' +
    '  stdout (inventory): {"from","to","rawCount"} then {"name","unit","t":[...],"v":[...]} per series;\n' +
    '  otherwise one line per snapshot, quote or suggestion, oldest first\n' +
    '  (calibrations by time: `calibrations --from --to`)',
  async run(argv) {
    const { desk, values } = openDeskFromArgs(argv, {
      from: { type: 'string' },
      to: { type: 'string' },
      of: { type: 'string', default: 'inventory' },
      points: { type: 'string', default: '2000' },
      series: { type: 'string' },
      instrument: { type: 'string' },
      limit: { type: 'string', default: '10000' },
    });
    try {
      const kind = values.of as (typeof KINDS)[number];
      if (!KINDS.includes(kind)) throw new UsageError(`--of ${kind}: one of ${KINDS.join(', ')}`);
      const to = typeof values.to === 'string' ? parseTimeFlag('--to', values.to) : desk.clock.now();
      const from = typeof values.from === 'string' ? parseTimeFlag('--from', values.from) : to - DAY_MS;
      const limit = Number(values.limit);
      if (!(Number.isInteger(limit) && limit > 0)) throw new UsageError(`--limit ${values.limit}: a whole number above 0`);
      if (kind === 'inventory') {
        const series = typeof values.series === 'string' ? values.series.split(',').filter(Boolean) : undefined;
        const outcome = await dispatch(desk.handlers, 'history.inventory', { from, to, points: Number(values.points), ...(series ? { series } : {}) });
        if (!outcome.ok) throw new UsageError(outcome.error.message);
        const { series: lines, ...summary } = outcome.value as { series: unknown[]; from: number; to: number; rawCount: number };
        writeJson(summary);
        for (const line of lines) writeJson(line);
      } else if (kind === 'snapshots') {
        for (const { values: detail, labels, ...row } of desk.inventory.snapshots(from, to, limit)) {
          writeJson({ ...row, detail: Object.fromEntries(labels.map((label, i) => [label, detail[i]])) });
        }
      } else if (kind === 'quotes') {
        if (typeof values.instrument !== 'string') throw new UsageError('--of quotes needs --instrument I');
        for (const quote of desk.quotes.history(values.instrument, from, to - 1)) writeJson(quote);
      } else {
        for (const suggestion of desk.hedges.between(from, to, limit)) writeJson(suggestion);
      }
    } finally {
      desk.close();
    }
    return 0;
  },
};

export const compactHistory: Command = {
  name: 'compact-history',
  summary: 'fold the 1 s inventory snapshots older than N days into the minute tier (fills untouched)',
  usage: `${DATA_DIR_USAGE}\n  --older-than-days N   the retention of the 1 s snapshots (default 7)\n  stdout: {"cutoff","deleted","minutesRolledUp"}`,
  async run(argv) {
    const { desk, values } = openDeskFromArgs(argv, { 'older-than-days': { type: 'string', default: '7' } });
    try {
      const days = Number(values['older-than-days']);
      if (!(Number.isFinite(days) && days >= 0)) throw new UsageError(`--older-than-days ${values['older-than-days']}: a number of days, 0 or more`);
      const cutoff = desk.clock.now() - days * DAY_MS;
      writeJson({ cutoff, ...desk.inventory.compact(cutoff) });
    } finally {
      desk.close();
    }
    return 0;
  },
};
