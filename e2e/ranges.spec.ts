import { expect, test } from '@playwright/test';
import { openDemo, watchErrors } from './helpers.ts';

test('the ranges table shows runs with NX and names, filters them, copies them, translates a row', async ({
  page,
  context,
}, testInfo) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const errors = watchErrors(page);
  await openDemo(page);
  const panel = page.getByRole('region', { name: 'Ranges' });
  await panel.getByRole('tab', { name: 'ranges' }).click();
  const table = panel.getByRole('table', { name: 'pagescope ranges' });
  const count = panel.getByTestId('ranges-count');

  // The kernel text is its own run, r-x, named by its section; .rodata (NX) is not merged in
  // as info mem merges it.
  const text = table.getByRole('row').filter({ hasText: '.text' });
  await expect(text).toHaveCount(1);
  await expect(text).toContainText('ffffffff80000000-ffffffff80002fff');
  await expect(text.getByRole('cell').nth(3)).toHaveText('r-x');
  await expect(text).toContainText('kernel');
  await expect(table.getByRole('row').filter({ hasText: '.rodata' })).toContainText('r--');
  const all = Number((await count.textContent())?.match(/^(\d+) runs$/)?.[1]);
  expect(all).toBeGreaterThan(3);

  // Filters narrow it in the page.
  await panel.getByRole('checkbox', { name: 'writable' }).check();
  await expect(text).toHaveCount(0);
  await expect(count).toHaveText(new RegExp(`^\\d+ of ${all} runs$`));
  await panel.getByRole('checkbox', { name: 'writable' }).uncheck();
  const virt = panel.getByRole('textbox', { name: 'Virtual range' });
  await virt.fill('0xffffffff80000000-0xffffffff80004000');
  await expect(count).toHaveText(`2 of ${all} runs`);
  await panel.getByRole('checkbox', { name: 'executable' }).check();
  await expect(count).toHaveText(`1 of ${all} runs`);
  await panel.getByRole('checkbox', { name: 'executable' }).uncheck();
  await panel.getByRole('textbox', { name: 'Physical range' }).fill('0x10-0x1');
  await expect(panel.getByText('is not past the start')).toBeVisible();
  await panel.getByRole('textbox', { name: 'Physical range' }).fill('');

  // Copy as text: the filtered table, header first.
  await panel.getByRole('button', { name: 'Copy as text' }).click();
  await expect(panel.getByRole('status')).toHaveText('Copied 2 runs.');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  const lines = copied.trimEnd().split('\n');
  expect(lines).toHaveLength(3);
  expect(lines[0]).toMatch(/^virtual \(first-last\)/);
  expect(lines[1]).toMatch(/^ffffffff80000000-ffffffff80002fff .* r-x +kernel .*\.text/);

  // A row translates its first address.
  await virt.fill('');
  await table.getByRole('row').filter({ hasText: '.rodata' }).click();
  const address = page.getByRole('textbox', { name: 'Virtual address' });
  await expect(address).toHaveValue('0xffffffff80003000');
  await expect(page.getByTestId('translation-result')).toContainText('physical');

  // The QEMU tabs copy their text as printed.
  await panel.getByRole('tab', { name: 'info mem' }).click();
  await panel.getByRole('button', { name: 'Copy as text' }).click();
  await expect(panel.getByRole('status')).toHaveText('Copied the info mem text.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain(
    'ffffffff80000000-ffffffff80004000 0000000000004000 -r-',
  );

  await panel.getByRole('tab', { name: 'ranges' }).click();
  await page.screenshot({ path: testInfo.outputPath('ranges-table.png') });
  expect(errors).toEqual([]);
});

test('a refused clipboard says how to copy by hand', async ({ page }) => {
  await page.addInitScript(() => {
    navigator.clipboard.writeText = () => Promise.reject(new DOMException('denied'));
  });
  await openDemo(page);
  const panel = page.getByRole('region', { name: 'Ranges' });
  await panel.getByRole('tab', { name: 'ranges' }).click();
  await panel.getByRole('button', { name: 'Copy as text' }).click();
  await expect(panel.getByRole('status')).toContainText('refused the clipboard');
});
