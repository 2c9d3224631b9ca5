import { expect, test } from '@playwright/test';
import { openDemo, watchErrors } from './helpers.ts';

test('the A → B diff across the demo’s CR3 switch is listed and outlined on the map', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await openDemo(page);
  await expect(page.getByTestId('run-state')).toHaveText('ended');
  const timeline = page.getByTestId('timeline');
  const position = timeline.getByTestId('timeline-position');
  await timeline.getByRole('button', { name: 'Mark B' }).click();
  const end = await position.textContent();
  await timeline.getByRole('button', { name: '« CR3 write' }).click();
  await expect(position).not.toHaveText(end!);
  await timeline.getByRole('button', { name: 'Mark A' }).click();
  await timeline.getByRole('button', { name: 'Diff A → B' }).click();
  // Before the switch the loader's tables, after it the kernel's: ranges come and go.
  const list = page.getByTestId('space-diff');
  await expect(list).toContainText(/^[\s\S]*[+-] 0x/);
  await expect(page.getByTestId('map-diff').first()).toBeAttached();
  expect(await page.getByTestId('map-diff').count()).toBeGreaterThan(0);
  expect(errors).toEqual([]);
});
