/**
 * Import an export (manifest.json plus CSV per table) into an empty store, all or nothing: every
 * table in one transaction, every malformed line reported by table and line, and on any problem
 * the transaction rolls back so nothing partial is ever written. Synchronous on purpose: no other
 * call on the connection can interleave with the import's transaction and be rolled back with it.
 */
import type Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import fs from 'node:fs';
import path from 'node:path';
import { exportCell, ExportManifest, MANIFEST_FILE, tableColumns, USER_TABLES_SQL, type ColumnInfo } from './history-csv';
import { schemaVersion } from './migrations';

export interface ImportProblem {
  table: string;
  /** 1-based line in the table's CSV file (0 when the problem is the file itself). */
  line: number;
  message: string;
}

export class ImportRejectedError extends Error {
  constructor(readonly problems: ImportProblem[]) {
    const shown = problems.slice(0, 20).map((p) => `${p.table}${p.line ? ` line ${p.line}` : ''}: ${p.message}`);
    super(
      `import refused, nothing was written (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  ${shown.join('\n  ')}` +
        (problems.length > shown.length ? `\n  ... and ${problems.length - shown.length} more` : ''),
    );
    this.name = 'ImportRejectedError';
  }
}

/** Stop collecting after this many: a wholly wrong file would otherwise report every line. */
export const MAX_PROBLEMS = 1000;

type Cell = string | null;

/**
 * `verify` runs inside the import's transaction once every row is in; the problems it returns
 * refuse the import like a bad line does (the desk checks derived tables against their sources).
 */
export function importHistory(db: Database.Database, dir: string, verify: () => ImportProblem[] = () => []): Record<string, number> {
  const manifest = readManifest(dir);
  const version = schemaVersion(db);
  if (manifest.schemaVersion !== version) {
    throw new ImportRejectedError([
      { table: MANIFEST_FILE, line: 0, message: `the export has schema version ${manifest.schemaVersion}, this store ${version}: import with the desk version that exported it` },
    ]);
  }
  const existing = new Set(db.prepare(USER_TABLES_SQL).pluck().all() as string[]);
  const problems: ImportProblem[] = [];
  for (const table of manifest.tables) {
    if (!existing.has(table.name)) problems.push({ table: table.name, line: 0, message: 'no such table in this store' });
    else if (db.prepare(`SELECT 1 FROM "${table.name}" LIMIT 1`).get()) problems.push({ table: table.name, line: 0, message: 'the table already has rows: import only into an empty desk' });
  }
  if (problems.length) throw new ImportRejectedError(problems);

  return db.transaction((): Record<string, number> => {
    const counts: Record<string, number> = {};
    for (const table of manifest.tables) {
      counts[table.name] = importTable(db, path.join(dir, table.file), table.name, table.columns, problems);
      if (problems.length === 0 && counts[table.name] !== table.rows) {
        problems.push({ table: table.name, line: 0, message: `the manifest promises ${table.rows} rows, the file holds ${counts[table.name]}` });
      }
      if (problems.length >= MAX_PROBLEMS) break;
    }
    if (problems.length === 0) {
      const violations = db.pragma('foreign_key_check') as unknown[];
      if (violations.length) problems.push({ table: '(all)', line: 0, message: `${violations.length} rows refer to rows that are not there` });
    }
    if (problems.length === 0) problems.push(...verify());
    // Throwing inside the transaction function rolls all of it back.
    if (problems.length) throw new ImportRejectedError(problems);
    return counts;
  }).immediate();
}

function readManifest(dir: string): ExportManifest {
  const file = path.join(dir, MANIFEST_FILE);
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ImportRejectedError([{ table: MANIFEST_FILE, line: 0, message: (error as Error).message }]);
  }
  const parsed = ExportManifest.safeParse(json);
  if (!parsed.success) {
    throw new ImportRejectedError(parsed.error.issues.map((issue) => ({ table: MANIFEST_FILE, line: 0, message: `${issue.path.join('.')}: ${issue.message}` })));
  }
  return parsed.data;
}

function importTable(db: Database.Database, file: string, table: string, columns: string[], problems: ImportProblem[]): number {
  const report = (line: number, message: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push({ table, line, message });
  };
  if (!fs.existsSync(file)) {
    report(0, `missing file ${path.basename(file)}`);
    return 0;
  }
  const info = new Map(tableColumns(db, table).map((column) => [column.name, column]));
  const unknown = columns.filter((column) => !info.has(column));
  if (unknown.length) {
    report(0, `unknown columns ${unknown.join(', ')}`);
    return 0;
  }
  const insert = db.prepare(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
  const types = columns.map((column) => info.get(column)!);

  let rows = 0;
  let header = true;
  const importRecord = (record: Cell[], line: number) => {
    if (header) {
      header = false;
      if (record.join('\u0000') !== columns.join('\u0000')) {
        report(line, `header ${record.join(',')} does not match the manifest's columns ${columns.join(',')}`);
        throw new HeaderMismatch();
      }
      return;
    }
    if (record.length !== columns.length) return report(line, `${record.length} fields, expected ${columns.length}`);
    const values: unknown[] = [];
    const wrong = record.map((cell, i) => toValue(cell, types[i]!, values)).filter((message) => message !== null);
    if (wrong.length) return report(line, wrong.join('; '));
    try {
      insert.run(values);
      rows += 1;
    } catch (error) {
      report(line, (error as Error).message);
    }
  };
  try {
    parse(fs.readFileSync(file), {
      bom: true,
      skip_records_with_error: true,
      relax_column_count: true,
      cast: exportCell,
      on_skip: (error) => {
        report((error as { lines?: number } | undefined)?.lines ?? 0, `malformed CSV: ${error?.message ?? 'unreadable record'}`);
        return undefined;
      },
      // Each record is stored as it is parsed and not kept: memory stays at the file's size.
      on_record: (record: Cell[], context) => {
        importRecord(record, context.lines);
        return null;
      },
    });
  } catch (error) {
    if (!(error instanceof HeaderMismatch)) report(0, `unreadable CSV: ${(error as Error).message}`);
  }
  return rows;
}

/** Stops the parse of a file whose header is wrong: every line after it would be misread. */
class HeaderMismatch extends Error {}

const INTEGER = /^-?\d+$/;
const HEX = /^(?:[0-9a-f]{2})*$/;

/** Convert one cell by its column's declared type into `out`; a message when it does not fit. */
export function toValue(cell: Cell, column: ColumnInfo, out: unknown[]): string | null {
  if (cell === null) {
    out.push(null);
    // An INTEGER PRIMARY KEY given as NULL would be silently renumbered: refuse it like NOT NULL.
    return column.notnull || column.pk ? `${column.name} must not be empty` : null;
  }
  const type = column.type.toUpperCase();
  if (type === 'INTEGER' || type === 'REAL') {
    const number = Number(cell);
    if (cell.trim() === '' || !Number.isFinite(number)) return `${column.name}: ${JSON.stringify(cell)} is not a finite number (text must be quoted)`;
    if (type === 'INTEGER' && !(INTEGER.test(cell) && Number.isSafeInteger(number))) return `${column.name}: ${JSON.stringify(cell)} is not an integer`;
    out.push(number);
    return null;
  }
  if (type === 'BLOB') {
    if (!HEX.test(cell)) return `${column.name}: ${JSON.stringify(cell.slice(0, 40))} is not hex bytes`;
    out.push(Buffer.from(cell, 'hex'));
    return null;
  }
  out.push(cell);
  return null;
}
