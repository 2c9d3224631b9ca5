import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { openDemo, openKernel, watchErrors } from './helpers.ts';

test('descriptor tables: entries with mapped marks, a handler opens in the translation', async ({
  page,
}, testInfo) => {
  const errors = watchErrors(page);
  await openDemo(page);
  const panel = page.getByRole('region', { name: 'Descriptor tables' });
  const gdt = panel.getByRole('table', { name: 'GDT' });
  // Inspector views are paced by their cost (use-inspector.ts): allow for a busy machine.
  await expect(gdt.locator('tr', { hasText: 'TSS64-busy' })).toContainText('mapped', {
    timeout: 20_000,
  });

  await panel.getByRole('tab', { name: 'IDT' }).click();
  const pf = panel.getByTestId('idt-gate').filter({ hasText: '#PF' });
  await expect(pf).toContainText('isr_stubs+0x');
  await expect(pf.locator('.mark')).toHaveText('mapped');
  const handler = (await pf.locator('button.address-link').textContent())!;
  await pf.locator('button.address-link').click();
  await expect(page.getByRole('textbox', { name: 'Virtual address' })).toHaveValue(handler);

  await panel.getByRole('tab', { name: 'TSS' }).click();
  await expect(
    panel.getByRole('table', { name: 'TSS' }).locator('tr', { hasText: 'IST1' }),
  ).toContainText('mapped');
  await page.screenshot({ path: testInfo.outputPath('descriptors.png') });

  // After a CR3 switch that unmaps them, the tables say so.
  const name = 'pitfall-gdt-idt-unmapped.elf';
  await openKernel(page, name, readFileSync(join('public/kernels', name)));
  await expect(page.getByTestId('run-state')).toHaveText('ended');
  await panel.getByRole('tab', { name: 'GDT' }).click();
  await expect(panel).toContainText('GDT base 0xffff800000100000 is not mapped');
  expect(errors).toEqual([]);
});
