#!/usr/bin/env node
/**
 * Build better-sqlite3 for Electron's ABI into resources/native/electron/, beside Node's own build
 * in node_modules (which tests, the CLI and the browser host use). Needs Electron's headers, so it
 * runs where the network allows; without Electron's binary there is nothing to build for.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const electronDir = path.dirname(require.resolve('electron/package.json'));
const electronVersion = JSON.parse(fs.readFileSync(path.join(electronDir, 'package.json'), 'utf8')).version;
const outDir = path.join(root, 'resources', 'native', 'electron');
const marker = path.join(outDir, 'electron-version.txt');

if (!fs.existsSync(path.join(electronDir, 'dist')) && !process.env.ELECTRON_OVERRIDE_DIST_PATH) {
  console.log("native:electron: skipped: Electron's binary is not installed here");
  process.exit(0);
}
if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8').trim() === electronVersion) {
  console.log(`native:electron: better-sqlite3 already built for Electron ${electronVersion}`);
  process.exit(0);
}
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-native-'));
fs.cpSync(path.dirname(require.resolve('better-sqlite3/package.json')), work, { recursive: true, filter: (src) => !src.includes(`${path.sep}build${path.sep}`) });
console.log(`native:electron: building better-sqlite3 for Electron ${electronVersion} in ${work}`);
execFileSync('npx', ['--yes', 'node-gyp', 'rebuild', '--release', `--target=${electronVersion}`, '--dist-url=https://electronjs.org/headers'], {
  cwd: work,
  stdio: 'inherit',
});
fs.mkdirSync(outDir, { recursive: true });
fs.copyFileSync(path.join(work, 'build', 'Release', 'better_sqlite3.node'), path.join(outDir, 'better_sqlite3.node'));
fs.writeFileSync(marker, electronVersion);
fs.rmSync(work, { recursive: true, force: true });
console.log(`native:electron: wrote ${path.relative(root, outDir)}/better_sqlite3.node`);
