import { expect, test } from '@playwright/test';
import { openDemo, watchErrors } from './helpers.ts';

/**
 * A host that does not send COOP/COEP (a plain static file server): no SharedArrayBuffer,
 * so the page reads guest RAM by asking the worker for copies. Everything must still work.
 */
test('without cross-origin isolation the demo runs and guest RAM is read by copy', async ({
  page,
}, testInfo) => {
  await page.route('**/*', async (route) => {
    const response = await route.fetch();
    const headers = { ...response.headers() };
    delete headers['cross-origin-opener-policy'];
    delete headers['cross-origin-embedder-policy'];
    await route.fulfill({ response, headers });
  });
  const errors = watchErrors(page);
  await openDemo(page);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
  await expect(page.getByTestId('kernel-title')).not.toContainText('(shared)');
  await expect(page.getByTestId('info-mem')).toContainText(
    'ffffffff80000000-ffffffff80004000 0000000000004000 -r-',
  );

  // The bytes at a translated address come from a copy the worker sends.
  await page.getByRole('textbox', { name: 'Virtual address' }).fill('0xffffffff80000000');
  await expect(page.getByTestId('translation-result')).toContainText('physical 0xffcb000');
  await expect(page.getByLabel('Bytes at the physical address')).toContainText('0ffcb000');

  // Reset and step still work, and the registers follow.
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(page.getByTestId('retired')).toHaveText('0');
  const registers = page.getByTestId('registers');
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect(page.getByTestId('retired')).toHaveText('1');
  await expect(registers.locator('mark.changed', { hasText: /^RIP=/ })).toHaveCount(1);

  await page.screenshot({ path: testInfo.outputPath('not-isolated.png') });
  expect(errors).toEqual([]);
});
