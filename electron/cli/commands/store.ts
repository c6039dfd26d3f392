/** Commands over the position store: read fills and positions, add fills, rebuild positions. */
import { dispatch } from '../../core/api/dispatch';
import type { Command } from '../command';
import { DATA_DIR_USAGE, openDeskFromArgs } from '../data-dir-flag';
import { readLines, writeJson } from '../jsonl';

export const status: Command = {
  name: 'status',
  summary: 'the store and host status as one JSON line',
  usage: DATA_DIR_USAGE,
  async run(argv) {
    const { desk } = openDeskFromArgs(argv);
    writeJson(desk.status());
    desk.close();
    return 0;
  },
};

export const positions: Command = {
  name: 'positions',
  summary: 'open positions, one JSON line each',
  usage: DATA_DIR_USAGE,
  async run(argv) {
    const { desk } = openDeskFromArgs(argv);
    for (const position of desk.fills.positions()) writeJson(position);
    desk.close();
    return 0;
  },
};

export const fills: Command = {
  name: 'fills',
  summary: 'stored fills, newest first, one JSON line each',
  usage: `${DATA_DIR_USAGE}\n  --limit N        at most N fills (default 200)`,
  async run(argv) {
    const { desk, values } = openDeskFromArgs(argv, { limit: { type: 'string', default: '200' } });
    const outcome = await dispatch(desk.handlers, 'fills.list', { limit: Number(values.limit) });
    desk.close();
    if (!outcome.ok) throw new Error(outcome.error.message);
    for (const fill of outcome.value as unknown[]) writeJson(fill);
    return 0;
  },
};

export const addFills: Command = {
  name: 'add-fills',
  summary: 'store fills given as JSON lines on stdin; one result line each',
  usage: `${DATA_DIR_USAGE}\n  stdin: {"instrument","side","size","price","fee"?,"time"?,"venue"?,"source"?,"venueTradeId"?,"note"?} per line`,
  async run(argv) {
    const { desk } = openDeskFromArgs(argv);
    let failures = 0;
    for await (const line of readLines()) {
      let payload: unknown;
      try {
        payload = JSON.parse(line);
      } catch (error) {
        failures += 1;
        writeJson({ error: `not JSON: ${(error as Error).message}` });
        continue;
      }
      const outcome = await dispatch(desk.handlers, 'fills.add', payload);
      if (!outcome.ok) failures += 1;
      writeJson(outcome.ok ? outcome.value : { error: outcome.error.message, code: outcome.error.code });
    }
    desk.close();
    return failures === 0 ? 0 : 1;
  },
};

export const rebuildPositions: Command = {
  name: 'rebuild-positions',
  summary: 'derive every position again from the stored fills',
  usage: DATA_DIR_USAGE,
  async run(argv) {
    const { desk } = openDeskFromArgs(argv);
    const instruments = desk.fills.rebuildPositions();
    writeJson({ rebuilt: instruments, open: desk.fills.positionCount() });
    desk.close();
    return 0;
  },
};
