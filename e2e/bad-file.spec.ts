import { expect, test } from '@playwright/test';
import { openDemo, watchErrors } from './helpers.ts';

test('a bad file shows the boot error in words and the app stays usable', async ({
  page,
}, testInfo) => {
  const errors = watchErrors(page);
  await openDemo(page);

  await page.getByTestId('file-input').setInputFiles({
    name: 'notes.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('this is not a kernel'),
  });
  const error = page.getByTestId('boot-error');
  await expect(error).toContainText('Could not boot notes.txt');
  await expect(error).toContainText('The file is not an ELF image, an ISO or a Multiboot kernel');
  await expect(error).toContainText('BOOT_NOT_ELF');
  await expect(error).toContainText('(demo-limine.elf) is still loaded');
  await page.screenshot({ path: testInfo.outputPath('boot-error.png') });

  // A dropped file goes the same way: an empty one is its own error.
  await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.items.add(new File([], 'empty.elf'));
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, cancelable: true }));
  });
  await expect(error).toContainText('Could not boot empty.elf');
  await expect(error).toContainText('BOOT_EMPTY');

  // Still usable: the previous machine answers, and another kernel boots.
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await expect(error).toHaveCount(0);
  await page.getByRole('button', { name: 'Boot pitfall-bad-cr3.elf' }).click();
  await expect(page.getByTestId('stop-banner')).toContainText('Triple fault');
  await expect(page.getByTestId('kernel-title')).toContainText('pitfall-bad-cr3.elf');
  expect(errors).toEqual([]);
});
