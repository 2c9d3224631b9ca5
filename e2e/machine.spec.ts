import { expect, test } from '@playwright/test';
import { openDemo, watchErrors } from './helpers.ts';

test('the machine menu boots the kernel again with other RAM and a command line', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await openDemo(page);
  await expect(page.getByTestId('kernel-title')).toContainText('RAM 256 MiB');
  await page.getByText('Machine ▾').click();
  const form = page.getByRole('form', { name: 'Machine' });
  await form.getByLabel('RAM').selectOption({ label: '64 MiB' });
  await form.getByLabel('Command line').fill('quiet');
  await form.getByRole('button', { name: 'Boot again on this machine' }).click();
  await expect(page.getByTestId('kernel-title')).toContainText('RAM 64 MiB');
  // Reset boots the same machine again.
  await page.getByRole('button', { name: /Reset/ }).click();
  await expect(page.getByTestId('kernel-title')).toContainText('RAM 64 MiB');
  expect(errors).toEqual([]);
});
