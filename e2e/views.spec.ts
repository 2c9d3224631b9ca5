import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { screenKernel } from '../src/engine/screen-test-kernel.ts';
import { openDemo, openKernel, watchErrors } from './helpers.ts';

/** Boots the kernel that paints its framebuffer and writes "HI" on the text screen. */
async function bootScreenKernel(page: Page): Promise<void> {
  await openKernel(page, 'screen.elf', screenKernel());
}

test('the address-space map shows the ranges and a click translates one', async ({
  page,
}, testInfo) => {
  const errors = watchErrors(page);
  await openDemo(page);
  const map = page.getByRole('region', { name: 'Address space' });
  const strip = map.getByLabel('Mapped ranges');
  await expect(strip).toHaveAttribute('data-ranges', /^[1-9]/);
  await map.screenshot({ path: testInfo.outputPath('address-map-fitted.png') });
  await map.getByRole('button', { name: 'Top 2 GiB' }).click();
  // The first painted pixel column of the strip: the kernel's image at 0xffffffff80000000
  // (all its ranges share that pixel at this zoom).
  const x = await strip.evaluate((c: HTMLCanvasElement) => {
    const g = c.getContext('2d')!;
    const row = g.getImageData(0, c.height / 2, c.width, 1).data;
    for (let p = 0; p < c.width; p++) if (row[p * 4 + 3] > 0) return p;
    return -1;
  });
  expect(x).toBeGreaterThanOrEqual(0);
  await strip.hover({ position: { x: x + 1, y: 10 } });
  await expect(map.getByTestId('map-hover')).toContainText(/^0xffffffff8000[0-9a-f]{4}-0x/);
  const hovered = (await map.getByTestId('map-hover').textContent())!;
  const [, start, physical] = /^(0x[0-9a-f]+)-.* physical (0x[0-9a-f]+)/.exec(hovered)!;
  // The click translates the range's first page: the map and the walk agree on where it lands.
  await strip.click({ position: { x: x + 1, y: 10 } });
  await expect(page.getByRole('textbox', { name: 'Virtual address' })).toHaveValue(start);
  await expect(page.getByTestId('translation-result')).toContainText(`physical ${physical}`);
  // The wheel zooms in around the pointer: the axis shows a narrower span.
  const ticks = map.locator('.map-tick');
  const before = await ticks.allTextContents();
  await strip.hover({ position: { x: x + 1, y: 10 } });
  await page.mouse.wheel(0, -600);
  await expect.poll(() => ticks.allTextContents()).not.toEqual(before);
  await map.screenshot({ path: testInfo.outputPath('address-map.png') });
  expect(errors).toEqual([]);
});

test('the disassembly shows the instruction at RIP and the memory view the bytes at an address', async ({
  page,
}, testInfo) => {
  const errors = watchErrors(page);
  await openDemo(page);
  const dis = page.getByRole('region', { name: 'Disassembly' });
  const current = dis.locator('tr[aria-current="true"]');
  await expect(current).toHaveCount(1);
  const rip = (await dis.locator('.note').textContent())!.match(/RIP 0x([0-9a-f]+)/)![1];
  await expect(current).toContainText(rip);
  // At a symbol: kmain's first instruction, as objdump prints it.
  await dis.getByRole('textbox', { name: 'Disassemble at' }).fill('kmain');
  await dis.getByRole('button', { name: 'Go' }).click();
  await expect(dis.getByRole('table', { name: 'Instructions' })).toContainText('<kmain>:');
  await expect(dis.getByRole('table', { name: 'Instructions' })).toContainText('sub rsp,0x18');
  await dis.screenshot({ path: testInfo.outputPath('disassembly.png') });

  const mem = page.getByRole('region', { name: 'Memory' });
  await mem.getByRole('textbox', { name: 'Memory address' }).fill('0xffffffff80000000');
  await mem.getByRole('button', { name: 'Show' }).click();
  const grid = mem.getByRole('grid', { name: 'Memory bytes' });
  await expect(grid).toContainText('8b 05 fa 4f 00 00');
  // A symbol works too: kmain starts with sub rsp,0x18 (48 83 ec 18).
  await mem.getByRole('textbox', { name: 'Memory address' }).fill('kmain');
  await mem.getByRole('button', { name: 'Show' }).click();
  await expect(grid).toContainText('ffffffff80000070');
  await expect(grid).toContainText('48 83 ec 18');
  // The stack's guard page does not translate: the view says why.
  await mem.getByRole('textbox', { name: 'Memory address' }).fill('0xffffffff8000a000');
  await mem.getByRole('button', { name: 'Show' }).click();
  await expect(grid).toContainText('not shown');
  await expect(grid).toContainText('not present');
  // An address in the view translates on click.
  await grid.getByRole('button', { name: 'ffffffff8000a000' }).click();
  await expect(page.getByRole('textbox', { name: 'Virtual address' })).toHaveValue(
    '0xffffffff8000a000',
  );
  await mem.screenshot({ path: testInfo.outputPath('memory.png') });
  // From the translation panel to the disassembly: an unmapped page says why, not bytes.
  await page
    .getByRole('region', { name: 'Translation' })
    .getByRole('button', { name: 'Disassemble' })
    .click();
  await expect(dis.getByRole('textbox', { name: 'Disassemble at' })).toHaveValue(
    '0xffffffff8000a000',
  );
  await expect(dis.getByRole('table', { name: 'Instructions' })).toContainText('not present');
  expect(errors).toEqual([]);
});

