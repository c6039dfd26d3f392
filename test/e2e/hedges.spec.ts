/**
 * The trader's hedge workflow in real Chromium through the real browser host, on the embedded
 * simulator: after selling options the hedge panel suggests a delta hedge in the perpetual (never
 * sent anywhere); the trader accepts it, edits what was actually done in the prefilled form and
 * records it as a hedge fill, dismisses another with a reason, and both answers are listed.
 */
import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { useDeskHost } from '../support/desk-host';
import { runDesk } from '../support/desk-cli';
import { atmCall, recordSell } from '../support/desk-page';

const desk = useDeskHost();

test('hedges: suggested after a fill, accepted as edited into a hedge fill, another dismissed with a reason', async ({ page }, testInfo) => {
  // A dealer who charges for vega: 100 times the default risk aversion, so the book's vega is worth hedging too.
  const paramsFile = path.join(desk.dataDir(), 'params.json');
  fs.writeFileSync(paramsFile, JSON.stringify({ riskAversion: 2e-4 }));
  expect(runDesk(['premium-params', '--data-dir', desk.dataDir(), '--set', paramsFile]).code).toBe(0);
  const host = await desk.start(['--seed', '4']);
  await page.goto(host.url);

  // Sell the ATM call of the board's first expiry more than a day out.
  const { call, ask } = await atmCall(page);
  await recordSell(page, call, 500, ask);

  await page.keyboard.press('3');
  const suggestions = page.getByTestId('hedge-suggestions');
  const delta = suggestions.locator('tr[data-kind="delta"]');
  await expect(delta).toHaveCount(1, { timeout: 15_000 });
  await expect(delta).toContainText('BTC-PERPETUAL');
  await expect(delta.locator('td').nth(2)).toHaveText('buy'); // short calls are short delta
  await expect(suggestions.locator('tbody tr')).not.toHaveCount(1); // a vega or gamma hedge as well
  // Why a delta hedge: the BTC delta sits outside its no-transaction band.
  await expect(page.getByTestId('delta-bands').locator('tr[data-underlying="BTC"]')).toHaveAttribute('data-outside', 'true');
  await page.screenshot({ path: testInfo.outputPath('hedges.png') });
  await page.screenshot({ path: '/tmp/hedges.png' });

  // Accept from the keyboard (the first line, the delta hedge, is selected): the form comes
  // prefilled; the trader did a round size at another price.
  await expect(suggestions.locator('tbody tr').first()).toHaveAttribute('data-kind', 'delta');
  await page.keyboard.press('a');
  const hedgeForm = page.getByRole('region', { name: /Record hedge #\d+ as done/ });
  await expect(hedgeForm.locator('input[name="instrument"]')).toHaveValue('BTC-PERPETUAL');
  const suggestedSize = Number(await hedgeForm.locator('input[name="size"]').inputValue());
  expect(suggestedSize).toBeGreaterThan(0);
  const doneSize = String(Math.round(suggestedSize / 1000) * 1000 || 1000);
  await hedgeForm.locator('input[name="size"]').fill(doneSize);
  await hedgeForm.locator('input[name="venueTradeId"]').fill('PERP-1');
  await hedgeForm.getByRole('button', { name: 'Record buy' }).click();
  const recent = page.getByTestId('recent-hedges');
  await expect(recent.locator('tr[data-status="accepted"]')).toContainText(`buy ${Number(doneSize).toLocaleString('en-US')} BTC-PERPETUAL`);

  // Dismiss another suggestion with a reason.
  const other = suggestions.locator('tbody tr:not([data-kind="delta"])').first();
  await expect(other).toBeVisible();
  await other.getByRole('button', { name: 'Dismiss…' }).click();
  await other.getByLabel('Dismissal reason').fill('vol looks cheap');
  await other.getByRole('button', { name: 'Dismiss', exact: true }).click();
  await expect(recent.locator('tr[data-status="dismissed"]')).toContainText('vol looks cheap');
  await page.screenshot({ path: testInfo.outputPath('hedges-answered.png') });

  // The blotter: the hedge as a perpetual position, the short calls marked with their greeks, grouped
  // by expiry with totals; the bucket heat map holds the calls' vega, short (red).
  await page.keyboard.press('1');
  const blotter = page.getByTestId('blotter');
  await expect(blotter.locator('tr[data-instrument="BTC-PERPETUAL"]')).toBeVisible();
  const short = blotter.locator(`tr[data-instrument="${call}"]`);
  await expect(short.locator('td').nth(3)).toHaveText(/^\d\.\d{4}$/); // marked at theo, in coin
  await expect(short.locator('td').nth(10)).toHaveText(/^\u2212[\d,]+$/); // short vega
  await expect(blotter.locator('tr.group-row[data-group="BTC perp"]')).toContainText('perpetual');
  const heat = page.getByTestId('heat-BTC');
  await expect(heat.locator('td[title]').filter({ hasText: /^\u2212/ }).first()).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('blotter.png') });
  await page.screenshot({ path: '/tmp/blotter.png' });
  // The risk screen: the book under the spot x vol grid, as is and with the hedges still suggested.
  await page.keyboard.press('4');
  const grid = page.getByTestId('stress-grid');
  await expect(grid.locator('tbody tr')).toHaveCount(13);
  await expect(grid.locator('td[data-spot="0"][data-vol="0"]')).toHaveText('0'); // nothing moved, nothing lost
  await expect(grid.locator('td[data-spot="0"][data-vol="20"]')).toHaveText(/^\u2212/); // short vega loses when vol rises
  await expect(page.getByTestId('stress-paths').locator('tbody tr')).toHaveCount(4);
  await page.getByRole('button', { name: 'With suggested hedges' }).click();
  await page.screenshot({ path: testInfo.outputPath('risk.png') });
  await page.screenshot({ path: '/tmp/risk.png' });
  await page.keyboard.press('1');

  // Folding a group hides its positions and keeps its totals.
  await blotter.locator('tr[data-group="BTC perp"] button.fold').click();
  await expect(blotter.locator('tr[data-instrument="BTC-PERPETUAL"]')).toHaveCount(0);
});
