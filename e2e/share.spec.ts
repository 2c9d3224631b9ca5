import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { serialEchoKernel } from '../src/session/serial-echo-guest.ts';
import { openDemo, openKernel, otherUser, shareLink, watchErrors } from './helpers.ts';

/** The instruction count (guest time) the timeline says the machine is at. */
const at = (page: Page, n: number) =>
  expect(page.getByTestId('timeline-position')).toHaveText(
    new RegExp(`^${n.toLocaleString('en-US')} /`),
  );

/** Steps `n` instructions of guest time (a step counts idle time in hlt too). */
async function stepBy(page: Page, n: number): Promise<void> {
  await page.getByRole('spinbutton', { name: 'Instructions to step' }).fill(String(n));
  await page.getByRole('button', { name: 'Step N' }).click();
}

/** Boots the demo again paused at its entry and steps to instruction `n`. */
async function stepFromEntry(page: Page, n: number): Promise<void> {
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(page.getByTestId('retired')).toHaveText('0');
  await stepBy(page, n);
  await at(page, n);
}

test('a shared link opens the same machine at the same instruction with the same view', async ({
  browser,
}) => {
  const sharer = await browser.newPage();
  const errors = watchErrors(sharer);
  await openDemo(sharer);
  await stepFromEntry(sharer, 456_789);
  await sharer.getByRole('textbox', { name: 'Virtual address' }).fill('0xffffffff80000000');
  await sharer.getByRole('textbox', { name: 'Virtual address' }).press('Enter');
  const result = sharer.getByTestId('translation-result');
  await expect(result).toContainText('0xffffffff80000000');
  const translation = await result.textContent();
  const registers = await sharer.getByTestId('registers').textContent();
  const retired = await sharer.getByTestId('retired').textContent();

  const url = await shareLink(sharer);
  expect(url).toMatch(/#ps2\./);

  // Another browser context: nothing shared with the first but the link.
  const { page: viewer, errors: viewerErrors, close } = await otherUser(browser);
  await viewer.setViewportSize({ width: 1440, height: 900 });
  await viewer.goto(url);
  await at(viewer, 456_789);
  await expect(viewer.getByTestId('retired')).toHaveText(retired!);
  await expect(viewer.getByTestId('run-state')).toHaveText(/^paused/);
  await expect(viewer.getByTestId('registers')).toHaveText(registers!);
  await expect(viewer.getByRole('textbox', { name: 'Virtual address' })).toHaveValue(
    '0xffffffff80000000',
  );
  await expect(viewer.getByTestId('translation-result')).toHaveText(translation!);
  expect(errors).toEqual([]);
  expect(viewerErrors).toEqual([]);
  await close();
});

/** Hides or shows the panel titled `title` from the toolbar's panel menu. */
async function togglePanel(page: Page, title: string): Promise<void> {
  await page.getByRole('button', { name: /Panels/ }).click();
  await page.getByRole('menuitemcheckbox', { name: title }).click();
  await page.keyboard.press('Escape');
}

/** Loads the page anew on `url`: only a fresh load opens the link its address carries. */
async function load(page: Page, url: string): Promise<void> {
  await page.goto('about:blank');
  await page.goto(url);
  await expect(page.getByTestId('kernel-title')).toContainText('demo-limine.elf');
}

/** Expects the panel slots shown and hidden. */
async function panels(page: Page, shown: string[], hidden: string[]): Promise<void> {
  for (const id of shown) await expect(page.locator(`[data-slot="${id}"]`)).toHaveCount(1);
  for (const id of hidden) await expect(page.locator(`[data-slot="${id}"]`)).toHaveCount(0);
}

test("a link shows the sharer's layout for that page load; the viewer's own stays saved", async ({
  browser,
}) => {
  const sharer = await browser.newPage();
  const errors = watchErrors(sharer);
  await openDemo(sharer);
  await togglePanel(sharer, 'Memory');
  await panels(sharer, ['registers'], ['memory']);
  const url = await shareLink(sharer);

  // The viewer has a layout of their own, and a theme.
  const { page: viewer, errors: viewerErrors, close } = await otherUser(browser);
  await openDemo(viewer);
  await togglePanel(viewer, 'Registers');
  // Auto, then Light, then Dark: not what the system gives the page.
  await viewer.getByRole('button', { name: /Auto$/ }).click();
  await viewer.getByRole('button', { name: /Light$/ }).click();
  await expect(viewer.locator('html')).toHaveAttribute('data-theme', 'dark');
  await panels(viewer, ['memory'], ['registers']);

  await load(viewer, url);
  const notice = viewer.getByTestId('shared-layout-notice');
  await expect(notice).toContainText('Showing the layout from the link');
  await panels(viewer, ['registers'], ['memory']);
  await expect(viewer.locator('html')).toHaveAttribute('data-theme', 'dark');

  // Without the link, the viewer's own layout.
  await load(viewer, '/');
  await panels(viewer, ['memory'], ['registers']);
  await expect(viewer.getByTestId('shared-layout-notice')).toHaveCount(0);

  // "Use my layout" goes back to it at once; "Keep this layout" makes the link's theirs.
  await load(viewer, url);
  await panels(viewer, ['registers'], ['memory']);
  await notice.getByRole('button', { name: 'Use my layout' }).click();
  await panels(viewer, ['memory'], ['registers']);
  await expect(notice).toHaveCount(0);
  await load(viewer, url);
  await panels(viewer, ['registers'], ['memory']);
  await notice.getByRole('button', { name: 'Keep this layout' }).click();
  await expect(notice).toHaveCount(0);
  await load(viewer, '/');
  await panels(viewer, ['registers'], ['memory']);
  expect(errors).toEqual([]);
  expect(viewerErrors).toEqual([]);
  await close();
});

test('a damaged link and a link of an unknown format say why; the demo still runs', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await page.goto('/#ps1.AAAA-not-a-session');
  await expect(page.getByTestId('share-open-error')).toContainText(/SHARE_/);
  await expect(page.getByTestId('kernel-title')).toContainText('demo-limine.elf');
  await expect(page.getByTestId('run-state')).toHaveText('ended');

  await page.goto('/#ps9.AAAA');
  await page.reload();
  await expect(page.getByTestId('share-open-error')).toContainText('SHARE_UNKNOWN_VERSION');
  await expect(page.getByTestId('share-open-error')).toContainText('format');
  await expect(page.getByTestId('kernel-title')).toContainText('demo-limine.elf');
  expect(errors).toEqual([]);
});

