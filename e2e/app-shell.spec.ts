import { expect, test } from '@playwright/test';

test('the built app loads cross-origin isolated and logs no console error', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(err.message));

  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'pagescope' })).toBeVisible();
  await expect(page.getByTestId('isolation')).toHaveText(/^Cross-origin isolated/);
  expect(errors).toEqual([]);
});
