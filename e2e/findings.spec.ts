import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { openDemo, openKernel, watchErrors } from './helpers.ts';

/** Each pitfall kernel and a detector that names its bug (src/analysis/pitfalls/README.md). */
const PITFALLS: [string, string][] = [
  ['pitfall-bad-cr3.elf', 'cr3-value'],
  ['pitfall-bad-cr3-garbage.elf', 'reserved-bits'],
  ['pitfall-gdt-idt-unmapped.elf', 'cr3-switch'],
  ['pitfall-higher-half-alloc.elf', 'table-address'],
  ['pitfall-misaligned-2m.elf', 'huge-page-alignment'],
  ['pitfall-no-identity-map.elf', 'paging-enable'],
  ['pitfall-nx-without-nxe.elf', 'nx-without-nxe'],
  ['pitfall-stale-tlb.elf', 'stale-tlb'],
  ['pitfall-user-wx.elf', 'user-kernel-pages'],
];

async function upload(page: Page, name: string): Promise<void> {
  await openKernel(page, name, readFileSync(join('public/kernels', name)));
  await expect(page.getByTestId('run-state')).toHaveText('ended');
}

test('the demo shows no finding; each uploaded pitfall kernel shows its own', async ({ page }) => {
  const errors = watchErrors(page);
  await openDemo(page);
  const panel = page.getByRole('region', { name: 'Findings' });
  await expect(page.getByTestId('findings-count')).toHaveText('0 errors, 0 warnings');
  await expect(panel.getByTestId('finding')).toHaveCount(0);
  for (const [kernel, detector] of PITFALLS) {
    await upload(page, kernel);
    await expect(panel.locator(`[data-detector="${detector}"]`).first()).toBeVisible();
  }
  // The healthy guard-page kernel raises nothing.
  await upload(page, 'pitfall-stack-guard.elf');
  await expect(panel.getByTestId('finding')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('a finding links to its address and its CR3', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  await openDemo(page);
  await upload(page, 'pitfall-gdt-idt-unmapped.elf');
  const finding = page
    .getByRole('region', { name: 'Findings' })
    .locator('[data-detector="cr3-switch"]', { hasText: 'unmaps the IDT' });
  await expect(finding).toContainText(/instruction [\d,]+/);
  await expect(finding).toContainText('kspace_switch+');
  await finding.getByRole('button', { name: /unmaps the IDT/ }).click();
  const address = page.getByRole('textbox', { name: 'Virtual address' });
  await expect(address).toHaveValue(/^0xffff8000/);
  await expect(
    page.getByRole('table', { name: 'CR3 history' }).locator('tr.selected'),
  ).toContainText('0x102000');
  // The write's row names the mov and the findings raised there.
  const row = page.getByRole('table', { name: 'CR3 history' }).locator('tr.selected');
  await expect(row).toContainText('kspace_switch+');
  await expect(row.getByRole('button', { name: 'cr3-switch' })).toHaveCount(3);
  await page.screenshot({ path: testInfo.outputPath('findings.png') });
  expect(errors).toEqual([]);
});
