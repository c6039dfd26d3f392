/** Backups and the open export: backup, restore, export, import. Each prints one JSON line. */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { systemClock } from '../../core/clock';
import { defaultDataDir } from '../../core/data-dir';
import { restoreDatabase } from '../../core/store/backup';
import { DATABASE_FILE } from '../../core/store/database';
import { UsageError, type Command } from '../command';
import { DATA_DIR_USAGE, openDeskFromArgs } from '../data-dir-flag';
import { writeJson } from '../jsonl';
import { importFills } from './import-fills';

function required(values: Record<string, unknown>, flag: string): string {
  const value = values[flag];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${flag} is required`);
  return path.resolve(value);
}

export const backup: Command = {
  name: 'backup',
  summary: 'an online, checked backup of the store (the desk may keep running)',
  usage: `${DATA_DIR_USAGE}\n  --out FILE       where to write it (default: backups/desk-<time>.sqlite in the data dir)`,
  async run(argv) {
    const { desk, values } = openDeskFromArgs(argv, { out: { type: 'string' } });
    try {
      const out = values.out;
      writeJson(typeof out === 'string' ? await desk.backupTo(path.resolve(out)) : await desk.backups.backupNow());
      return 0;
    } finally {
      desk.close();
    }
  },
};

export const restore: Command = {
  name: 'restore',
  summary: 'replace the store with a backup after checking it (stop the desk first)',
  usage: `${DATA_DIR_USAGE}\n  --from FILE      the backup; refused unless integrity_check is ok and its schema is one this desk opens`,
  async run(argv) {
    const { values } = parseArgs({ args: argv, options: { 'data-dir': { type: 'string' }, from: { type: 'string' } }, strict: true });
    const from = required(values, 'from');
    const dataDir = path.resolve(values['data-dir'] ?? defaultDataDir());
    writeJson(restoreDatabase(path.join(dataDir, DATABASE_FILE), from, systemClock.now()));
    return 0;
  },
};

export const exportHistory: Command = {
  name: 'export',
  summary: 'the whole history as CSV per table plus manifest.json',
  usage: `${DATA_DIR_USAGE}\n  --out DIR        a new or empty directory`,
  async run(argv) {
    const { desk, values } = openDeskFromArgs(argv, { out: { type: 'string' } });
    try {
      const manifest = desk.exportHistory(required(values, 'out'));
      writeJson({ schemaVersion: manifest.schemaVersion, rows: Object.fromEntries(manifest.tables.map((table) => [table.name, table.rows])) });
      return 0;
    } finally {
      desk.close();
    }
  },
};

export const importHistory: Command = {
  name: 'import',
  summary: 'an export into an empty store, all or nothing; or --fills FILE: fills into this store (as import-fills)',
  usage: `${DATA_DIR_USAGE}\n  --from DIR       a directory written by export\n  --fills FILE     fills from a CSV instead (import-fills --file FILE; --format F as there)`,
  async run(argv) {
    // `import --fills FILE`: issue 7's name for the fill import, which `import-fills --file` serves.
    const fills = /^--fills(?==|$)/;
    if (argv.some((arg) => fills.test(arg))) return importFills.run(argv.map((arg) => arg.replace(fills, '--file')));
    const { desk, values } = openDeskFromArgs(argv, { from: { type: 'string' } });
    try {
      writeJson({ imported: desk.importHistory(required(values, 'from')) });
      return 0;
    } finally {
      desk.close();
    }
  },
};
