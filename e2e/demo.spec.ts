import { expect, test } from '@playwright/test';
import { openDemo, watchErrors } from './helpers.ts';

test('the demo boots on first open: CR3, info mem, serial and the gallery show', async ({
  page,
}, testInfo) => {
  const errors = watchErrors(page);
  await openDemo(page);
  await expect(page.getByTestId('stop-banner')).toContainText('wrote 0 to the exit port');
  // demo-limine prints "loading cr3 0x100000" and runs on its own tables to the end.
  await expect(page.getByTestId('cr3-value')).toHaveText('0x0000000000100000');
  await expect(page.getByRole('table', { name: 'CR3 history' })).toContainText('0x100000');
  await expect(page.getByTestId('info-mem')).toContainText(
    'ffffffff80000000-ffffffff80004000 0000000000004000 -r-',
  );
  await expect(page.getByTestId('serial-text')).toContainText('demo-limine: done, exit 0');
  await expect(page.getByRole('navigation', { name: 'Bundled kernels' })).toContainText(
    'stack-guard',
  );
  // Guest RAM lives in a SharedArrayBuffer the page reads.
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await expect(page.getByTestId('kernel-title')).toContainText('(shared)');

  await page.getByRole('tab', { name: 'info tlb' }).click();
  await expect(page.getByTestId('info-tlb')).toContainText('ffffffff80000000: 000000000ffcb000');
  await page.getByRole('tab', { name: 'info mem' }).click();

  await page.screenshot({ path: testInfo.outputPath('main-view.png') });
  expect(errors).toEqual([]);
});

test('an address typed or clicked shows its translation path', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  await openDemo(page);
  const address = page.getByRole('textbox', { name: 'Virtual address' });
  const path = page.getByRole('list', { name: 'Translation path' });
  const result = page.getByTestId('translation-result');

  await address.fill('0xffffffff80000000');
  await expect(path.locator('li')).toHaveCount(4);
  for (const level of ['PML4[511]', 'PDPT[510]', 'PD[0]', 'PT[0]'])
    await expect(path).toContainText(level);
  await expect(result).toContainText('physical 0xffcb000');
  // The bytes there, read from guest RAM shared with the worker.
  await expect(page.getByLabel('Bytes at the physical address')).toContainText('0ffcb000');

  // Text is read-only: a supervisor write faults with P and W/R set.
  await page.getByRole('combobox', { name: 'Access' }).selectOption('write');
  await expect(result).toContainText('#PF error code 0x3');
  await expect(result).toContainText('W/R=1: a write');
  await page.getByRole('combobox', { name: 'Access' }).selectOption('read');

  // The guard page under the stack is not mapped.
  await address.fill('0xffffffff8000a000');
  await expect(result).toContainText('#PF error code 0x0');
  await expect(result).toContainText('not present');

  // A line of info mem translates the address it starts with.
  await page
    .getByTestId('info-mem')
    .getByRole('button', { name: /^ffff800000100000-/ })
    .click();
  await expect(address).toHaveValue('0xffff800000100000');
  await expect(result).toContainText('physical 0x100000');

  // The tree shows its top two levels open and opens deeper tables on demand; a node's
  // label translates its address.
  await expect(page.getByRole('button', { name: 'Close PML4 [511] table' })).toBeVisible();
  await page.getByRole('button', { name: 'Open PDPT [510] table' }).click();
  await page.getByRole('button', { name: 'Open PD [0] table' }).click();
  const tree = page.getByRole('tree', { name: 'Page-table tree' });
  await expect(tree).toContainText('PT[0-2]');
  await tree.getByRole('button', { name: /^PT\[0-2\]/ }).click();
  await expect(address).toHaveValue('0xffffffff80000000');
  await expect(result).toContainText('physical 0xffcb000');

  // "Tree" opens the walk's tables and marks its entries, down to the page's.
  await page.getByRole('button', { name: 'Close PD [0] table' }).click();
  await page.getByRole('button', { name: 'Tree', exact: true }).click();
  const onPath = tree.locator('[aria-current="location"]');
  await expect(onPath).toHaveCount(4);
  await expect(onPath.last()).toContainText('PT[0-2]');
  await expect(onPath.last()).toBeInViewport();

  // An address in the registers translates on a click: RIP, where the demo stopped.
  const registers = page.getByTestId('registers');
  await expect(registers).toContainText('RIP=ffffffff80000744');
  await registers.getByRole('button', { name: 'ffffffff80000744', exact: true }).first().click();
  await expect(address).toHaveValue('0xffffffff80000744');
  await expect(result).toContainText('physical 0xffcb744');

  await page.screenshot({ path: testInfo.outputPath('translation-and-tree.png') });
  expect(errors).toEqual([]);
});
