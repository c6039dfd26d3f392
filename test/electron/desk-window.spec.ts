/**
 * The Electron host itself, through Playwright's _electron: the window's security options, the
 * preload's surface, and the fill round trip over real IPC into a real SQLite file. Runs wherever
 * Electron's binary exists; elsewhere each test is skipped with the reason.
 */
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findElectronBinary } from '../../electron/electron-binary';
import { PROJECT_ROOT } from '../support/browser-host-process';

const binary = findElectronBinary();
test.skip(!binary, "Electron's binary is not installed on this machine");

let app: ElectronApplication;
let dataDir: string;

test.beforeEach(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-electron-'));
  app = await electron.launch({ executablePath: binary!, args: [PROJECT_ROOT, '--data-dir', dataDir] });
});
test.afterEach(async () => {
  await app?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('the window is isolated, sandboxed and without Node', async () => {
  const page = await app.firstWindow();
  // Sandboxed, isolated renderers have no Node and see only what contextBridge exposed.
  expect(await page.evaluate(() => Object.keys(window.desk ?? {}).sort())).toEqual(['invoke', 'on']);
  expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
  expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
  const refused = await page.evaluate(() => window.desk!.invoke('fills.delete', {}));
  expect(refused).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });

  const opened = await page.evaluate(() => window.open('https://example.com') === null);
  expect(opened).toBe(true);
  await page.evaluate(() => (location.href = 'https://example.com'));
  await page.waitForTimeout(300);
  expect(page.url()).toMatch(/^file:/);
});

test('a fill recorded in the window is stored and shown in the blotter', async () => {
  const page = await app.firstWindow();
  await expect(page.getByTestId('host-mode')).toHaveText('electron');
  await page.getByLabel('Instrument').fill('BTC-27DEC24-60000-C');
  await page.getByLabel('Size (contracts)').fill('3');
  await page.getByLabel('Price', { exact: true }).fill('0.05');
  await page.getByRole('button', { name: 'Record buy' }).click();
  await expect(page.locator('tr[data-instrument="BTC-27DEC24-60000-C"]')).toContainText('3');

  const bad = await page.evaluate(() => window.desk!.invoke('fills.add', { instrument: 'BTC-27DEC24-60000-C', side: 'buy', size: -1, price: 1 }));
  expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  await expect(page.getByTestId('store-health')).toContainText('1 fills');
});
