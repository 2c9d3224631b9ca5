import { expect, test } from '@playwright/test';
import { buildElf } from '../src/boot/test-helpers/elf-builder.ts';
import { concat, mb1Header, u32s } from '../src/boot/test-helpers/headers.ts';
import { openDemo, openKernel, watchErrors } from './helpers.ts';

/**
 * A Multiboot 1 kernel that turns on 32-bit paging over two page tables whose 2048 pages
 * alternate between read-only and writable (so no two merge: 2048 runs), then spins.
 */
function manyRunsKernel(): Uint8Array {
  const header = mb1Header(0);
  const code = new Uint8Array([
    ...[0xb8, 0x00, 0x10, 0x10, 0x00], // mov eax, 0x101000 (the page directory)
    ...[0x0f, 0x22, 0xd8], // mov cr3, eax
    ...[0x0f, 0x20, 0xc0], // mov eax, cr0
    ...[0x0d, 0x00, 0x00, 0x00, 0x80], // or eax, CR0.PG
    ...[0x0f, 0x22, 0xc0], // mov cr0, eax
    ...[0xeb, 0xfe], // jmp $
  ]);
  const directory = new Uint8Array(4096);
  directory.set(u32s(0x102000 | 3, 0x103000 | 3));
  const pages = Array.from({ length: 2048 }, (_, i) => (i * 4096) | (i % 2 ? 1 : 3));
  return buildElf({
    class: 32,
    machine: 3,
    entry: 0x100000 + header.length,
    segments: [
      { vaddr: 0x100000, data: concat(header, code) },
      { vaddr: 0x101000, data: directory },
      { vaddr: 0x102000, data: u32s(...pages) },
    ],
  });
}

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

  // Filters narrow it: the engine applies them to every run.
  await panel.getByRole('checkbox', { name: 'writable' }).check();
  await expect(text).toHaveCount(0);
  await expect(count).toHaveText(new RegExp(`^\\d+ matching runs \\(of ${all}\\)$`));
  await panel.getByRole('checkbox', { name: 'writable' }).uncheck();
  const virt = panel.getByRole('textbox', { name: 'Virtual range' });
  await virt.fill('0xffffffff80000000-0xffffffff80004000');
  await expect(count).toHaveText(`2 matching runs (of ${all})`);
  await panel.getByRole('checkbox', { name: 'executable' }).check();
  await expect(count).toHaveText(`1 matching run (of ${all})`);
  await panel.getByRole('checkbox', { name: 'executable' }).uncheck();
  await panel.getByRole('textbox', { name: 'Physical range' }).fill('0x10-0x1');
  await expect(panel.getByText('is not past the start')).toBeVisible();
  await panel.getByRole('textbox', { name: 'Physical range' }).fill('');

  // Copy as text: the filtered table, header first, and what it is out of.
  await expect(count).toHaveText(`2 matching runs (of ${all})`);
  await panel.getByRole('button', { name: 'Copy as text' }).click();
  await expect(panel.getByRole('status')).toHaveText('Copied 2 runs.');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  const lines = copied.trimEnd().split('\n');
  expect(lines).toHaveLength(4);
  expect(lines[0]).toMatch(/^virtual \(first-last\)/);
  expect(lines[1]).toMatch(/^ffffffff80000000-ffffffff80002fff .* r-x +kernel .*\.text/);
  expect(lines[3]).toBe(`… 2 matching runs (of ${all})`);

  // A row translates its first address.
  await virt.fill('');
  await table.getByRole('row').filter({ hasText: '.rodata' }).click();
  const address = page.getByRole('textbox', { name: 'Virtual address' });
  await expect(address).toHaveValue('0xffffffff80003000');
  await expect(page.getByTestId('translation-result')).toContainText('physical');

  // The QEMU tabs copy their text as printed; the filters stay for the return.
  await panel.getByRole('combobox', { name: 'Privilege' }).selectOption('kernel');
  await panel.getByRole('tab', { name: 'info mem' }).click();
  await panel.getByRole('button', { name: 'Copy as text' }).click();
  await expect(panel.getByRole('status')).toHaveText('Copied the info mem text.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain(
    'ffffffff80000000-ffffffff80004000 0000000000004000 -r-',
  );

  await panel.getByRole('tab', { name: 'ranges' }).click();
  await expect(panel.getByRole('combobox', { name: 'Privilege' })).toHaveValue('kernel');
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

test('thousands of runs and tree rows: only the rows in view are rendered', async ({
  page,
}, testInfo) => {
  const errors = watchErrors(page);
  await openDemo(page);
  await openKernel(page, 'many-runs.elf', manyRunsKernel());
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('run-state')).toHaveText('paused');

  // The ranges table: capped by the engine, and said so; a window of rows in the page.
  const panel = page.getByRole('region', { name: 'Ranges' });
  await panel.getByRole('tab', { name: 'ranges' }).click();
  const count = panel.getByTestId('ranges-count');
  await expect(count).toHaveText('showing 2,000 of 2,048 runs');
  const rows = panel.getByRole('table', { name: 'pagescope ranges' }).getByRole('row');
  expect(await rows.count()).toBeLessThan(200);
  await panel.locator('.panel-body').evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(rows.filter({ hasText: '00000000007cf000-00000000007cffff' })).toBeVisible();
  expect(await rows.count()).toBeLessThan(200);

  // A filter reaches past the cap: the engine filters every run, then caps.
  const phys = panel.getByRole('textbox', { name: 'Physical range' });
  await phys.fill('0x7f8000-0x7fa000');
  await expect(count).toHaveText('2 matching runs (of 2,048)');
  await expect(rows.filter({ hasText: '00000000007f8000-00000000007f8fff' })).toContainText('rwx');
  await expect(rows.filter({ hasText: '00000000007f9000-00000000007f9fff' })).toContainText('r-x');
  // Writable pages are every other one: 1,024 match, the first 2,000 rows hold them all.
  await phys.fill('');
  await panel.getByRole('checkbox', { name: 'writable' }).check();
  await expect(count).toHaveText('1,024 matching runs (of 2,048)');
  await panel.getByRole('checkbox', { name: 'writable' }).uncheck();
  await expect(count).toHaveText('showing 2,000 of 2,048 runs');

  // The tree: a PT shown in full is 1024 rows; those in view are rendered as it scrolls.
  const tree = page.getByRole('tree', { name: 'Page-table tree' });
  const body = page.locator('[data-panel="tree"] .panel-body');
  // Rows: CR3, PD[0], its PT's first 64 entries, then (row 66) "show all", not rendered yet.
  await expect(tree.getByRole('button', { name: /more entries: show all/ })).toHaveCount(0);
  await body.evaluate((el) => (el.scrollTop = 66 * 21 - 40));
  await tree
    .getByRole('button', { name: /more entries: show all/ })
    .first()
    .click();
  await expect(tree).toHaveAttribute('data-rows', /^1\d{3}$/);
  expect(await tree.getByRole('treeitem').count()).toBeLessThan(200);
  await body.evaluate((el) => (el.scrollTop = 1025 * 21 - 40));
  await expect(tree.getByRole('button', { name: /^PT\[1023\]/ })).toBeVisible();
  expect(await tree.getByRole('treeitem').count()).toBeLessThan(200);
  await page.screenshot({ path: testInfo.outputPath('many-runs.png') });
  expect(errors).toEqual([]);
});
