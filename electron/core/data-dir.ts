/** Where the desk keeps its data when no --data-dir is given and no Electron userData exists. */
import os from 'node:os';
import path from 'node:path';

export const APP_DIR_NAME = 'inventory-premium-desk';

/** The XDG data directory (the browser host and the CLI; Electron uses its userData). */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_DATA_HOME && path.isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : path.join(os.homedir(), '.local', 'share');
  return path.join(base, APP_DIR_NAME);
}
