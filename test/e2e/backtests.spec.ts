/**
 * Backtests from the desk in real Chromium through the real browser host: premium against
 * symmetric quoting on the same seed, each in its own worker thread, progress on screen, results
 * side by side with their P&L paths charted; a long run cancelled stops and says so.
 */
import { expect, test } from '@playwright/test';
import { useDeskHost } from '../support/desk-host';

const desk = useDeskHost();

test('backtests: start, watch, compare side by side, cancel', async ({ page }, testInfo) => {
  const host = await desk.start(['--venue', 'none']);
  await page.goto(host.url);
  await page.keyboard.press('7');
  await page.locator('input[name="hours"]').fill('0.1');
  await page.getByRole('button', { name: 'Premium vs symmetric' }).click();
  const runs = page.getByTestId('backtest-runs');
  await expect(runs.locator('tbody tr[data-state="done"]')).toHaveCount(2, { timeout: 60_000 });
  await expect(runs.locator('tbody tr').nth(0)).toContainText('symmetric · seed 7');
  await expect(runs.locator('tbody tr').nth(1)).toContainText('premium · seed 7');
  for (const row of await runs.locator('tbody tr').all()) await expect(row.locator('td').nth(3)).toHaveText(/^\u2212?[\d,]+$/); // a P&L each

  for (const row of await runs.locator('tbody tr').all()) await row.getByRole('button', { name: 'Chart' }).click();
  await expect(page.getByTestId('backtest-chart').locator('canvas')).toHaveCount(1);
  await expect(page.getByTestId('backtest-chart')).toContainText('premium · seed 7');

  // A day-long run: progress on screen, then cancelled.
  await page.locator('input[name="hours"]').fill('24');
  await page.getByRole('button', { name: 'Start', exact: true }).click();
  const running = runs.locator('tbody tr[data-state="running"]');
  await expect(running.locator('progress')).toBeVisible();
  await expect.poll(async () => Number(await running.locator('progress').getAttribute('value')), { timeout: 30_000 }).toBeGreaterThan(0);
  await page.screenshot({ path: testInfo.outputPath('backtests.png') });
  await page.screenshot({ path: '/tmp/backtests.png' });
  await running.getByRole('button', { name: 'Cancel' }).click();
  await expect(runs.locator('tbody tr[data-state="cancelled"]')).toHaveCount(1);
});
