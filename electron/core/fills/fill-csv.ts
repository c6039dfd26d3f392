/**
 * Fill files: CSV read with csv-parse record by record, each record handed with its line number to
 * the file shape (the venue's trade log or the desk's own export), which turns it into a fill
 * candidate, a skipped row or a problem. Malformed CSV is a problem of its line, like a bad value.
 */
import { parse } from 'csv-parse/sync';
import type { CastingContext } from 'csv-parse';
import { FillBatch } from './fill-batch';

export type Cell = string | null;

/** How one file shape reads its header and its rows into the batch. */
export interface FillCsvShape {
  /** csv-parse's cell cast (the desk's export tells NULL from text by quoting). */
  cast?: (value: string, context: CastingContext) => Cell;
  /** Check the header; a message when the file is not of this shape (nothing after it is read). */
  header(names: Cell[]): string | null;
  row(cells: Cell[], line: number, batch: FillBatch): void;
}

class WrongHeader extends Error {}

export function readFillCsv(text: string | Buffer, shape: FillCsvShape, source: string): FillBatch {
  const batch = new FillBatch(source);
  let header = true;
  try {
    parse(text, {
      bom: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      relax_column_count: true,
      ...(shape.cast ? { cast: shape.cast } : {}),
      on_skip: (error) => {
        batch.problem((error as { lines?: number } | undefined)?.lines ?? 0, `malformed CSV: ${error?.message ?? 'unreadable record'}`);
        return undefined;
      },
      on_record: (record: Cell[], context) => {
        if (header) {
          header = false;
          const wrong = shape.header(record);
          if (wrong) {
            batch.problem(context.lines, wrong);
            throw new WrongHeader();
          }
        } else {
          shape.row(record, context.lines, batch);
        }
        return null;
      },
    });
  } catch (error) {
    if (!(error instanceof WrongHeader)) batch.problem(0, `unreadable CSV: ${(error as Error).message}`);
  }
  if (header && batch.problems.length === 0) batch.problem(0, 'the file is empty');
  return batch;
}

/** A number cell: plain decimal or exponent notation only ('', '1,5', '0x10' are not numbers here). */
export function numberCell(cell: Cell, column: string): number | string {
  const text = cell?.trim() ?? '';
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text)) return `${column}: ${JSON.stringify(cell ?? '')} is not a number`;
  return Number(text);
}