test('the screen draws the framebuffer and the VGA text a kernel writes', async ({
  page,
}, testInfo) => {
  const errors = watchErrors(page);
  await openDemo(page);
  await bootScreenKernel(page);
  const screen = page.getByRole('region', { name: 'Screen' });
  const canvas = screen.getByTestId('screen-canvas');
  await expect(canvas).toHaveAttribute('data-source', 'framebuffer');
  // The first rows are painted orange (0xff8800); the rows below stay black.
  await expect
    .poll(() =>
      canvas.evaluate((c: HTMLCanvasElement) => {
        const g = c.getContext('2d')!;
        return [...g.getImageData(10, 10, 1, 1).data, ...g.getImageData(10, 400, 1, 1).data];
      }),
    )
    .toEqual([0xff, 0x88, 0x00, 0xff, 0, 0, 0, 0xff]);
  await screen.screenshot({ path: testInfo.outputPath('screen-framebuffer.png') });
  await screen.getByRole('tab', { name: 'VGA text' }).click();
  await expect(canvas).toHaveAttribute('data-source', 'text');
  await expect(screen.getByTestId('screen-text')).toContainText('HI');
  await screen.screenshot({ path: testInfo.outputPath('screen-text.png') });
  expect(errors).toEqual([]);
});

test('a hidden panel stays hidden after a reload and comes back from the panel menu', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await openDemo(page);
  const memory = page.getByRole('region', { name: 'Memory' });
  await expect(memory).toBeVisible();
  await page.getByRole('button', { name: /Panels/ }).click();
  await page.getByRole('menuitemcheckbox', { name: 'Memory' }).click();
  await expect(memory).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Panels/ })).toContainText('1 hidden');

  await page.reload();
  await expect(page.getByTestId('kernel-title')).toContainText('demo-limine.elf');
  await expect(page.getByRole('region', { name: 'Registers' })).toBeVisible();
  await expect(memory).toHaveCount(0);

  await page.getByRole('button', { name: /Panels/ }).click();
  await page.getByRole('menuitemcheckbox', { name: 'Memory' }).click();
  await expect(memory).toBeVisible();
  await page.reload();
  await expect(page.getByRole('region', { name: 'Memory' })).toBeVisible();
  expect(errors).toEqual([]);
});

test('a column gutter resizes the columns and the sizes persist', async ({ page }) => {
  const errors = watchErrors(page);
  await openDemo(page);
  const left = page.locator('[data-column="left"]');
  const before = (await left.boundingBox())!.width;
  const gutter = page.getByRole('separator', { name: 'Resize the columns' }).first();
  const g = (await gutter.boundingBox())!;
  await page.mouse.move(g.x + g.width / 2, g.y + 100);
  await page.mouse.down();
  await page.mouse.move(g.x + g.width / 2 + 120, g.y + 100, { steps: 5 });
  await page.mouse.up();
  const after = (await left.boundingBox())!.width;
  expect(after).toBeGreaterThan(before + 80);
  await page.reload();
  await expect(page.getByTestId('kernel-title')).toContainText('demo-limine.elf');
  expect(Math.abs((await left.boundingBox())!.width - after)).toBeLessThan(4);
  expect(errors).toEqual([]);
});

test('the theme toggle switches light and dark and is remembered', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  await page.emulateMedia({ colorScheme: 'dark' });
  await openDemo(page);
  const root = page.locator('html');
  await expect(root).toHaveAttribute('data-theme', 'dark');
  const toggle = page.locator('.theme-toggle');
  await toggle.click(); // Auto -> Light
  await expect(root).toHaveAttribute('data-theme', 'light');
  const bg = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  expect(bg).toBe('rgb(238, 241, 245)');
  await page.screenshot({ path: testInfo.outputPath('light-theme.png') });
  await page.reload();
  await expect(page.getByTestId('kernel-title')).toContainText('demo-limine.elf');
  await expect(root).toHaveAttribute('data-theme', 'light');
  await toggle.click(); // Light -> Dark
  await expect(root).toHaveAttribute('data-theme', 'dark');
  await toggle.click(); // Dark -> Auto: the system's preference again
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(root).toHaveAttribute('data-theme', 'light');
  expect(errors).toEqual([]);
});

test('a kernel opened from a file is listed after a reload and boots from there', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await openDemo(page);
  await bootScreenKernel(page);
  const recent = page.getByRole('region', { name: 'Recent kernels' });
  // Listed once it is stored; then a reload finds it there.
  await expect(recent).toContainText('screen.elf');
  await page.reload();
  await expect(page.getByTestId('kernel-title')).toContainText('demo-limine.elf');
  await expect(recent).toContainText('screen.elf');
  await recent.getByRole('button', { name: 'Boot screen.elf again' }).click();
  await expect(page.getByTestId('kernel-title')).toContainText('screen.elf');
  expect(errors).toEqual([]);
});
