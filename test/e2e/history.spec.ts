/**
 * History review in real Chromium through the real browser host, on the embedded simulator: the
 * desk snapshots the book each second and on every fill, and marks each option fill out at its
 * theo; the history screen charts the range's greeks and P&L (uPlot canvases), replays the book
 * at a scrubbed moment, lists the fills with their markouts, and exports what it shows as CSV.
 */
import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import { useDeskHost } from '../support/desk-host';

const desk = useDeskHost();

test('history: charts of the book over the last hour, a replay, its fills with markouts, a CSV export', async ({ page }, testInfo) => {
  test.setTimeout(120_000); // a live market's first quotes, then seconds of real time for snapshots and markouts
  const host = await desk.start(['--seed', '5']);
  await page.goto(host.url);
  // An at-the-money call off the quote board, then the perpetual.
  await page.keyboard.press('2');
  const atm = page.getByTestId('quote-board').locator('tbody tr.atm');
  await expect(atm).toHaveCount(1, { timeout: 30_000 });
  const call = (await atm.getAttribute('data-call'))!;
  const bid = (await atm.locator('td.desk-bid').first().innerText()).replace(/,/g, '');
  await page.keyboard.press('1');
  const record = async (instrument: string, size: string, price: string, id: number) => {
    await page.getByLabel('Instrument').fill(instrument);
    await page.getByLabel('Size (contracts)').fill(size);
    await page.getByLabel('Price', { exact: true }).fill(price);
    await page.getByRole('button', { name: 'Record buy' }).click();
    await expect(page.getByTestId('fill-message')).toContainText(`Stored fill #${id}`);
  };
  await record(call, '10', bid, 1);
  await page.waitForTimeout(1_500);
  await record('BTC-PERPETUAL', '50000', '100000', 2);
  await page.waitForTimeout(5_500); // a few of the 1 s snapshots, and the call's 1 s and 5 s markouts

  await page.keyboard.press('6');
  await expect(page.getByTestId('history-note')).toHaveText(/· (\d+) snapshots$/);
  const count = Number(/· ([\d,]+) snapshots$/.exec(await page.getByTestId('history-note').innerText())![1]!.replace(/,/g, ''));
  expect(count).toBeGreaterThanOrEqual(3);
  const charts = page.getByTestId('history-charts');
  await expect(charts.locator('canvas')).toHaveCount(5);
  await expect(charts.getByRole('figure', { name: 'Delta' })).toContainText('delta');
  const fills = page.getByTestId('history-fills');
  await expect(fills.locator('tbody tr')).toHaveCount(2);
  await expect(fills).toContainText('BTC-PERPETUAL');
  // The call's markouts: its edge and the 1 s and 5 s horizons in USD, not 30 s yet; the perpetual has none.
  const headers = await fills.locator('thead th').allInnerTexts();
  const cell = (row: string, header: string) => fills.locator(`tr[data-fill="${row}"] td`).nth(headers.indexOf(header));
  for (const header of ['Edge', '1s', '5s']) await expect(cell('1', header)).toHaveText(/^−?[\d,]+$/);
  await expect(cell('1', '30s')).toHaveText('—');
  await expect(cell('2', 'Edge')).toHaveText('—');

  // The replay: at the range's start the book is flat; fill to fill it grows by the call, then the perpetual.
  const positions = page.getByTestId('replay-positions');
  await expect(positions).toContainText('Flat.');
  await page.getByRole('button', { name: 'fill ▶' }).click();
  await expect(positions.locator('tbody tr')).toHaveCount(1);
  await expect(positions).toContainText(call);
  await page.getByRole('button', { name: 'fill ▶' }).click();
  await expect(positions.locator('tbody tr')).toHaveCount(2);
  // The snapshot in force is the one taken on fill #2 or a later one of the cadence, never one before
  // it: the cursor is the whole second after the fill, so the snapshot is at most a second earlier.
  const [, cursorAt, snapshotAt] = /The book at (\S+ \S+) · snapshot (\S+ \S+)/i.exec(await page.getByTestId('replay-book').innerText())!;
  const utc = (text: string) => Date.parse(`${text.replace(' ', 'T')}Z`);
  expect(utc(snapshotAt!)).toBeGreaterThanOrEqual(utc(cursorAt!) - 1_000);
  await page.getByRole('button', { name: '◀ fill' }).click();
  await expect(positions.locator('tbody tr')).toHaveCount(1);
  await page.getByRole('button', { name: 'fill ▶' }).click();
  await page.getByTestId('replay-book').scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('history.png') });
  await page.screenshot({ path: '/tmp/history.png' });

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  const lines = fs.readFileSync((await download.path())!, 'utf8').trim().split('\r\n');
  expect(lines[0]).toBe('time_utc,series,unit,value');
  expect(lines.length).toBeGreaterThan(count); // every series' points
  // The long calls' delta, then 50,000 USD more once the perpetual is bought (the calls' own delta drifts a little meanwhile).
  const deltas = lines.filter((line) => /^\d{4}-\d\d-\d\dT[\d:.]+Z,deltaUsd,"USD per unit log-return",[-\d.e+]+$/.test(line)).map((line) => Number(line.split(',').at(-1)));
  const held = deltas.filter((delta) => delta !== 0); // flat before the first fill
  expect(held.length).toBeGreaterThan(2);
  expect(held[0]!).toBeGreaterThan(0);
  expect(Math.abs(held.at(-1)! - held[0]! - 50_000)).toBeLessThan(0.05 * held[0]!);
});
