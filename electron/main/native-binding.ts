/**
 * better-sqlite3 for Electron's ABI. Node's build (node_modules) serves tests, the CLI and the
 * browser host; Electron needs its own, built by `npm run native:electron` into
 * resources/native/electron/ and passed to better-sqlite3 as nativeBinding.
 */
import fs from 'node:fs';
import path from 'node:path';

export function electronNativeBinding(appRoot: string): string {
  const binding = path.join(appRoot, 'resources', 'native', 'electron', 'better_sqlite3.node');
  if (!fs.existsSync(binding)) {
    throw new Error(`better-sqlite3 has no build for Electron's ABI at ${binding}: run 'npm run native:electron' once`);
  }
  return binding;
}
