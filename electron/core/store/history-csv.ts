/**
 * The open export format of the desk's history: one RFC 4180 CSV per table plus manifest.json
 * (schema version, columns and row counts). Text is always quoted and NULL is the one empty
 * unquoted field, so NULL and '' survive the round trip; numbers are written in JavaScript's
 * shortest round-trip form, so every REAL comes back bit for bit; BLOBs are quoted hex.
 */
import type Database from 'better-sqlite3';
import type { CastingContext } from 'csv-parse';
import { z } from 'zod';

export const MANIFEST_FILE = 'manifest.json';
export const EXPORT_FORMAT = 'inventory-premium-desk/history-csv';

export const ExportManifest = z
  .object({
    format: z.literal(EXPORT_FORMAT),
    formatVersion: z.literal(1),
    schemaVersion: z.number().int().positive(),
    exportedAt: z.number().int(),
    tables: z.array(
      z
        .object({
          name: z.string().regex(/^[a-z_][a-z0-9_]*$/, 'table names are lower-case identifiers'),
          file: z.string().regex(/^[a-z_][a-z0-9_]*\.csv$/, 'a plain file name inside the export directory'),
          columns: z.array(z.string()).min(1),
          rows: z.number().int().nonnegative(),
        })
        .strict(),
    ),
  })
  .strict();
export type ExportManifest = z.infer<typeof ExportManifest>;

/** One CSV field: NULL empty, text quoted with quotes doubled (RFC 4180 section 2.7), numbers bare, blobs as quoted hex. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot export the non-finite number ${value}`);
    return String(value);
  }
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') return `"${value.replaceAll('"', '""')}"`;
  // BLOBs (the quote journal's breakdowns) as quoted hex, decoded by the column's declared type on import.
  if (value instanceof Uint8Array) return `"${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}"`;
  throw new Error(`cannot export a ${typeof value} value to CSV`);
}

export const csvRow = (values: readonly unknown[]): string => `${values.map(csvField).join(',')}\r\n`;

/** The user tables of the store, parents before children (creation order), so foreign keys hold on import. */
export const USER_TABLES_SQL = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid";

/** A column as SQLite declares it (PRAGMA table_info): the export's header and the import's types. */
export interface ColumnInfo {
  name: string;
  type: string;
  notnull: number;
  pk: number;
}

export function tableColumns(db: Database.Database, table: string): ColumnInfo[] {
  return db.pragma(`table_info(${table})`) as ColumnInfo[];
}

/** csv-parse's cast for the export's cells: quoted fields are text, the one unquoted empty field is NULL, other unquoted fields are numbers (as text). */
export const exportCell = (value: string, context: CastingContext): string | null => (context.quoting ? value : value === '' ? null : value);
