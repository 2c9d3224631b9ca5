import { expect, test } from '@playwright/test';
import { openDemo, openKernel, spinningKernel, watchErrors } from './helpers.ts';

test('reset then step: the registers the step changed are highlighted', async ({
  page,
}, testInfo) => {
  const errors = watchErrors(page);
  await openDemo(page);
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(page.getByTestId('run-state')).toHaveText('paused');
  await expect(page.getByTestId('retired')).toHaveText('0');
  const registers = page.getByTestId('registers');
  const before = await registers.textContent();

  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect(page.getByTestId('retired')).toHaveText('1');
  await expect(registers.locator('mark.changed').first()).toBeVisible();
  await expect(registers.locator('mark.changed', { hasText: /^RIP=/ })).toHaveCount(1);
  expect(await registers.textContent()).not.toBe(before);

  await page.getByRole('spinbutton', { name: 'Instructions to step' }).fill('1000');
  await page.getByRole('button', { name: 'Step N' }).click();
  await expect(page.getByTestId('retired')).toHaveText('1,001');

  await page.screenshot({ path: testInfo.outputPath('after-step.png') });
  expect(errors).toEqual([]);
});

test('run and pause a kernel that never ends, with progress while it runs', async ({ page }) => {
  const errors = watchErrors(page);
  await openDemo(page);
  await openKernel(page, 'spin.elf', spinningKernel());
  await expect(page.getByTestId('run-state')).toHaveText('running');
  await expect(page.getByTestId('mips')).toHaveText(/\d MIPS/);
  const retired = page.getByTestId('retired');
  const first = await retired.textContent();
  await expect(retired).not.toHaveText(first!);

  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('run-state')).toHaveText('paused');
  const paused = await retired.textContent();
  await page.waitForTimeout(300);
  await expect(retired).toHaveText(paused!);

  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByTestId('run-state')).toHaveText('running');
  await expect(retired).not.toHaveText(paused!);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('run-state')).toHaveText('paused');
  expect(errors).toEqual([]);
});
