/**
 * The vertical slice end to end, in real Chromium against the real browser host and a real
 * SQLite file: record a fill, see it in the blotter, restart the host, still there; a bad fill
 * shows an error and writes nothing.
 */
import { expect, test, type Page } from '@playwright/test';
import { useDeskHost } from '../support/desk-host';

const desk = useDeskHost();

async function recordFill(page: Page, fill: { instrument: string; side: 'Buy' | 'Sell'; size: string; price: string; fee?: string }) {
  await page.getByLabel('Instrument').fill(fill.instrument);
  await page.getByRole('button', { name: fill.side, exact: true }).click();
  await page.getByLabel('Size (contracts)').fill(fill.size);
  await page.getByLabel('Price', { exact: true }).fill(fill.price);
  await page.getByLabel('Fee (total, price currency)').fill(fill.fee ?? '0');
  await page.getByRole('button', { name: `Record ${fill.side.toLowerCase()}` }).click();
}

test('a fill entered in the form lands in the blotter and survives a restart', async ({ page }, testInfo) => {
  let host = await desk.start();
  await page.goto(host.url);
  await expect(page.getByTestId('host-mode')).toHaveText('browser');
  await expect(page.getByText('No open positions')).toBeVisible();

  await recordFill(page, { instrument: 'BTC-27DEC24-60000-C', side: 'Buy', size: '2', price: '0.0425', fee: '0.0006' });
  await expect(page.getByTestId('fill-message')).toContainText('Stored fill #1');
  await recordFill(page, { instrument: 'ETH-27DEC24-3000-P', side: 'Sell', size: '5', price: '0.031' });
  await recordFill(page, { instrument: 'BTC-27DEC24-60000-C', side: 'Sell', size: '0.5', price: '0.0525' });

  const btc = page.locator('tr[data-instrument="BTC-27DEC24-60000-C"]');
  await expect(btc).toContainText('1.5'); // 2 bought, 0.5 sold
  await expect(btc).toContainText('0.0425'); // average entry unchanged by a reduction
  await expect(btc).toContainText('+0.0050'); // realized 0.5 x (0.0525 - 0.0425)
  await expect(page.locator('tr[data-instrument="ETH-27DEC24-3000-P"]')).toContainText('\u22125');
  await expect(page.getByTestId('store-health')).toContainText('3 fills');
  await page.screenshot({ path: testInfo.outputPath('blotter.png'), fullPage: true });

  host = await desk.start();
  await page.goto(host.url);
  await expect(page.locator('tr[data-instrument="BTC-27DEC24-60000-C"]')).toContainText('1.5');
  await expect(page.locator('tr[data-instrument="ETH-27DEC24-3000-P"]')).toContainText('\u22125');
  await expect(page.getByTestId('store-health')).toContainText('3 fills');
});

test('a bad fill shows the reason where the user acted and writes nothing', async ({ page }, testInfo) => {
  const host = await desk.start();
  await page.goto(host.url);
  await expect(page.getByTestId('store-health')).toContainText('0 fills');

  await recordFill(page, { instrument: 'BTC-31FEB25-60000-C', side: 'Buy', size: '1', price: '0.01' });
  await expect(page.getByTestId('fill-message')).toContainText('is not a date');

  await recordFill(page, { instrument: 'DOGE-27DEC24-1-C', side: 'Buy', size: '1', price: '0.01' });
  await expect(page.getByTestId('fill-message')).toContainText('unknown underlying DOGE');

  await recordFill(page, { instrument: 'BTC-27DEC24-60000-C', side: 'Buy', size: '-3', price: '0.01' });
  await expect(page.getByTestId('fill-message')).toContainText('size must be positive');
  await expect(page.getByLabel('Size (contracts)')).toHaveAttribute('aria-invalid', 'true');

  await recordFill(page, { instrument: 'BTC-27DEC24-60000-C', side: 'Buy', size: '1', price: '-0.01' });
  await expect(page.getByTestId('fill-message')).toContainText('price must not be negative');

  await recordFill(page, { instrument: 'BTC-27DEC24-60000-C', side: 'Buy', size: '1', price: 'abc' });
  await expect(page.getByTestId('fill-message')).toContainText('price');
  await page.screenshot({ path: testInfo.outputPath('bad-fill.png'), fullPage: true });

  await page.reload();
  await expect(page.getByTestId('store-health')).toContainText('0 fills');
  await expect(page.getByText('No open positions')).toBeVisible();
});
