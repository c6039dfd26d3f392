/**
 * Fill files: CSV read record by record, each record handed with its line number to the file shape
 * (the venue's trade log or the desk's own export), which turns it into a fill candidate, a skipped
 * row or a problem. Malformed CSV is a problem of its line, like a bad value.
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

export function readFillCsv(text: string | Buffer, shape: FillCsvShape, source: string): FillBatch {
  const batch = new FillBatch(source);
  let header = true;
  /** One record into the batch; false when the header is wrong and nothing more is to be read. */
  const record = (cells: Cell[], line: number): boolean => {
    if (!header) {
      shape.row(cells, line, batch);
      return true;
    }
    header = false;
    const wrong = shape.header(cells);
    if (wrong) batch.problem(line, wrong);
    return wrong === null;
  };
  const decoded = typeof text === 'string' ? text : text.toString('utf8');
  const lines = shape.cast ? undefined : plainLines(decoded);
  if (lines) readPlain(lines, record);
  else readQuoted(decoded, shape, batch, record);
  if (header && batch.problems.length === 0) batch.problem(0, 'the file is empty');
  return batch;
}

/**
 * The lines of a file without a double quote, whose lines all end alike (LF, or CRLF); undefined
 * for any other file. Without quotes no field can hold a comma or a line break (RFC 4180, 2.6), so
 * each line is a record and its fields are what lies between commas: csv-parse's reading of such a
 * file (test/core/fills/fill-csv.test.ts), at a third of its cost on a 100,000-line log.
 */
function plainLines(text: string): string[] | undefined {
  if (text.includes('"')) return undefined;
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (!body.includes('\r')) return body.split('\n');
  return /\r(?!\n)|(?<!\r)\n/.test(body) ? undefined : body.split('\r\n');
}

function readPlain(lines: string[], record: (cells: Cell[], line: number) => boolean): void {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line !== '' && !record(line.split(','), i + 1)) return; // csv-parse's skip_empty_lines
  }
}

class WrongHeader extends Error {}

function readQuoted(text: string, shape: FillCsvShape, batch: FillBatch, record: (cells: Cell[], line: number) => boolean): void {
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
      on_record: (cells: Cell[], context) => {
        if (!record(cells, context.lines)) throw new WrongHeader();
        return null;
      },
    });
  } catch (error) {
    if (!(error instanceof WrongHeader)) batch.problem(0, `unreadable CSV: ${(error as Error).message}`);
  }
}

/** A number cell: plain decimal or exponent notation only ('', '1,5', '0x10' are not numbers here). */
export function numberCell(cell: Cell, column: string): number | string {
  const text = cell?.trim() ?? '';
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text)) return `${column}: ${JSON.stringify(cell ?? '')} is not a number`;
  return Number(text);
}
