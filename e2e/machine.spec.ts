import { expect, test } from '@playwright/test';
import { mediaEchoKernel } from '../src/session/media-echo-guest.ts';
import { inputFile, openDemo, openKernel, otherUser, shareLink, watchErrors } from './helpers.ts';

test('the machine menu boots the kernel again with other RAM and a command line', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await openDemo(page);
  await expect(page.getByTestId('kernel-title')).toContainText('RAM 256 MiB');
  await page.getByText('Machine ▾').click();
  const form = page.getByRole('form', { name: 'Machine' });
  await form.getByLabel('RAM').selectOption({ label: '64 MiB' });
  await form.getByLabel('Command line', { exact: true }).fill('quiet');
  await form.getByRole('button', { name: 'Boot with these' }).click();
  await expect(page.getByTestId('kernel-title')).toContainText('RAM 64 MiB');
  // Reset boots the same machine again.
  await page.getByRole('button', { name: /Reset/ }).click();
  await expect(page.getByTestId('kernel-title')).toContainText('RAM 64 MiB');
  expect(errors).toEqual([]);
});

function sector(text: string): Uint8Array {
  const bytes = new Uint8Array(512);
  bytes.set(new TextEncoder().encode(text));
  return bytes;
}

/** What the media-echo kernel prints given the module and the two disks picked below. */
const ECHOED = 'initrd.txt root=/dev/ram0=initrd bytes\nmaster sector\nslave sector\n';

test('modules and disks picked in the machine menu reach the kernel, stay on reset and travel in a shared link', async ({
  page,
  browser,
}) => {
  const errors = watchErrors(page);
  await openDemo(page);
  await openKernel(page, 'media-echo.elf', mediaEchoKernel());
  await expect(page.getByTestId('run-state')).toHaveText('ended');
  // Without modules or disks the kernel has nothing to print.
  await expect(page.getByTestId('serial-text')).toHaveText('');

  await page.getByTestId('machine-summary').click();
  const form = page.getByRole('form', { name: 'Machine' });
  // A file that is no disk image is refused, saying why.
  await form
    .getByTestId('machine-disk-input')
    .setInputFiles(inputFile('notes.txt', new Uint8Array(700)));
  await expect(form.getByRole('alert')).toContainText(
    'notes.txt is 700 bytes, not a whole number of 512-byte sectors',
  );
  await expect(form.getByRole('group', { name: 'Master disk' })).toContainText('none');

  await form
    .getByTestId('machine-module-input')
    .setInputFiles(inputFile('initrd.txt', new TextEncoder().encode('initrd bytes')));
  await form.getByLabel('Command line of initrd.txt').fill('root=/dev/ram0');
  await form
    .getByTestId('machine-disk-input')
    .setInputFiles(inputFile('hda.img', sector('master sector\n')));
  await form
    .getByTestId('machine-disk-slave-input')
    .setInputFiles(inputFile('hdb.img', sector('slave sector\n')));
  for (const [slot, name] of [
    ['Master disk', 'hda.img'],
    ['Slave disk', 'hdb.img'],
  ]) {
    await expect(form.getByRole('group', { name: slot })).toContainText(name);
    await expect(form.getByRole('group', { name: slot })).toContainText('512 bytes');
  }
  await expect(form.getByRole('alert')).toHaveCount(0);
  await form.getByRole('button', { name: 'Boot with these' }).click();

  // The machine boots paused at the entry; run it and the kernel prints what it was given.
  const summary = page.getByTestId('machine-summary');
  await expect(summary).toContainText('1 module · 2 disks');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByTestId('run-state')).toHaveText('ended');
  await expect(page.getByTestId('serial-text')).toHaveText(ECHOED);

  // Reset boots the same machine, files included.
  await page.getByRole('button', { name: /Reset/ }).click();
  await expect(page.getByTestId('run-state')).toHaveText('paused');
  await expect(summary).toContainText('1 module · 2 disks');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByTestId('run-state')).toHaveText('ended');
  await expect(page.getByTestId('serial-text')).toHaveText(ECHOED);

  // A colleague opening the shared link sees the same machine and the same output.
  const url = await shareLink(page);
  const { page: viewer, errors: viewerErrors, close } = await otherUser(browser);
  await viewer.goto(url);
  await expect(viewer.getByTestId('kernel-title')).toContainText('media-echo.elf');
  await expect(viewer.getByTestId('machine-summary')).toContainText('1 module · 2 disks');
  await expect(viewer.getByTestId('run-state')).toHaveText('ended');
  await expect(viewer.getByTestId('serial-text')).toHaveText(ECHOED);
  expect(errors).toEqual([]);
  expect(viewerErrors).toEqual([]);
  await close();
});
