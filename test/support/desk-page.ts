/**
 * Steps the e2e specs share on the desk's screens in Chromium: what a trader does with the
 * keyboard and the forms, so each spec reads as its scenario.
 */
import { expect, type Page } from '@playwright/test';

/** On the quote board, the ATM call of the first expiry more than a day out, and the desk's ask for it. */
export async function atmCall(page: Page): Promise<{ call: string; ask: string }> {
  await page.keyboard.press('2');
  const atm = page.getByTestId('quote-board').locator('tbody tr.atm');
  await expect(atm).toHaveCount(1, { timeout: 15_000 });
  return { call: (await atm.getAttribute('data-call'))!, ask: (await atm.locator('td.desk-ask').first().innerText()).trim() };
}

/** A sell recorded on the blotter's fill form; waits until it is stored. */
export async function recordSell(page: Page, instrument: string, size: number, price: string): Promise<void> {
  await page.keyboard.press('1');
  const form = page.locator('form');
  await form.locator('input[name="instrument"]').fill(instrument);
  await form.getByRole('button', { name: 'Sell' }).click();
  await form.locator('input[name="size"]').fill(String(size));
  await form.locator('input[name="price"]').fill(price);
  await form.getByRole('button', { name: /record/i }).click();
  await expect(page.getByTestId('fill-message')).toContainText('Stored fill #');
}