test('time travel: seeking back and forward gives the same registers; step back', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await openDemo(page);
  await stepFromEntry(page, 300_000);
  const registers = page.getByTestId('registers');
  const at300k = await registers.textContent();
  await stepBy(page, 600_000);
  await at(page, 900_000);
  const at900k = await registers.textContent();

  // Click on the track a little before instruction 300,000 (a third of the run).
  const track = page.getByTestId('timeline-track');
  const box = (await track.boundingBox())!;
  await track.click({ position: { x: box.width / 3 - 5, y: box.height / 2 } });
  const position = page.getByTestId('timeline-position');
  await expect(position).not.toHaveText(/^900,000/);
  await expect(page.getByTestId('run-state')).toHaveText('paused');
  const landed = Number((await position.textContent())!.split('/')[0].replace(/,/g, ''));
  expect(landed).toBeLessThan(300_000);
  expect(landed).toBeGreaterThan(280_000);

  // Forward from there to exactly 300,000 and 900,000: the registers a straight run had.
  await stepBy(page, 300_000 - landed);
  await at(page, 300_000);
  await expect(registers).toHaveText(at300k!);
  await stepBy(page, 600_000);
  await at(page, 900_000);
  await expect(registers).toHaveText(at900k!);

  await page.getByRole('button', { name: 'Step back' }).click();
  await at(page, 899_999);
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await at(page, 900_000);
  await expect(registers).toHaveText(at900k!);

  await page.getByRole('button', { name: '« CR3 write' }).click();
  await expect(page.getByTestId('run-state')).toHaveText('paused');
  await expect(page.getByTestId('timeline-position')).not.toHaveText(/^900,000/);
  expect(errors).toEqual([]);
});

test('typing in the serial console reaches the guest, and a shared link replays it', async ({
  browser,
}) => {
  const page = await browser.newPage();
  const errors = watchErrors(page);
  await openDemo(page);
  await openKernel(page, 'echo.elf', serialEchoKernel());
  await page.getByTestId('serial').click();
  await page.keyboard.type('hi');
  await expect(page.getByTestId('serial-text')).toHaveText('hi');
  // Ctrl+J is a line feed: the guest echoes it and exits.
  await page.keyboard.press('Control+J');
  await expect(page.getByTestId('run-state')).toHaveText('ended');
  const position = await page.getByTestId('timeline-position').textContent();

  const url = await shareLink(page);
  const { page: viewer, errors: viewerErrors, close } = await otherUser(browser);
  await viewer.goto(url);
  await expect(viewer.getByTestId('kernel-title')).toContainText('echo.elf');
  await expect(viewer.getByTestId('run-state')).toHaveText('ended');
  await expect(viewer.getByTestId('serial-text')).toHaveText('hi\n');
  await expect(viewer.getByTestId('timeline-position')).toHaveText(position!);
  expect(errors).toEqual([]);
  expect(viewerErrors).toEqual([]);
  await close();
});
