/**
 * `backtest-report`: stored backtest runs (the desk's Backtests screen) exported for review: a
 * CSV with one row per run and a self-contained HTML report comparing them, written into a
 * directory (files never overwritten).
 */
import fs from 'node:fs';
import path from 'node:path';
import { dispatch } from '../../core/api/dispatch';
import type { BacktestReport } from '../../../shared/contract/backtest';
import { UsageError, type Command } from '../command';
import { DATA_DIR_USAGE, openDeskFromArgs } from '../data-dir-flag';
import { writeJson } from '../jsonl';

export const backtestReport: Command = {
  name: 'backtest-report',
  summary: 'stored backtest runs as a CSV (a row each) and an HTML report comparing them',
  usage:
    `${DATA_DIR_USAGE}\n` +
    '  --ids 1,2,...    the runs, in the order to compare them\n' +
    '  --out-dir DIR    where to write backtests-<ids>.csv and .html (default: the current directory)\n' +
    '  stdout: {"csv","html"} the files written',
  async run(argv) {
    const { desk, values } = openDeskFromArgs(argv, { ids: { type: 'string' }, 'out-dir': { type: 'string', default: '.' } });
    try {
      if (typeof values.ids !== 'string') throw new UsageError('backtest-report needs --ids 1,2,...');
      const ids = values.ids.split(',').map(Number);
      const outcome = await dispatch(desk.handlers, 'backtest.report', { ids });
      if (!outcome.ok) throw new UsageError(`--ids ${values.ids}: ${outcome.error.message}`);
      const report = outcome.value as BacktestReport;
      const dir = values['out-dir'] as string;
      fs.mkdirSync(dir, { recursive: true });
      const files = { csv: path.join(dir, `${report.fileStem}.csv`), html: path.join(dir, `${report.fileStem}.html`) };
      for (const file of Object.values(files)) if (fs.existsSync(file)) throw new UsageError(`${file} exists: reports are never overwritten`);
      fs.writeFileSync(files.csv, report.csv, { flag: 'wx' });
      fs.writeFileSync(files.html, report.html, { flag: 'wx' });
      writeJson(files);
      return 0;
    } finally {
      desk.close();
    }
  },
};
