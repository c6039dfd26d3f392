/**
 * Backtests from the desk in real Chromium through the real browser host: premium against
 * symmetric quoting on the same seed, each in its own worker thread, progress on screen, results
 * side by side with their P&L paths charted, both exported as an HTML report and a CSV; a long
 * run cancelled stops and says so.
 */
import { expect, test } from '@playwright/test';
import fs from 'node:fs';
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
  for (const row of await runs.locator('tbody tr').all()) await expect(row.locator('td').nth(4)).toHaveText(/^\u2212?[\d,]+$/); // a P&L each

  for (const row of await runs.locator('tbody tr').all()) await row.getByRole('button', { name: 'Chart' }).click();
  await expect(page.getByTestId('backtest-chart').locator('canvas')).toHaveCount(1);
  await expect(page.getByTestId('backtest-chart')).toContainText('premium · seed 7');

  // Both runs in one report: the HTML page compares them, the CSV has a row each.
  await page.getByLabel('Report run 1').check();
  await page.getByLabel('Report run 2').check();
  const [html] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'HTML report' }).click()]);
  expect(html.suggestedFilename()).toBe('backtests-1-2.html');
  const report = fs.readFileSync((await html.path())!, 'utf8');
  expect(report).toContain('#1 premium · seed 7');
  expect(report).toContain('#2 symmetric · seed 7');
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'CSV' }).click()]);
  expect(fs.readFileSync((await csv.path())!, 'utf8').trim().split('\r\n')).toHaveLength(3);
  // The report as a reviewer opens it, in the same Chromium.
  const opened = await page.context().newPage();
  await opened.setContent(report);
  await expect(opened.getByRole('img', { name: 'P&L over time (first path)' })).toBeVisible();
  await opened.screenshot({ path: testInfo.outputPath('backtest-report.png'), fullPage: true });
  await opened.screenshot({ path: '/tmp/backtest-report.png', fullPage: true });
  await opened.close();

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
