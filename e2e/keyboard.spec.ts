import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { keyboardEchoKernelFile } from '../src/boot/test-helpers/keyboard-echo-kernel.ts';
import { openDemo, openKernel, watchErrors } from './helpers.ts';

test('keys typed on the focused screen reach the guest keyboard, not the run shortcuts', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await openDemo(page);
  await openKernel(page, 'keys.elf', readFileSync(keyboardEchoKernelFile()));
  const screen = page.getByRole('region', { name: 'Screen' });
  await expect(screen.getByTestId('screen-text')).toContainText('keyboard echo');
  await screen.getByTestId('screen-canvas').click();
  // 's' and space are step and run/pause elsewhere: on the screen they are the guest's keys.
  await page.keyboard.type('s 4');
  await expect(screen.getByTestId('screen-text')).toContainText('> s 4');
  await expect(page.getByTestId('run-state')).toHaveText('running');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('run-state')).toHaveText('ended');
  expect(errors).toEqual([]);
});
