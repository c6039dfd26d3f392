/**
 * The data directory's recordings folder: where `desk record --out` files go for the screens to
 * replay. The screens name a recording by its file name only, so they can open nothing outside it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { RecordingInfo } from '../../../../shared/contract/backtest';
import { Recording } from './recording';

export const RECORDINGS_FOLDER = 'recordings';

export function recordingsDir(dataDir: string): string {
  return path.join(dataDir, RECORDINGS_FOLDER);
}

/** The folder's recordings, newest first; files that are not recordings are left out. */
export function listRecordings(dir: string): RecordingInfo[] {
  if (!fs.existsSync(dir)) return [];
  const found: RecordingInfo[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(dir, entry.name);
    let recording: Recording;
    try {
      recording = new Recording(file);
    } catch {
      continue; // not a desk recording (another file, or a recording still being written elsewhere)
    }
    const { venue, started, ended } = recording.info;
    recording.close();
    found.push({ name: entry.name, venue, started, ended: ended ?? null, bytes: fs.statSync(file).size });
  }
  return found.sort((a, b) => b.started - a.started);
}
