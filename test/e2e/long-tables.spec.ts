/**
 * Long tables render only the rows in view: a book of 400 positions in the blotter keeps far fewer
 * rows in the page, and scrolling the panel to its end brings the last position on screen (and
 * takes the first one out of the page).
 */
import { expect, test } from '@playwright/test';
import { useDeskHost } from '../support/desk-host';
import { connectHost } from '../support/host-client';

const desk = useDeskHost();
const POSITIONS = 400;

test('the blotter with 400 positions renders a window of them and scrolls to its last row', async ({ page }, testInfo) => {
  const host = await desk.start(['--venue', 'none']);
  const client = await connectHost(host);
  try {
    // One group (BTC, one expiry), sorted by strike: the last row is the highest strike.
    for (let i = 1; i <= POSITIONS; i++) await client.api.invoke('fills.add', { instrument: `BTC-26MAR27-${1000 * i}-C`, side: 'buy', size: 1, price: 0.01 });
  } finally {
    client.close();
  }
  await page.goto(host.url);
  const blotter = page.getByTestId('blotter');
  const first = blotter.locator('tr[data-instrument="BTC-26MAR27-1000-C"]');
  const last = blotter.locator(`tr[data-instrument="BTC-26MAR27-${1000 * POSITIONS}-C"]`);
  await expect(first).toBeVisible();
  await expect(blotter.locator('tbody tr.group-row')).toContainText(`· ${POSITIONS}`);
  expect(await blotter.locator('tr[data-instrument]').count()).toBeLessThan(POSITIONS / 2);
  await expect(last).toHaveCount(0);

  await page.locator('section.blotter').evaluate((panel) => panel.scrollTo(0, panel.scrollHeight));
  await expect(last).toBeInViewport();
  await expect(first).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('blotter-end.png') });
  await page.screenshot({ path: '/tmp/blotter-end.png' });
});
