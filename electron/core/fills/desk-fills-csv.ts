/**
 * The desk's own export of its fills (`export --out DIR` writes fills.csv): the header is the fills
 * table's columns as the store declares them (the export's own source, not a copy), cells follow
 * the export's conventions (text quoted, NULL the one unquoted empty field) and are read by the
 * same conversion as a history import. The desk's id and recorded time are the exporting desk's
 * own and are not carried; every row comes in as an import (its suggestion link, if it was a hedge,
 * is not in the file).
 */
import { toFill, type FillRow } from '../store/fill-store';
import { exportCell, type ColumnInfo } from '../store/history-csv';
import { toValue } from '../store/history-import';
import type { FillCsvShape } from './fill-csv';

export function deskFillsCsv(columns: readonly ColumnInfo[]): FillCsvShape {
  const names = columns.map((column) => column.name);
  return {
    cast: exportCell,
    header(record) {
      return record.join('\u0000') === names.join('\u0000') ? null : `header ${record.join(',')} is not the desk's fills export (${names.join(',')})`;
    },
    row(cells, line, batch) {
      if (cells.length !== columns.length) return batch.problem(line, `${cells.length} fields, expected ${columns.length}`);
      const values: unknown[] = [];
      const wrong = cells.map((cell, i) => toValue(cell, columns[i]!, values)).filter((message) => message !== null);
      if (wrong.length) return batch.problem(line, wrong.join('; '));
      // The store's own row mapping; the values are checked by the contract's schema after.
      const { id, source: _source, recordedAt: _recordedAt, venueTradeId, note, ...fill } = toFill(Object.fromEntries(names.map((name, i) => [name, values[i]])) as unknown as FillRow);
      batch.add({
        line,
        order: typeof id === 'number' ? id : line,
        fill: { ...fill, ...(venueTradeId === null ? {} : { venueTradeId }), ...(note === null ? {} : { note }) },
      });
    },
  };
}
