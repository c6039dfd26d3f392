/** Export the whole store as CSV per table plus a manifest, from one consistent read snapshot. */
import type Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { csvRow, EXPORT_FORMAT, MANIFEST_FILE, tableColumns, USER_TABLES_SQL, type ExportManifest } from './history-csv';
import { schemaVersion } from './migrations';

/** Rows are gathered into chunks this large before each write: few syscalls, bounded memory. */
const WRITE_CHUNK_CHARS = 1 << 20;

export function exportHistory(db: Database.Database, dir: string, now: number): ExportManifest {
  const target = path.resolve(dir);
  if (fs.existsSync(target) && fs.readdirSync(target).length > 0) throw new Error(`refusing to export into ${target}: it is not empty`);
  fs.mkdirSync(target, { recursive: true });
  // One read transaction: under WAL every table is read from the same snapshot while writes go on.
  return db.transaction((): ExportManifest => {
    const tables = (db.prepare(USER_TABLES_SQL).pluck().all() as string[]).map((name) => {
      const columns = tableColumns(db, name).map((column) => column.name);
      const file = `${name}.csv`;
      const rows = writeTable(db, name, columns, path.join(target, file));
      return { name, file, columns, rows };
    });
    const manifest: ExportManifest = { format: EXPORT_FORMAT, formatVersion: 1, schemaVersion: schemaVersion(db), exportedAt: now, tables };
    fs.writeFileSync(path.join(target, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    return manifest;
  })();
}

function writeTable(db: Database.Database, table: string, columns: string[], file: string): number {
  const fd = fs.openSync(file, 'wx');
  try {
    let chunk = csvRow(columns);
    let rows = 0;
    const select = db.prepare(`SELECT ${columns.map((column) => `"${column}"`).join(', ')} FROM "${table}" ORDER BY rowid`).raw();
    for (const values of select.iterate() as Iterable<unknown[]>) {
      chunk += csvRow(values);
      rows += 1;
      if (chunk.length >= WRITE_CHUNK_CHARS) {
        fs.writeSync(fd, chunk);
        chunk = '';
      }
    }
    fs.writeSync(fd, chunk);
    fs.fsyncSync(fd);
    return rows;
  } finally {
    fs.closeSync(fd);
  }
}
