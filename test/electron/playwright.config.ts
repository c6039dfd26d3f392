import { defineConfig } from '@playwright/test';
import { findElectronBinary } from '../../electron/electron-binary';

if (!findElectronBinary()) {
  console.log("electron suite: SKIPPED: Electron's binary is not installed on this machine (no download possible); it runs wherever `npx install-electron` has fetched it");
}

export default defineConfig({
  testDir: '.',
  outputDir: '../../test-results/electron',
  workers: 1,
  timeout: 60_000,
  reporter: [['list']],
});
