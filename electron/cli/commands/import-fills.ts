/**
 * import-fills: fills from a file (Deribit's transaction log or the desk's own fills export) or
 * from Deribit's trade history with the read-only key in the secrets file. All or nothing: one JSON
 * summary line, or every problem by line on stderr, exit 1 and nothing written.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_DERIBIT_CURRENCIES, DERIBIT_KEY_NAMES, fetchDeribitTrades } from '../../core/fills/deribit-user-trades';
import { FILL_CSV_FORMATS, guessFillCsvFormat } from '../../core/fills/fill-import';
import type { FillCsvFormat } from '../../../shared/contract/schemas';
import { ImportRejectedError } from '../../core/store/history-import';
import { UsageError, type Command } from '../command';
import { DATA_DIR_USAGE, openDeskFromArgs } from '../data-dir-flag';
import { writeJson } from '../jsonl';
import { parseTimeFlag } from '../time-flag';
import { openSecretStore, PASSPHRASE_USAGE } from './secrets';

export const importFills: Command = {
  name: 'import-fills',
  summary: "import fills from a file or a venue's trade history, all or nothing; re-imports skip what is stored",
  usage: [
    DATA_DIR_USAGE,
    '  --file FILE      a CSV: Deribit\'s transaction log or the desk\'s fills export (fills.csv of `export`)',
    `  --format F       ${FILL_CSV_FORMATS.join(' | ')} (default: told by the header)`,
    '  --venue deribit  the account\'s trades through ccxt, with the key from secret-set',
    `                   (${DERIBIT_KEY_NAMES.clientId}, ${DERIBIT_KEY_NAMES.clientSecret}; a read-only key)`,
    '  --since T        the first trade time (ms since epoch or ISO 8601; default: all)',
    '  --until T        the last (default: now)',
    `  --currency LIST  Deribit's history currencies (default: those of ${DEFAULT_DERIBIT_CURRENCIES.join(',')} it lists)`,
    '  --deribit-url U  Deribit\'s endpoints on another host (testnet, a local venue)',
    PASSPHRASE_USAGE.replace('(required)', '(for --venue)'),
  ].join('\n'),
  async run(argv) {
    const flag = { type: 'string' } as const;
    const { desk, values } = openDeskFromArgs(argv, {
      file: flag,
      format: flag,
      venue: flag,
      since: flag,
      until: flag,
      currency: flag,
      'deribit-url': flag,
    });
    const text = (name: string) => values[name] as string | undefined;
    try {
      const file = text('file');
      if ((file === undefined) === (text('venue') === undefined)) throw new UsageError('give --file FILE or --venue deribit');
      let summary;
      if (file !== undefined) {
        const format = text('format');
        if (format !== undefined && !(FILL_CSV_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be ${FILL_CSV_FORMATS.join(' or ')}`);
        const contents = fs.readFileSync(file);
        summary = desk.importFillFile((format as FillCsvFormat | undefined) ?? guessFillCsvFormat(contents), contents, path.basename(file));
      } else {
        if (text('venue') !== 'deribit') throw new UsageError('--venue: only deribit');
        const secrets = openSecretStore(desk.dataDir);
        const [clientId, clientSecret] = [secrets.get(DERIBIT_KEY_NAMES.clientId), secrets.get(DERIBIT_KEY_NAMES.clientSecret)];
        if (!clientId || !clientSecret) throw new UsageError(`no Deribit key stored: secret-set --name ${DERIBIT_KEY_NAMES.clientId}, then --name ${DERIBIT_KEY_NAMES.clientSecret}`);
        const batch = await fetchDeribitTrades({
          keys: { clientId, clientSecret },
          ...(text('currency') === undefined ? {} : { currencies: text('currency')!.split(',').map((code) => code.trim().toUpperCase()) }),
          since: text('since') === undefined ? 0 : parseTimeFlag('--since', text('since')!),
          until: text('until') === undefined ? desk.clock.now() : parseTimeFlag('--until', text('until')!),
          ...(text('deribit-url') === undefined ? {} : { url: text('deribit-url') }),
        });
        summary = desk.importFills(batch);
      }
      writeJson(summary);
      return 0;
    } catch (error) {
      if (!(error instanceof ImportRejectedError)) throw error;
      process.stderr.write(`desk: import refused, nothing was written (${error.problems.length} problems)\n`);
      for (const problem of error.problems) process.stderr.write(`${problem.table}${problem.line ? ` line ${problem.line}` : ''}: ${problem.message}\n`);
      return 1;
    } finally {
      desk.close();
    }
  },
};
