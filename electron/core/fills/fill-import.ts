/**
 * Import a batch of fills all or nothing: any problem in any line refuses the whole batch with every
 * line's problem (ImportRejectedError) and nothing is written. A fill already in the store (same
 * venue and trade id) is skipped and counted, not an error: re-importing an export that overlaps an
 * earlier one adds only what is new, and re-importing the same file adds nothing.
 */
import type Database from 'better-sqlite3';
import { FillCsvFormat, type FillImportSummary } from '../../../shared/contract/schemas';
import type { FillStore } from '../store/fill-store';
import { tableColumns } from '../store/history-csv';
import { ImportRejectedError } from '../store/history-import';
import { deribitTradeLog } from './deribit-trade-log';
import { deskFillsCsv } from './desk-fills-csv';
import type { FillBatch } from './fill-batch';
import { readFillCsv } from './fill-csv';

export const FILL_CSV_FORMATS = FillCsvFormat.options;

export function importBatch(store: FillStore, batch: FillBatch, recordedAt: number): FillImportSummary {
  const fills = batch.fills();
  if (batch.problems.length) throw new ImportRejectedError(batch.problems);
  return { source: batch.source, ...store.addNew(fills, recordedAt), skipped: batch.skipped };
}

export function readFillFile(db: Database.Database, format: FillCsvFormat, text: string | Buffer, source: string): FillBatch {
  return readFillCsv(text, format === 'desk' ? deskFillsCsv(tableColumns(db, 'fills')) : deribitTradeLog(), source);
}

/** The desk's export names its columns in quotes, venue_trade_id among them; anything else is read as Deribit's log. */
export function guessFillCsvFormat(text: string | Buffer): FillCsvFormat {
  const start = (typeof text === 'string' ? text.slice(0, 4096) : text.subarray(0, 4096).toString('utf8')).split(/\r?\n/, 1)[0]!;
  return start.includes('"venue_trade_id"') ? 'desk' : 'deribit';
}
