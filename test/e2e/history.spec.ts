/**
 * History review in real Chromium through the real browser host, on the embedded simulator: the
 * desk snapshots the book each second and on every fill; the history screen charts the range's
 * greeks and P&L (uPlot canvases), lists its fills, and exports what it shows as CSV.
 */
import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import { useDeskHost } from '../support/desk-host';

const desk = useDeskHost();

test('history: charts of the book over the last hour, its fills, a CSV export', async ({ page }, testInfo) => {
  const host = await desk.start(['--seed', '5']);
  await page.goto(host.url);
  await page.getByLabel('Instrument').fill('BTC-PERPETUAL');
  await page.getByLabel('Size (contracts)').fill('50000');
  await page.getByLabel('Price', { exact: true }).fill('100000');
  await page.getByRole('button', { name: 'Record buy' }).click();
  await expect(page.getByTestId('fill-message')).toContainText('Stored fill #1');
  await page.waitForTimeout(3_000); // a few of the 1 s snapshots

  await page.keyboard.press('6');
  await expect(page.getByTestId('history-note')).toHaveText(/· (\d+) snapshots$/);
  const count = Number(/· ([\d,]+) snapshots$/.exec(await page.getByTestId('history-note').innerText())![1]!.replace(/,/g, ''));
  expect(count).toBeGreaterThanOrEqual(3);
  const charts = page.getByTestId('history-charts');
  await expect(charts.locator('canvas')).toHaveCount(5);
  await expect(charts.getByRole('figure', { name: 'Delta' })).toContainText('delta');
  await expect(page.getByTestId('history-fills').locator('tbody tr')).toHaveCount(1);
  await expect(page.getByTestId('history-fills')).toContainText('BTC-PERPETUAL');
  await page.screenshot({ path: testInfo.outputPath('history.png') });
  await page.screenshot({ path: '/tmp/history.png' });

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  const lines = fs.readFileSync((await download.path())!, 'utf8').trim().split('\r\n');
  expect(lines[0]).toBe('time_utc,series,unit,value');
  expect(lines.length).toBeGreaterThan(count); // every series' points
  // The perpetual bought: 50,000 USD of delta in every snapshot after the fill.
  expect(lines.some((line) => /^\d{4}-\d\d-\d\dT[\d:.]+Z,deltaUsd,"USD per unit log-return",50000$/.test(line))).toBe(true);
  expect(lines.filter((line) => line.includes(',deltaUsd,')).at(-1)).toMatch(/,50000$/);
});
