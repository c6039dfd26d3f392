/**
 * SQLite's failures in words a desk user can act on, for every path that touches the file.
 * A failed write's transaction has rolled back in every case, so each message can say so.
 */

/** One SQLite result code (SQLITE_FULL, SQLITE_READONLY_*, ...) as a sentence. */
export function storageMessage(code: string, detail: string): string {
  if (code === 'SQLITE_FULL') return `the disk or the database is full, nothing was written: free space and try again (${detail})`;
  if (code.startsWith('SQLITE_READONLY')) return `the data directory is read-only, nothing was written: check its permissions (${detail})`;
  if (code.startsWith('SQLITE_IOERR')) return `the disk failed a read or write, nothing was written (${code}: ${detail})`;
  return `the store refused the write (${code}): ${detail}`;
}

/** Opening the store failed: why, where, and what to do, instead of a bare SQLITE_ code. */
export class StoreOpenError extends Error {
  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    const code = (cause as { code?: unknown }).code;
    const detail = cause instanceof Error ? cause.message : String(cause);
    const reason =
      typeof code === 'string' && (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_PERM')
        ? `the data directory or the file is not writable (${code}: ${detail}): check the permissions of ${file} and its directory`
        : typeof code === 'string' && code.startsWith('SQLITE_')
          ? storageMessage(code, detail)
          : detail;
    super(`cannot open the desk store at ${file}: ${reason}`, { cause });
    this.name = 'StoreOpenError';
  }
}
