import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root, wherever it is checked out. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The real Deribit snapshots shared by every checkout (../shared/fixtures/deribit). */
export const FIXTURES_DIR = process.env.DESK_FIXTURES ?? path.resolve(REPO_ROOT, '..', 'shared', 'fixtures', 'deribit');
