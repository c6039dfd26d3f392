/**
 * The dealer's settings in real Chromium through the real browser host: risk aversion from "at the
 * vega limit, skew by x vol points" and a horizon and a limit changed, each a new parameter set
 * the quote board then names; a bad value refused by field; the browser host refusing to store a
 * venue key and saying why; a Deribit transaction log imported, then refused whole for one bad line.
 */
import { expect, test } from '@playwright/test';
import { useDeskHost } from '../support/desk-host';
import { BTC_LOG, HEADER, row } from '../support/trade-logs';

const desk = useDeskHost();

test('settings: the premium in words and numbers, keys refused in the browser, a fill file imported', async ({ page }, testInfo) => {
  const host = await desk.start(['--seed', '6']);
  await page.goto(host.url);
  await page.keyboard.press('8');
  const inForce = page.getByTestId('params-in-force');
  await expect(inForce).toContainText('set #1 · default');

  await page.getByLabel('Bucket').selectOption('ETH 7-30d');
  await page.getByLabel('Skew (vol points)').fill('2');
  await page.getByRole('button', { name: 'Set risk aversion' }).click();
  await expect(page.getByTestId('settings-message')).toHaveText('Stored as parameter set #2: risk aversion from: at the ETH 7-30d vega limit, skew by 2 vol points');
  await expect(inForce).toContainText('set #2 · calibrated');

  await page.locator('input[name="unwindHours"]').fill('12');
  await page.getByLabel('BTC vega limit').fill('30000');
  await page.getByRole('button', { name: 'Store as a new parameter set' }).click();
  await expect(page.getByTestId('settings-message')).toContainText('Stored as parameter set #3: set on the settings screen: unwindHours, limits');
  await page.locator('input[name="unwindHours"]').fill('-1');
  await page.getByRole('button', { name: 'Store as a new parameter set' }).click();
  await expect(page.getByTestId('settings-message')).toContainText('unwindHours');
  await expect(inForce).toContainText('set #3');

  // The venues it can read, the running one marked.
  await expect(page.getByTestId('venue-sim')).toContainText('sim · the embedded simulated market');
  await expect(page.getByTestId('venue-sim')).toContainText('running');
  await expect(page.getByTestId('venue-okx')).toContainText('okx · ');
  await expect(page.getByTestId('venue-bybit')).not.toContainText('running');

  // The browser host keeps no keys: it says so, and refuses one.
  await expect(page.getByTestId('key-deribit')).toContainText('no key stored');
  await page.getByLabel('Client id').fill('id-123');
  await page.getByLabel('Client secret').fill('not-a-real-secret');
  await page.getByRole('button', { name: 'Store in the OS keychain' }).click();
  await expect(page.getByTestId('keys-message')).toHaveClass(/error/);
  await expect(page.getByTestId('keys-message')).toContainText(/browser|keychain|Electron/i);
  await expect(page.getByTestId('keys-message')).not.toContainText('not-a-real-secret');
  await expect(page.getByLabel('Client secret')).toHaveValue(''); // not left on screen

  // A transaction log in, then one with a bad line: refused whole, by line.
  await page.getByLabel('Fill file').setInputFiles({ name: 'transaction_log-BTC.csv', mimeType: 'text/csv', buffer: Buffer.from(BTC_LOG) });
  await expect(page.getByTestId('import-summary')).toHaveText('4 added · 0 duplicates · skipped 1 delivery, 1 deposit');
  const bad = [HEADER, row({ id: 9, seq: 9, date: '19/05/26 12:00:00', instrument: 'BTC-PERPETUAL', side: 'hold', amount: '10', price: '97000', fee: '0', trade: 'n2' })].join('\n');
  await page.getByLabel('Fill file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  await expect(page.getByTestId('import-message')).toContainText('line 2: Side: "hold" is not a buy or a sell');
  await expect(page.getByTestId('store-health')).toContainText('4 fills');
  await page.screenshot({ path: testInfo.outputPath('settings.png') });
  await page.screenshot({ path: '/tmp/settings.png' });

  // The quote board prices with the set in force.
  await page.keyboard.press('2');
  await expect(page.getByTestId('board-note')).toContainText('params #3 · file', { timeout: 15_000 });
});
