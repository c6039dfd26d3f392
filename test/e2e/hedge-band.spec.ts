/**
 * Hedge suggestions refresh on a market move that crosses a band, in real Chromium through the
 * real browser host on the embedded simulator: the trader sells calls, hedges the delta to near
 * its target (well inside the band: at the edge itself the market's next tick could already take
 * it out again), keeps the Hedges screen open, and
 * stresses the simulator with a BTC flash crash from the status bar. Nothing is filled and nothing
 * is pressed, yet the panel asks again by itself: the calls' delta collapsed, the BTC delta is
 * outside its band and a new delta hedge (selling the perpetual back) is on the screen.
 */
import { expect, test } from '@playwright/test';
import { useDeskHost } from '../support/desk-host';
import { atmCall, recordSell } from '../support/desk-page';

const desk = useDeskHost();

/** "1.14M", "950.3k" as the panel shows amounts in narrow cells. */
const compact = (text: string) => Number(text.replace(/[kM]$/, '')) * ({ k: 1e3, M: 1e6 }[text.slice(-1)] ?? 1);

test('hedges refresh when a market move takes the delta out of its band', async ({ page }, testInfo) => {
  const host = await desk.start(['--seed', '6']);
  await page.goto(host.url);
  const { call, ask } = await atmCall(page);
  await recordSell(page, call, 500, ask);

  await page.keyboard.press('3');
  const suggestions = page.getByTestId('hedge-suggestions');
  const btcBand = page.getByTestId('delta-bands').locator('tr[data-underlying="BTC"]');
  const delta = suggestions.locator('tr[data-kind="delta"]');
  await expect(delta).toHaveCount(1, { timeout: 15_000 });
  await expect(btcBand).toHaveAttribute('data-outside', 'true');

  // The delta hedge done past the band's edge, to near the target: the suggested size plus 90% of the half width.
  const halfWidth = compact(await btcBand.locator('td').nth(3).innerText());
  await delta.getByRole('button', { name: 'Accept…' }).click();
  const hedgeForm = page.getByRole('region', { name: /Record hedge #\d+ as done/ });
  const size = hedgeForm.locator('input[name="size"]');
  await size.fill(String(Math.round((Number(await size.inputValue()) + 0.9 * halfWidth) / 10) * 10)); // whole 10 USD lots
  await hedgeForm.getByRole('button', { name: 'Record buy' }).click();
  await expect(page.getByTestId('recent-hedges').locator('tr[data-status="accepted"]')).toHaveCount(1);
  await expect(btcBand).toHaveAttribute('data-outside', 'false');
  await expect(delta).toHaveCount(0);

  // A 15% BTC crash: no fill, no key pressed, the panel asks again on the band crossing.
  await page.getByLabel('Inject a scenario into the simulated market').selectOption({ label: 'BTC flash crash −15%' });
  await expect(page.getByTestId('scenario-injected')).toContainText('BTC flash crash');
  await expect(btcBand).toHaveAttribute('data-outside', 'true', { timeout: 15_000 });
  await expect(delta).toHaveCount(1);
  await expect(delta).toContainText('BTC-PERPETUAL');
  await expect(delta.locator('td').nth(2)).toHaveText('sell'); // the short calls lost their delta: the long perpetual is too much
  await page.screenshot({ path: testInfo.outputPath('hedge-band-crossed.png') });
  await page.screenshot({ path: '/tmp/hedge-band-crossed.png' });
});
