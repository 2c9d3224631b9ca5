import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import {
  tableWriteKernel,
  TEST_PD,
  TEST_PT_A,
  TEST_PT_B,
} from '../src/engine/table-write-test-kernel.ts';
import { openDemo, openKernel, watchErrors } from './helpers.ts';

async function resetDemo(page: Page): Promise<void> {
  await openDemo(page);
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(page.getByTestId('run-state')).toHaveText('paused');
  await expect(page.getByTestId('retired')).toHaveText('0');
}

test('run to the next CR3 write stops right after it, with the write in the history', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await resetDemo(page);
  const history = page.getByRole('table', { name: 'CR3 history' });
  await expect(history.getByTestId('cr3-write')).toHaveCount(1);
  await page.getByText('Run to ▾').click();
  await page.getByRole('button', { name: 'next CR3 write' }).click();
  await expect(page.getByTestId('run-state')).toHaveText('paused');
  await expect(page.getByTestId('pause-reason')).toContainText('Stopped after the CR3 write');
  await expect(page.getByTestId('pause-reason')).toContainText('-> 0x100000');
  const write = history.getByTestId('cr3-write').nth(1);
  await expect(write).toContainText('0x100000');
  await expect(write).toContainText('kspace_switch+');
  await expect(page.getByTestId('cr3-value')).toHaveText('0x0000000000100000');
  // Run changed registers: they are highlighted.
  await expect(page.getByTestId('registers').locator('mark.changed').first()).toBeVisible();
  // A write's time in the history goes there: the boot loader's CR3, then back to the write.
  await history.getByRole('button', { name: 'boot' }).click();
  await expect(page.getByTestId('retired')).toHaveText('0');
  await expect(page.getByTestId('cr3-value')).not.toHaveText('0x0000000000100000');
  await write.getByRole('button').first().click();
  await expect(page.getByTestId('cr3-value')).toHaveText('0x0000000000100000');
  await expect(page.getByTestId('info-mem')).toContainText('ffffffff80000000-ffffffff80004000');
  expect(errors).toEqual([]);
});

test('an address breakpoint stops at that RIP, before the instruction', async ({ page }) => {
  const errors = watchErrors(page);
  await resetDemo(page);
  await page.getByText(/^Breakpoints \(\d+\)/).click();
  await page.getByRole('textbox', { name: 'Breakpoint address or vector' }).fill('qemu_exit');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  const bp = page.getByTestId('breakpoint');
  await expect(bp).toContainText(/RIP = 0xffffffff8[0-9a-f]+ \(qemu_exit\)/);
  const rip = (await bp.textContent())!.match(/0x[0-9a-f]{16}/)![0];
  await page.getByRole('button', { name: '▶ Run' }).click();
  await expect(page.getByTestId('run-state')).toHaveText('paused');
  await expect(page.getByTestId('progress')).toContainText(`RIP ${rip} qemu_exit`);
  await expect(page.getByTestId('pause-reason')).toContainText(`before the instruction at ${rip}`);
  await expect(bp).toContainText('1×');
  // Switched off, the run goes on to the end.
  await bp.getByRole('checkbox').uncheck();
  await page.getByRole('button', { name: '▶ Run' }).click();
  await expect(page.getByTestId('run-state')).toHaveText('ended');
  expect(errors).toEqual([]);
});

test('keys run, step and reset, but not while typing in a field', async ({ page }) => {
  const errors = watchErrors(page);
  await resetDemo(page);
  const retired = page.getByTestId('retired');
  await page.keyboard.press('F10');
  await expect(retired).toHaveText('1');
  await expect(
    page.getByTestId('registers').locator('mark.changed', { hasText: /^RIP=/ }),
  ).toHaveCount(1);
  await page.keyboard.press('s');
  await expect(retired).toHaveText('2');
  // Typing an address with an s in it steps nothing.
  const address = page.getByRole('textbox', { name: 'Virtual address' });
  await address.fill('');
  await address.pressSequentially('kspace_switch');
  await address.press('Space');
  await expect(retired).toHaveText('2');
  await address.blur();
  await page.keyboard.press('F5');
  await expect(page.getByTestId('run-state')).toHaveText('ended');
  await page.keyboard.press('Shift+R');
  await expect(retired).toHaveText('0');
  expect(errors).toEqual([]);
});

test('a page-table write breakpoint stops at writes into tables no walk has read', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await openDemo(page);
  await openKernel(page, 'table-write.elf', tableWriteKernel());
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.getByText(/^Breakpoints \(\d+\)/).click();
  await page.getByRole('combobox', { name: 'Breakpoint kind' }).selectOption('table-write');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByTestId('breakpoint')).toContainText('a write to a page table');
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(page.getByTestId('retired')).toHaveText('0');
  // The table linked before paging, the directory entry linking another, and that table.
  for (const entry of [TEST_PT_A, TEST_PD + 8, TEST_PT_B + 4]) {
    await page.getByRole('button', { name: '▶ Run' }).click();
    await expect(page.getByTestId('pause-reason')).toContainText(
      `entry at physical 0x${entry.toString(16)}`,
    );
    await expect(page.getByTestId('run-state')).toHaveText('paused');
  }
  expect(errors).toEqual([]);
});
