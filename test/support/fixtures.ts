import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root, wherever it is checked out. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Real Deribit snapshots (copies of ../shared/fixtures/deribit, see the README there). */
export const FIXTURES_DIR = process.env.DESK_FIXTURES ?? path.join(REPO_ROOT, 'test', 'fixtures', 'deribit');
