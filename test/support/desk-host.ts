/**
 * For Playwright specs: each test gets its own data directory and, when it starts one, its own
 * browser host process; both are gone after the test, whatever happened in it.
 */
import { test } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHostProcess, type HostProcess } from './browser-host-process';

export interface DeskUnderTest {
  /** This test's data directory. */
  dataDir(): string;
  /** Start the browser host on it (stopping one already running), as `serve` with these flags. */
  start(args?: string[]): Promise<HostProcess>;
  stop(): Promise<void>;
}

export function useDeskHost(): DeskUnderTest {
  let dataDir: string | undefined;
  let host: HostProcess | undefined;
  const stop = async () => {
    await host?.stop();
    host = undefined;
  };
  test.beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-e2e-'));
  });
  test.afterEach(async () => {
    await stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    dataDir: () => dataDir!,
    start: async (args = []) => {
      await stop();
      host = await startHostProcess(dataDir!, args);
      return host;
    },
    stop,
  };
}
