/**
 * The quote board and the premium breakdown in real Chromium through the real browser host, on
 * the embedded simulator: the trader opens the board with its key, reads a ladder (calls | strike
 * | puts) where every desk bid sits below the desk ask, opens a quote's breakdown, slides the size
 * and sees the unwind term grow, then sells the option on the blotter's fill form and finds the
 * position and an inventory skew on the board.
 */
import { expect, test, type Locator } from '@playwright/test';
import { useDeskHost } from '../support/desk-host';
import { recordSell } from '../support/desk-page';

const desk = useDeskHost();

const number = async (cell: Locator) => Number((await cell.innerText()).replace(/,/g, '').replace('\u2212', '-'));

test('quote board: a ladder with the premium applied, a breakdown per quote, a fill leaning the book', async ({ page }, testInfo) => {
  const host = await desk.start(['--seed', '3']);
  await page.goto(host.url);
  await page.keyboard.press('2');
  await expect(page.getByRole('button', { name: /Quotes/ })).toHaveAttribute('aria-current', 'page');
  const board = page.getByTestId('quote-board');
  // The ladder opens on the money: its ATM row in view.
  await expect(board.locator('tbody tr.atm')).toBeInViewport({ timeout: 15_000 });
  await expect(page.getByTestId('board-note')).toContainText('params #1 · default');

  // Every two-sided desk quote: bid below ask, the strikes ascending.
  const rows = board.locator('tbody tr[data-strike]');
  const count = await rows.count();
  expect(count).toBeGreaterThan(10);
  const strikes: number[] = [];
  for (let r = 0; r < count; r++) strikes.push(Number(await rows.nth(r).getAttribute('data-strike')));
  expect(strikes).toEqual([...strikes].sort((a, b) => a - b));
  const atm = board.locator('tbody tr.atm');
  await expect(atm).toHaveCount(1);
  const [bid, ask] = [await number(atm.locator('td.desk-bid').first()), await number(atm.locator('td.desk-ask').first())];
  expect(bid).toBeGreaterThan(0);
  expect(ask).toBeGreaterThan(bid);

  // The ATM call's breakdown: nine terms; from 1 to 100 contracts the unwind term per contract grows.
  await atm.locator('td.desk-ask').first().click();
  const call = (await atm.getAttribute('data-call'))!;
  const breakdown = page.getByTestId('breakdown');
  await expect(breakdown).toContainText(call);
  await expect(breakdown.getByTestId('terms').locator('tbody tr')).toHaveCount(9);
  // The inventory term's lean in vol points, (ask - bid) / 2: nothing held, nothing leaned.
  const inventoryLean = async () => {
    const cells = breakdown.locator('tr[data-term="inventory"] td');
    return ((await number(cells.nth(4))) - (await number(cells.nth(2)))) / 2;
  };
  expect(await inventoryLean()).toBe(0);
  const liquidityAsk = () => number(breakdown.locator('tr[data-term="liquidity"] td').nth(3));
  const small = await liquidityAsk();
  await page.getByLabel('Quote size').fill('3');
  await expect(breakdown.getByTestId('breakdown-size')).toHaveText('100');
  expect(await liquidityAsk()).toBeGreaterThan(small);
  await page.screenshot({ path: testInfo.outputPath('quote-board.png') });
  await page.screenshot({ path: '/tmp/quote-board.png' });

  // Sell 200 of it on the blotter's form: back on the board the position shows and the book leans to buy.
  await recordSell(page, call, 200, String(ask));
  await expect(page.getByTestId('blotter').locator(`tr[data-instrument="${call}"]`)).toBeVisible();
  await page.keyboard.press('2');
  const held = board.locator(`tbody tr[data-call="${call}"]`);
  await expect(held.locator('td.pos-cell').first()).toHaveText('\u2212200', { timeout: 10_000 });
  // Short the call: the inventory term moves the dealer's mid up, quoting to buy it back.
  await expect(breakdown).toContainText(call);
  await expect.poll(inventoryLean, { timeout: 5_000 }).toBeGreaterThan(0.1);
  await expect(held.locator('.skew .pos-bar').first()).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('quote-board-short.png') });

  // '/' finds an instrument from another chain: its chain, expiry and breakdown come up; a bad name says why.
  await page.getByRole('button', { name: 'ETH · coin' }).click();
  await expect(page.getByText('Select a quote on the board')).toBeVisible();
  await page.keyboard.press('/');
  await page.keyboard.type(call.toLowerCase());
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'BTC · coin' })).toHaveClass(/active/);
  await expect(page.getByTestId('breakdown')).toContainText(call);
  await page.getByLabel('Find an instrument').fill('BTC-27DEC30-1000-C');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('region', { name: 'Premium breakdown' }).getByRole('alert')).toContainText('not a listed option');
  await page.getByLabel('Find an instrument').fill('BTC-31FEB27-1-C');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('region', { name: 'Quote board' }).getByRole('alert')).toContainText('not a date');
});
